package dam.core.brief;

import java.net.URI;
import java.time.Duration;

/** Port: where briefs' supporting documents are uploaded (straight from the browser, never through the API). */
public interface DocumentStorage {

    /** A PUT URL whose signature covers the content type and length (storage refuses any other body). */
    URI presignPut(String key, String contentType, long contentLength, Duration ttl);

    /** For services wired without a bucket: every upload request fails loudly instead of handing out a dead URL. */
    static DocumentStorage unconfigured() {
        return (key, type, length, ttl) -> {
            throw new IllegalStateException("no document bucket configured (ORIGINALS_BUCKET)");
        };
    }
}
