package dam.local.s3;

import java.io.InputStream;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Emits S3's EventBridge notifications after a write has fully succeeded (never for a refused or failed write), the
 * hook DEPENDENCIES.md found: S3Proxy stores multipart parts as stub blobs, which are not user objects.
 */
final class NotifyingBlobStore extends ForwardingBlobStore {

    private static final String MPU_STUB_PREFIX = ".s3proxy-mpu-stub-";
    private final ObjectEvents events;

    NotifyingBlobStore(BlobStore delegate, ObjectEvents events) {
        super(delegate);
        this.events = events;
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        PutObjectResponse response = super.putBlob(request, input);
        if (!isStub(request.key())) {
            created(request.bucket(), request.key(), response.eTag(), "PutObject");
        }
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
                                                                   CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        created(request.bucket(), request.key(), response.eTag(), "CompleteMultipartUpload");
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        created(request.destinationBucket(), request.destinationKey(),
                response.copyObjectResult() == null ? null : response.copyObjectResult().eTag(), "CopyObject");
        return response;
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        DeleteObjectResponse response = super.removeBlob(request);
        if (!isStub(request.key())) {
            events.objectChanged(request.bucket(), "Object Deleted", request.key(), 0, null, "DeleteObject");
        }
        return response;
    }

    private static boolean isStub(String key) {
        return key.startsWith(MPU_STUB_PREFIX) || key.contains("/" + MPU_STUB_PREFIX);
    }

    private void created(String bucket, String key, String etag, String reason) {
        long size = delegate().blobMetadata(HeadObjectRequest.builder().bucket(bucket).key(key).build())
                .contentLength();
        events.objectChanged(bucket, "Object Created", key, size, etag == null ? null : etag.replace("\"", ""),
                reason);
    }
}
