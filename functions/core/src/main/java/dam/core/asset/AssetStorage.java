package dam.core.asset;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Port: the originals and derivatives buckets, as far as the domain needs them (uploads go straight to storage). */
public interface AssetStorage {

    /** A PUT URL whose signature covers the content type and length (a different body is refused by storage). */
    URI presignPut(String key, String contentType, long contentLength, Duration ttl);

    /** Starts a multipart upload; returns its upload id. */
    String createMultipart(String key, String contentType);

    URI presignPart(String key, String uploadId, int partNumber, Duration ttl);

    /** Completes a multipart upload from the parts' ETags (in part order). */
    void completeMultipart(String key, String uploadId, List<CompletedPart> parts);

    void abortMultipart(String key, String uploadId);

    /** Removes an original (rejected content is not kept). Missing keys are fine. */
    void deleteOriginal(String key);

    /** Removes derivatives (renditions of a version that did not make it). Missing keys are fine. */
    void deleteDerivatives(List<String> keys);

    record CompletedPart(int number, String etag) {
    }
}
