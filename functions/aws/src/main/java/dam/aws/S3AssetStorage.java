package dam.aws;

import dam.core.asset.AssetStorage;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@link AssetStorage} on the originals and derivatives buckets. Presigned PUTs sign Content-Type and Content-Length
 * (S3 refuses a body of another length or type); multipart parts are presigned one URL per part.
 */
public final class S3AssetStorage implements AssetStorage {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String originals;
    private final String derivatives;

    public S3AssetStorage(S3Client s3, S3Presigner presigner, String originals, String derivatives) {
        this.s3 = s3;
        this.presigner = presigner;
        this.originals = originals;
        this.derivatives = derivatives;
    }

    @Override
    public URI presignPut(String key, String contentType, long contentLength, Duration ttl) {
        return uri(presigner.presignPutObject(r -> r.signatureDuration(ttl).putObjectRequest(o -> o.bucket(originals)
                .key(key).contentType(contentType).contentLength(contentLength))).url());
    }

    @Override
    public String createMultipart(String key, String contentType) {
        return s3.createMultipartUpload(r -> r.bucket(originals).key(key).contentType(contentType)).uploadId();
    }

    @Override
    public URI presignPart(String key, String uploadId, int partNumber, Duration ttl) {
        return uri(presigner.presignUploadPart(r -> r.signatureDuration(ttl).uploadPartRequest(p -> p.bucket(originals)
                .key(key).uploadId(uploadId).partNumber(partNumber))).url());
    }

    @Override
    public void completeMultipart(String key, String uploadId, List<AssetStorage.CompletedPart> parts) {
        // The S3 type shares its simple name with AssetStorage.CompletedPart.
        List<software.amazon.awssdk.services.s3.model.CompletedPart> done = parts.stream()
                .map(p -> software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(p.number())
                .eTag(p.etag()).build()).toList();
        s3.completeMultipartUpload(r -> r.bucket(originals).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(done)));
    }

    @Override
    public void abortMultipart(String key, String uploadId) {
        s3.abortMultipartUpload(r -> r.bucket(originals).key(key).uploadId(uploadId));
    }

    @Override
    public void deleteOriginal(String key) {
        s3.deleteObject(r -> r.bucket(originals).key(key));
    }

    @Override
    public void deleteDerivatives(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        s3.deleteObjects(r -> r.bucket(derivatives).delete(Delete.builder().objects(keys.stream()
                .map(k -> ObjectIdentifier.builder().key(k).build()).toList()).quiet(true).build()));
    }

    private static URI uri(java.net.URL url) {
        try {
            return url.toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("presigner produced an invalid URL " + url, e);
        }
    }
}
