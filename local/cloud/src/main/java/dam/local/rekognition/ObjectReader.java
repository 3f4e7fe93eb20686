package dam.local.rekognition;

import java.io.IOException;

/**
 * Reads an image that a request names as {@code S3Object}. LocalCloud adapts {@code S3Provider::getObject}; any
 * failure (missing bucket or key, unreadable store) is answered as {@code InvalidS3ObjectException}, as AWS does.
 */
@FunctionalInterface
public interface ObjectReader {
    byte[] read(String bucket, String key) throws IOException;
}
