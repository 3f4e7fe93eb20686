package dam.e2e;

import dam.approval.DynamoReviewRepository;
import dam.aws.DynamoAssetRepository;
import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.json.Json;
import dam.core.review.Outcome;
import dam.core.review.Review;
import dam.core.review.ReviewRepository;
import dam.core.review.ReviewStatus;
import dam.core.review.Round;
import dam.core.review.StageRule;
import dam.core.review.StageSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Library state written straight into a deployed cloud, for tests whose subject comes after ingest or review: a
 * ready version stored as ingest leaves it (version item READY with type, size and SHA-256, original under
 * {@code originals/<asset>/<n>/}) — written before its bytes, so the object-created event finds it finished and
 * ingest stops at its claim — and the approved review {@code closeRound} leaves. Ingest and review have their own
 * end-to-end tests; these seeds keep library tests inside their time budget.
 */
final class LibrarySeed {

    static final String UPLOADER = "cara@acme.example";

    private final DynamoDbClient dynamodb;
    private final S3Client s3;
    private final String originals;
    private final Clock clock;
    final DynamoAssetRepository assets;
    private final DynamoReviewRepository reviews;

    LibrarySeed(TestCloud cloud) {
        this(cloud.dynamodb(), cloud.s3(), cloud.ref("StorageOriginals"), cloud.clock());
    }

    /** Against a local cloud running in another JVM (fault tests), whose functions read {@code clock}. */
    LibrarySeed(ChildCloud child, Clock clock) {
        this(child.dynamodb(), child.s3(), child.bucket("StorageOriginals"), clock);
    }

    private LibrarySeed(DynamoDbClient dynamodb, S3Client s3, String originals, Clock clock) {
        this.dynamodb = dynamodb;
        this.s3 = s3;
        this.originals = originals;
        this.clock = clock;
        this.assets = new DynamoAssetRepository(dynamodb, "dam", Json.mapper(), clock);
        this.reviews = new DynamoReviewRepository(dynamodb, "dam", Json.mapper());
    }

    /** A brand Acme asset by {@link #UPLOADER} whose version 1 is ready, from a file. */
    String readyAsset(String fileName, String type, Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (var in = new java.security.DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        String id = UUID.randomUUID().toString();
        String key = "originals/" + id + "/1/" + fileName;
        Instant now = clock.instant();
        AuditEntry audit = AuditChain.next(null, id, 1, now, UPLOADER, "asset.created",
                "brand=Acme name=" + fileName + " v1 seeded as ingest leaves it");
        Asset asset = new Asset(id, "Acme", null, "Spring Sale", "social", fileName, "e2e", List.of(), List.of(),
                UPLOADER, now, now, 1, 1, audit.hash());
        long size = Files.size(file);
        AssetVersion v = new AssetVersion(id, 1, VersionState.READY, List.of(), UPLOADER, key, fileName, type, size,
                null, now, now, null, "seeded", type, size, HexFormat.of().formatHex(sha.digest()), null, null,
                List.of(), List.of(), List.of(), List.of(), null);
        assets.save(asset, v, audit, null);
        s3.putObject(b -> b.bucket(originals).key(key).contentType(type), RequestBody.fromFile(file));
        return id;
    }

    /** Marks the asset approved as the asset-review workflow's {@code closeRound} leaves it (review item + audit). */
    void approve(String assetId) {
        Instant now = clock.instant();
        AssetVersion v = assets.findVersion(assetId, 1).orElseThrow();
        Review r = new Review(assetId, null, "Acme", "seeded", UPLOADER, "mia@acme.example", ReviewStatus.APPROVED,
                List.of(new StageSpec("brand", StageRule.ALL, List.of("rex@acme.example"), "mia@acme.example",
                        Duration.ofDays(2))),
                List.of(new Round(1, 1, v.sha256(), now, List.of(), Outcome.APPROVED, now)), null, now, now, 1);
        AuditEntry e = AuditChain.next(null, Review.chain(assetId), 1, now, "workflow", "review.round.closed",
                "round=1 v1 outcome=approved (seeded)");
        if (reviews.save(r, e) != ReviewRepository.Write.DONE) {
            throw new IllegalStateException("could not seed the approved review of " + assetId);
        }
    }

    /** N approved assets of the same photo (as {@link #readyAsset} + {@link #approve}), seeded 8 at a time. */
    List<String> approvedAssets(int n, Path photo) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> ids = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(pool.submit(() -> {
                    String id = readyAsset("photo.jpg", "image/jpeg", photo);
                    approve(id);
                    return id;
                }));
            }
            List<String> out = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<String> f : ids) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
