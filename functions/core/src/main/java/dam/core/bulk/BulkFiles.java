package dam.core.bulk;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;

/**
 * Port: the job's files and the derivatives they are made of (one bucket in AWS: manifests, results and ZIPs under
 * {@code bulk/}, derivatives under {@code downloads/}).
 */
public interface BulkFiles {

    /** A new object written as the stream goes (S3 multipart in AWS: never the whole file in memory); close() stores it. */
    OutputStream create(String key, String contentType);

    InputStream open(String key);

    /** A short-lived GET URL served as an attachment named {@code fileName}. */
    URI presign(String key, String fileName, Duration ttl);
}
