package dam.aws.library;

import dam.core.captions.CaptionFiles;
import dam.core.captions.CaptionFormat;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;

/** Caption files in the originals bucket, UTF-8 with their format's content type. */
public final class S3CaptionFiles implements CaptionFiles {

    private final S3Client s3;
    private final String bucket;

    public S3CaptionFiles(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public void put(String key, String text, CaptionFormat format) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(format.contentType() + "; charset=utf-8"),
                RequestBody.fromString(text, StandardCharsets.UTF_8));
    }

    @Override
    public String get(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
    }

    @Override
    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }
}
