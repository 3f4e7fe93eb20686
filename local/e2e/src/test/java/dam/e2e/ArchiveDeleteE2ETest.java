package dam.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dam.events.EventSchemas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9 archiving and deletion through the deployed local cloud (HTTP API with local JWTs, S3, DynamoDB, the stream
 * into search, the bus). An approved asset of its own brand is archived — its originals tagged, hidden from a viewer's
 * search and view, still there for an admin — and restored as it was. Under a legal hold its deletion is refused
 * with the reason; released, the deletion leaves no object under the asset's prefixes in any bucket (every object
 * version), no item but the tombstone (share links gone too), nothing in search, GET → 404; the tombstone shows who,
 * when, why and the content hash and re-hashes; a second DELETE answers the same and sends no second event. The
 * retention runner, invoked as its daily rule does, archives an asset idle past the policy's archive age, deletes
 * one past its retention and keeps one under legal hold (uses are backdated on the bus; the runner on a settable
 * clock is RetentionRunnerTest).
 */
@ExtendWith(CloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveDeleteE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ASYNC = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private TestCloud cloud;
    private S3Client s3;
    private String originals;
    private String derivatives;
    private DynamoAssetRepository assets;

    @BeforeAll
    void fixture(TestCloud cloud) {
        this.cloud = cloud;
        this.s3 = cloud.s3();
        this.originals = cloud.ref("StorageOriginals");
        this.derivatives = cloud.ref("StorageDerivatives");
        this.assets = new DynamoAssetRepository(cloud.dynamodb(), "dam", Json.mapper(), cloud.clock());
        // A cold API worker on a loaded machine can outlast API Gateway's timeout once: wait until one answers.
        String admin = token("ada@acme.example", "admin", "Warmup");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() ->
                call(admin, "GET", "/brands/Warmup/retention-policy", null).statusCode() == 200);
    }

    @Test
    void archiveRestoreLegalHoldAndDeletionLeaveOnlyTheTombstone() throws Exception {
        String brand = "Arch" + UUID.randomUUID().toString().substring(0, 6);
        String word = "zq" + UUID.randomUUID().toString().replace("-", "").replaceAll("[0-9]", "").substring(0, 8);
        byte[] photo = IngestFixture.jpeg(320, 240, 1);
        String id = seedApproved(brand, word, photo);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(photo));
        for (String key : List.of("renditions/" + id + "/1/thumbnail.jpg", "downloads/" + id + "/1/story.png",
                "compare/" + id + "/1-2/web-1.png")) {
            s3.putObject(b -> b.bucket(derivatives).key(key), RequestBody.fromBytes(photo));
        }
        BusObserver bus = new BusObserver(cloud, "dam", "{\"source\":[\"dam.lifecycle\"],\"detail\":{\"assetId\":[\""
                + id + "\"]}}");
        String viewer = token("vic@acme.example", "viewer", brand);
        String admin = token("ada@acme.example", "admin", brand);
        String manager = token("mia@acme.example", "brand-manager", brand);
        String legal = token("lena@acme.example", "legal", brand);
        // A share link (retried: a cold or overloaded API worker may time out once; every link made must go).
        await().atMost(ASYNC).pollInterval(Duration.ofSeconds(1)).until(() -> call(manager, "POST",
                "/assets/" + id + "/shares", "{\"expiresAt\":\"" + cloud.clock().instant().plus(Duration.ofDays(7))
                        + "\",\"maxDownloads\":3,\"presets\":[\"story\"]}").statusCode() == 201);
        List<String> shareIds = new ArrayList<>();
        cloud.dynamodb().queryPaginator(q -> q.tableName("dam")
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :s)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("ASSET#" + id),
                                ":s", AttributeValue.fromS("SHARE#"))))
                .items().forEach(i -> shareIds.add(i.get("SK").s().substring(i.get("SK").s().lastIndexOf('#') + 1)));
        assertThat(shareIds).isNotEmpty();
        await().atMost(ASYNC).until(() -> search(viewer, word).contains(id));

        // Archive: originals tagged, hidden from the viewer (view and search), an admin still sees it.
        HttpResponse<String> archived = call(manager, "POST", "/assets/" + id + "/archive",
                "{\"reason\":\"campaign over\"}");
        assertThat(archived.statusCode()).as(archived.body()).isEqualTo(200);
        assertThat(JSON.readTree(archived.body()).path("stage").asText()).isEqualTo("archived");
        assertThat(s3.getObjectTagging(b -> b.bucket(originals).key(originalKey(id))).tagSet())
                .anyMatch(t -> t.key().equals("dam-lifecycle") && t.value().equals("archived"));
        assertThat(call(viewer, "GET", "/assets/" + id + "/rights", null).statusCode()).isEqualTo(404);
        await().atMost(ASYNC).until(() -> !search(viewer, word).contains(id));
        assertThat(search(admin, word)).contains(id);
        assertThat(call(manager, "POST", "/assets/" + id + "/restore", null).statusCode())
                .as("archived assets are admins' only").isEqualTo(404);

        // Restore: back as it was (approved, in the viewer's library), tag gone.
        HttpResponse<String> restored = call(admin, "POST", "/assets/" + id + "/restore", null);
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        assertThat(JSON.readTree(restored.body()).path("stage").asText()).isEqualTo("active");
        assertThat(s3.getObjectTagging(b -> b.bucket(originals).key(originalKey(id))).tagSet()).isEmpty();
        assertThat(call(viewer, "GET", "/assets/" + id + "/rights", null).statusCode()).isEqualTo(200);
        await().atMost(ASYNC).until(() -> search(viewer, word).contains(id));

        // Legal hold: deletion refused with the reason; released, the deletion goes through.
        assertThat(call(manager, "PUT", "/assets/" + id + "/legal-hold", "{\"reason\":\"x\"}").statusCode())
                .isEqualTo(403);
        assertThat(call(legal, "PUT", "/assets/" + id + "/legal-hold", "{\"reason\":\"matter 2026-17\"}")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> refused = call(manager, "DELETE", "/assets/" + id, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("legal hold").contains("matter 2026-17");
        assertThat(keys(originals, "originals/" + id + "/")).hasSize(1);
        assertThat(call(viewer, "DELETE", "/assets/" + id, null).statusCode()).isEqualTo(403);
        assertThat(call(legal, "DELETE", "/assets/" + id + "/legal-hold", null).statusCode()).isEqualTo(200);
        HttpResponse<String> deleted = call(manager, "DELETE", "/assets/" + id + "?reason="
                + URLEncoder.encode("customer request #42", StandardCharsets.UTF_8), null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        JsonNode d = JSON.readTree(deleted.body());
        assertThat(d.path("repeated").asBoolean()).isFalse();
        assertThat(d.path("objectsRemoved").asInt()).isGreaterThanOrEqualTo(4);

        // Nothing left but the tombstone: objects, items, share links, search, the asset itself.
        for (String prefix : List.of("renditions/", "downloads/", "compare/")) {
            assertThat(keys(derivatives, prefix + id + "/")).as(prefix).isEmpty();
        }
        // The local S3 keeps no object versions (ListObjectVersions: 501), so the current listing is all there is.
        assertThat(keys(originals, "originals/" + id + "/")).isEmpty();
        List<String> left = new ArrayList<>();
        cloud.dynamodb().queryPaginator(q -> q.tableName("dam").keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("ASSET#" + id))))
                .items().forEach(i -> left.add(i.get("SK").s()));
        assertThat(left).containsExactly("TOMBSTONE");
        for (String shareId : shareIds) {
            assertThat(cloud.dynamodb().getItem(b -> b.tableName("dam").key(Map.of("PK",
                    AttributeValue.fromS("SHARE#" + shareId), "SK", AttributeValue.fromS("META")))).item()).isEmpty();
        }
        assertThat(call(admin, "GET", "/assets/" + id, null).statusCode()).isEqualTo(404);
        await().atMost(ASYNC).until(() -> !search(admin, word).contains(id));

        // The tombstone: who, when, why, content hash; it re-hashes onto the sealed chain; legal may read it.
        HttpResponse<String> tomb = call(legal, "GET", "/assets/" + id + "/tombstone", null);
        assertThat(tomb.statusCode()).as(tomb.body()).isEqualTo(200);
        JsonNode t = JSON.readTree(tomb.body());
        assertThat(t.path("verifies").asBoolean()).isTrue();
        assertThat(t.path("tombstone").path("deletedBy").asText()).isEqualTo("mia@acme.example");
        assertThat(t.path("tombstone").path("reason").asText()).isEqualTo("customer request #42");
        assertThat(t.path("tombstone").path("contentHashes").path("1").asText()).isEqualTo(sha);
        assertThat(t.path("tombstone").path("chainIntact").asBoolean()).isTrue();
        assertThat(t.path("tombstone").path("chainEntries").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(t.toString()).doesNotContain("cara@acme.example").doesNotContain(word);
        assertThat(call(viewer, "GET", "/assets/" + id + "/tombstone", null).statusCode()).isEqualTo(404);

        // Idempotent: the same answer, no second event.
        HttpResponse<String> again = call(admin, "DELETE", "/assets/" + id, null);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("repeated").asBoolean()).isTrue();
        assertThat(JSON.readTree(again.body()).path("tombstone")).isEqualTo(t.path("tombstone"));
        List<JsonNode> events = new ArrayList<>();
        for (String e : bus.awaitAtLeast(3, ASYNC)) {
            events.add(JSON.readTree(e));
        }
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> bus.drain().size() >= 3);
        assertThat(bus.drain().stream().map(this::type).toList())
                .containsExactlyInAnyOrder("Asset Archived", "Asset Restored", "Asset Deleted");
        EventSchemas schemas = EventSchemas.load();
        for (JsonNode e : events) {
            assertThat(schemas.validate(e.path("detail-type").asText(), e.path("detail").toString()))
                    .as(e.toString()).isEmpty();
        }
    }

    @Test
    void theDailyRunArchivesIdleAssetsDeletesExpiredRetentionAndKeepsHeldOnes() throws Exception {
        String brand = "Ret" + UUID.randomUUID().toString().substring(0, 6);
        String manager = token("mia@acme.example", "brand-manager", brand);
        String admin = token("ada@acme.example", "admin", brand);
        String legal = token("lena@acme.example", "legal", brand);
        HttpResponse<String> badPolicy = call(manager, "PUT", "/brands/" + brand + "/retention-policy",
                "{\"name\":\"short\",\"archiveAfterDays\":30,\"deleteAfterDays\":10}");
        assertThat(badPolicy.statusCode()).isEqualTo(400);
        assertThat(badPolicy.body()).contains("deleteAfterDays");
        HttpResponse<String> policy = call(manager, "PUT", "/brands/" + brand + "/retention-policy",
                "{\"name\":\"short\",\"archiveAfterDays\":30,\"deleteAfterDays\":90}");
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);
        assertThat(JSON.readTree(call(legal, "GET", "/brands/" + brand + "/retention-policy", null).body())
                .path("policy").path("archiveAfterDays").asInt()).isEqualTo(30);

        byte[] photo = IngestFixture.jpeg(200, 150, 1);
        String idle = seedApproved(brand, "idle", photo);
        String old = seedApproved(brand, "old", photo);
        String held = seedApproved(brand, "held", photo);
        String fresh = seedApproved(brand, "fresh", photo);
        Instant now = cloud.clock().instant();
        used(idle, brand, now.minus(Duration.ofDays(40)));
        used(old, brand, now.minus(Duration.ofDays(100)));
        used(held, brand, now.minus(Duration.ofDays(100)));
        used(fresh, brand, now.minus(Duration.ofDays(2)));
        assertThat(call(legal, "PUT", "/assets/" + held + "/legal-hold", "{\"reason\":\"matter 9\"}")
                .statusCode()).isEqualTo(200);
        await().atMost(ASYNC).until(() -> List.of(idle, old, held, fresh).stream().allMatch(this::hasClock));

        try (LambdaClient lambda = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            String runner = lambda.listFunctions().functions().stream()
                    .filter(f -> "dam.expiry.RetentionHandler::handleRequest".equals(f.handler())).findFirst()
                    .orElseThrow(() -> new AssertionError("retention function not deployed")).functionName();
            InvokeResponse run = lambda.invoke(r -> r.functionName(runner).payload(SdkBytes.fromUtf8String(
                    "{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"detail\":{}}")));
            assertThat(run.functionError()).as(run.payload().asUtf8String()).isNull();
            JsonNode report = JSON.readTree(run.payload().asUtf8String());
            System.out.println("retention run: " + report);
            assertThat(report.path("failures")).isEmpty();
        }

        assertThat(stage(admin, idle)).isEqualTo("archived");
        assertThat(stage(admin, held)).isEqualTo("active");
        assertThat(stage(admin, fresh)).isEqualTo("active");
        assertThat(call(admin, "GET", "/assets/" + old, null).statusCode()).isEqualTo(404);
        JsonNode tomb = JSON.readTree(call(admin, "GET", "/assets/" + old + "/tombstone", null).body());
        assertThat(tomb.path("tombstone").path("policy").asText()).isEqualTo("short");
        assertThat(tomb.path("tombstone").path("deletedBy").asText()).isEqualTo("system:retention");
        assertThat(keys(originals, "originals/" + old + "/")).isEmpty();
        assertThat(keys(originals, "originals/" + held + "/")).hasSize(1);
    }

    /** An approved asset of {@code brand} with one ready version (as ingest and review leave it). */
    private String seedApproved(String brand, String word, byte[] photo) throws Exception {
        String id = UUID.randomUUID().toString();
        String key = "originals/" + id + "/1/photo.jpg";
        Instant now = cloud.clock().instant();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(photo));
        AuditEntry a1 = AuditChain.next(null, id, 1, now, LibrarySeed.UPLOADER, "asset.created", "seeded");
        Asset asset = new Asset(id, brand, null, null, null, "photo.jpg", "archive test " + word, List.of(), List.of(),
                LibrarySeed.UPLOADER, now, now, 1, 1, a1.hash());
        AssetVersion v = new AssetVersion(id, 1, VersionState.READY, List.of(), LibrarySeed.UPLOADER, key,
                "photo.jpg", "image/jpeg", photo.length, null, now, now, null, "seeded", "image/jpeg",
                (long) photo.length, sha, null, null, List.of(), List.of(), List.of(), List.of(), null);
        assets.save(asset, v, a1, null);
        s3.putObject(b -> b.bucket(originals).key(key).contentType("image/jpeg"), RequestBody.fromBytes(photo));
        Review r = new Review(id, null, brand, "seeded", LibrarySeed.UPLOADER, "mia@acme.example",
                ReviewStatus.APPROVED, List.of(new StageSpec("brand", StageRule.ALL, List.of("rex@acme.example"),
                "mia@acme.example", Duration.ofDays(2))),
                List.of(new Round(1, 1, sha, now, List.of(), Outcome.APPROVED, now)), null, now, now, 1);
        AuditEntry e = AuditChain.next(null, Review.chain(id), 1, now, "workflow", "review.round.closed", "seeded");
        assertThat(new DynamoReviewRepository(cloud.dynamodb(), "dam", Json.mapper()).save(r, e))
                .isEqualTo(ReviewRepository.Write.DONE);
        return id;
    }

    /** An asset's use as the review workflow announces it, backdated (what the retention clock listens to). */
    private void used(String id, String brand, Instant at) {
        String detail = "{\"version\":1,\"assetId\":\"" + id + "\",\"brand\":\"" + brand + "\",\"versionNumber\":1,"
                + "\"contentSha256\":\"" + "0".repeat(64) + "\",\"round\":1,\"approvals\":[],\"approvedAt\":\"" + at
                + "\"}";
        var out = cloud.events().putEvents(b -> b.entries(en -> en.eventBusName("dam").source("dam.reviews")
                .detailType("Asset Approved").detail(detail)));
        assertThat(out.failedEntryCount()).isZero();
    }

    private boolean hasClock(String id) {
        return !cloud.dynamodb().getItem(b -> b.tableName("dam").key(Map.of("PK", AttributeValue.fromS("ASSET#" + id),
                "SK", AttributeValue.fromS("RETAIN")))).item().isEmpty();
    }

    private String stage(String token, String id) throws Exception {
        HttpResponse<String> r = call(token, "GET", "/assets/" + id + "/lifecycle", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("stage").asText();
    }

    private String type(String event) {
        try {
            return JSON.readTree(event).path("detail-type").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String originalKey(String id) {
        return "originals/" + id + "/1/photo.jpg";
    }

    private List<String> keys(String bucket, String prefix) {
        List<String> out = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().forEach(o -> out.add(o.key()));
        return out;
    }

    private String token(String user, String role, String brand) {
        return cloud.cloud().apigateway().issueToken(user, List.of(role), List.of(brand));
    }

    private List<String> search(String token, String word) throws Exception {
        HttpResponse<String> r = call(token, "GET", "/search?q=" + URLEncoder.encode(word, StandardCharsets.UTF_8),
                null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JSON.readTree(r.body()).path("items").forEach(i -> ids.add(i.path("assetId").asText()));
        return ids;
    }

    private HttpResponse<String> call(String token, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
