package dam.aws.bulk;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An S3 object written as a stream: bytes collect in one part buffer, each full buffer is uploaded as the next part of
 * a multipart upload, close() uploads the rest and completes it — memory stays at one part however big the object.
 * A stream that fails (or is closed after a failure) aborts the upload, so no half object appears.
 */
public final class S3MultipartOutputStream extends OutputStream {

    /** S3's minimum part size (except the last part). */
    public static final int MIN_PART = 5 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String contentType;
    private final byte[] buffer;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private String uploadId;
    private boolean closed;
    private boolean failed;

    public S3MultipartOutputStream(S3Client s3, String bucket, String key, String contentType, int partSize) {
        if (partSize < MIN_PART) {
            throw new IllegalArgumentException("parts are at least " + MIN_PART + " bytes");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.contentType = contentType;
        this.buffer = new byte[partSize];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream to s3://" + bucket + "/" + key + " is closed");
        }
        while (len > 0) {
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == buffer.length) {
                flushPart();
            }
        }
    }

    private void flushPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key).contentType(contentType))
                        .uploadId();
            }
            int number = parts.size() + 1;
            String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                    RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, filled))).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            filled = 0;
        } catch (RuntimeException e) {
            failed = true;
            abort();
            throw new IOException("uploading part " + (parts.size() + 1) + " of s3://" + bucket + "/" + key, e);
        }
    }

    /** Number of parts uploaded so far (a small object is one plain PUT: zero parts). */
    public int parts() {
        return parts.size();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (failed) {
            return;
        }
        try {
            if (uploadId == null) {
                // Smaller than one part: a plain PUT.
                s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType),
                        RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, filled)));
                return;
            }
            if (filled > 0) {
                flushPart();
            }
            s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            abort();
            throw new IOException("completing s3://" + bucket + "/" + key, e);
        }
    }

    /** For writers that fail half-way: drop what was uploaded. */
    public void abort() {
        closed = true;
        if (uploadId != null) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException e) {
                // The bucket's lifecycle rule for incomplete uploads cleans up what this could not.
                System.getLogger(S3MultipartOutputStream.class.getName()).log(System.Logger.Level.WARNING,
                        "could not abort the multipart upload of s3://" + bucket + "/" + key, e);
            }
        }
    }
}
