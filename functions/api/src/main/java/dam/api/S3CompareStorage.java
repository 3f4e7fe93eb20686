package dam.api;

import dam.core.review.CompareStorage;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/** {@link CompareStorage} on the derivatives bucket: renditions are read and signed, diff results kept there. */
final class S3CompareStorage implements CompareStorage {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    S3CompareStorage(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    @Override
    public URI presignGet(String key, Duration ttl) {
        try {
            return presigner.presignGetObject(r -> r.signatureDuration(ttl).getObjectRequest(o -> o.bucket(bucket)
                    .key(key))).url().toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("presigned URL for " + key + " is not a URI", e);
        }
    }

    @Override
    public Optional<byte[]> read(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
            return Optional.of(bytes.asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(String key, byte[] bytes, String contentType) {
        s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
    }
}
