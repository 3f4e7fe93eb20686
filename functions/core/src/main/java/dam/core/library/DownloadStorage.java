package dam.core.library;

import java.net.URI;
import java.time.Duration;

/** Port: the buckets as downloads need them: is a derivative cached, and short-lived GET URLs. */
public interface DownloadStorage {

    boolean derivativeExists(String key);

    /** A GET URL for a derivative, served as an attachment named {@code fileName}. */
    URI presignDerivative(String key, String fileName, Duration ttl);

    /** A GET URL for an original. */
    URI presignOriginal(String key, String fileName, Duration ttl);
}
