package dam.core.review;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Port: the derivatives store as version comparison needs it (S3 in AWS). */
public interface CompareStorage {

    /** A short-lived GET URL for a derivative (renditions, diff overlays). */
    URI presignGet(String key, Duration ttl);

    /** A derivative's bytes, or empty when there is no such object. */
    Optional<byte[]> read(String key);

    void write(String key, byte[] bytes, String contentType);
}
