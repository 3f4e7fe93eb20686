package dam.core.asset;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How the client sends the bytes straight to storage. {@code single}: one PUT to {@code url} with exactly
 * {@code headers} (Content-Type and Content-Length are signed). {@code multipart}: PUT each part (the last may be
 * shorter) to its URL, keep each response's ETag, then POST them to {@code completePath}.
 */
public record UploadPlan(String method, URI url, Map<String, String> headers, String uploadId, Long partSize,
                         List<Part> parts, String completePath, Instant expiresAt) {

    public static final String SINGLE = "single";
    public static final String MULTIPART = "multipart";

    public record Part(int number, URI url) {
    }
}
