package dam.aws;

import dam.core.brief.DocumentStorage;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;

/**
 * Briefs' supporting documents in the originals bucket (under {@code briefs/}, outside the {@code originals/} prefix
 * whose object-created events start asset ingest). The presigned PUT signs Content-Type and Content-Length, so S3
 * refuses a body of another type or size. Path-style when an endpoint override is set (see {@link AwsClients}).
 */
public final class S3DocumentStorage implements DocumentStorage {

    private final S3Presigner presigner;
    private final String bucket;

    public S3DocumentStorage(S3Presigner presigner, String bucket) {
        this.presigner = presigner;
        this.bucket = bucket;
    }

    @Override
    public URI presignPut(String key, String contentType, long contentLength, Duration ttl) {
        URL url = presigner.presignPutObject(r -> r.signatureDuration(ttl).putObjectRequest(o -> o.bucket(bucket)
                .key(key).contentType(contentType).contentLength(contentLength))).url();
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("presigner produced an invalid URL " + url, e);
        }
    }
}
