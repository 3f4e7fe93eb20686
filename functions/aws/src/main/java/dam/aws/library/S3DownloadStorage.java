package dam.aws.library;

import dam.core.library.DownloadStorage;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * {@link DownloadStorage} on the originals and derivatives buckets: HEAD for the derivative cache, presigned GETs
 * that name the file (Content-Disposition: attachment) for the browser.
 */
public final class S3DownloadStorage implements DownloadStorage {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String originals;
    private final String derivatives;

    public S3DownloadStorage(S3Client s3, S3Presigner presigner, String originals, String derivatives) {
        this.s3 = s3;
        this.presigner = presigner;
        this.originals = originals;
        this.derivatives = derivatives;
    }

    @Override
    public boolean derivativeExists(String key) {
        try {
            s3.headObject(r -> r.bucket(derivatives).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public URI presignDerivative(String key, String fileName, Duration ttl) {
        return presign(derivatives, key, fileName, ttl);
    }

    @Override
    public URI presignOriginal(String key, String fileName, Duration ttl) {
        return presign(originals, key, fileName, ttl);
    }

    private URI presign(String bucket, String key, String fileName, Duration ttl) {
        String safe = fileName == null ? "download" : fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            return presigner.presignGetObject(r -> r.signatureDuration(ttl).getObjectRequest(g -> g.bucket(bucket)
                    .key(key).responseContentDisposition("attachment; filename=\"" + safe + "\""))).url().toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("presigner produced an invalid URL for " + key, e);
        }
    }
}
