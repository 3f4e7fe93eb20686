package dam.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * S3: originals (versioned; object-created events go to EventBridge to start ingest), derivatives (renditions), and the
 * server access log bucket both write to. All private, SSE-S3, TLS-only.
 *
 * <p>SSE-S3 rather than SSE-KMS: no per-request KMS cost or throttling on rendition-heavy traffic and presigned URLs
 * work without KMS grants; access control is by bucket policy + IAM. Revisit if a customer requires their own key.
 */
public final class Storage extends Construct {

    private final Bucket accessLogs;
    private final Bucket originals;
    private final Bucket derivatives;

    public Storage(Construct scope, String id, Stage stage) {
        super(scope, id);

        accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(stage.accessLogExpiryDays()))
                        .build()))
                .removalPolicy(stage.removalPolicy())
                .build();

        originals = Bucket.Builder.create(this, "Originals")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .versioned(true)
                .eventBridgeEnabled(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("originals/")
                .lifecycleRules(List.of(abortIncompleteUploads()))
                .removalPolicy(stage.removalPolicy())
                .build();

        derivatives = Bucket.Builder.create(this, "Derivatives")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("derivatives/")
                .lifecycleRules(List.of(abortIncompleteUploads()))
                .removalPolicy(stage.removalPolicy())
                .build();
    }

    /**
     * Lets the console at {@code origin} PUT/POST originals straight to S3 with presigned URLs (single PUT, multipart
     * parts) and read each part's ETag, which the multipart complete call needs. Only the console's origin: the
     * signature still decides what may be written, CORS only decides which page may send it.
     */
    public void allowBrowserUploads(String origin) {
        originals.addCorsRule(CorsRule.builder()
                .id("console-uploads")
                .allowedOrigins(List.of(origin))
                .allowedMethods(List.of(HttpMethods.PUT, HttpMethods.POST))
                .allowedHeaders(List.of("Content-Type", "Content-MD5", "x-amz-*"))
                .exposedHeaders(List.of("ETag"))
                .maxAge(3000)
                .build());
    }

    /** Multipart uploads (> 100 MB originals) that never complete would otherwise be billed forever. */
    private static LifecycleRule abortIncompleteUploads() {
        return LifecycleRule.builder()
                .id("abort-incomplete-multipart-uploads")
                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                .build();
    }

    public Bucket originals() {
        return originals;
    }

    public Bucket derivatives() {
        return derivatives;
    }

    public Bucket accessLogs() {
        return accessLogs;
    }
}
