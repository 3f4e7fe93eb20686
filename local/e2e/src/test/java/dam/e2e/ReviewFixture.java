package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dam.aws.DynamoBriefRepository;
import dam.aws.EventBridgePublisher;
import dam.core.asset.AssetVersion;
import dam.core.asset.NewAsset;
import dam.core.asset.NewUpload;
import dam.core.asset.UploadTicket;
import dam.core.asset.VersionState;
import dam.core.brief.BriefInput;
import dam.core.brief.BriefService;
import dam.core.brief.CreateBriefCommand;
import dam.core.brief.DisclaimerRules;
import dam.core.json.Json;
import dam.core.memory.InMemoryReminderScheduler;
import dam.local.ses.OutboxMessage;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * What the asset-review e2e tests share, against a deployed local cloud: a brief whose team makes the review stages
 * (reviewers → brand stage, all must approve), an asset of it uploaded through a presigned PUT and ingested for real
 * (whose "Asset Version Ingested" starts the review), the reviewers' emailed links from the outbox, and reads of what
 * the review stored (review item, link items, the asset's review audit chain, the chain of unknown-link probes).
 */
final class ReviewFixture implements AutoCloseable {

    static final Duration LAMBDA = BriefHttp.LAMBDA;
    static final String MACHINE = "Dam-AssetReview";
    /** Chain of refusals for nonces that match no link (ApprovalLinkService.UNATTRIBUTED, "links:unknown"). */
    static final String UNKNOWN_CHAIN_PK = "LINKS#unknown";

    final TestCloud cloud;
    final BriefHttp http;
    final IngestFixture ingest;
    final SfnClient sfn;
    final String run = UUID.randomUUID().toString().substring(0, 8);
    private final DynamoDbClient db;
    private final Map<String, com.fasterxml.jackson.databind.JsonNode> inputs =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final EventBridgeClient bus;
    private final BriefService briefs;

    ReviewFixture(TestCloud cloud) {
        this.cloud = cloud;
        this.http = new BriefHttp(cloud);
        this.ingest = new IngestFixture(cloud);
        this.sfn = BriefApprovalE2ETest.sfn(cloud);
        this.db = cloud.dynamodb();
        this.bus = cloud.events();
        this.briefs = new BriefService(new DynamoBriefRepository(db, http.table(), Json.mapper(), cloud.clock()),
                new EventBridgePublisher(bus, "dam", Json.mapper()), new InMemoryReminderScheduler(), cloud.clock(),
                () -> UUID.randomUUID().toString(), DisclaimerRules.defaults());
    }

    /** A unique address for this run ({@code ann} → {@code ann-<run>@acme.example}). */
    String user(String name) {
        return name + "-" + run + "@acme.example";
    }

    /**
     * A brief created by {@code requester} whose reviewers form the brand stage (rule: all). Written with the brief
     * service on the deployed table and bus (what the API function does), so review tests do not wait for the API's
     * cold start.
     */
    String brief(String requester, List<String> reviewers) {
        List<BriefInput.MemberInput> members = new ArrayList<>();
        reviewers.forEach(r -> members.add(new BriefInput.MemberInput(r, "reviewer")));
        members.add(new BriefInput.MemberInput(IngestFixture.CREATOR.userId(), "creator"));
        BriefInput in = new BriefInput("Review " + run, List.of("Drive store visits"), "Everything 20% off",
                "Families", List.of("web"), List.of("DE"), List.of(), List.of(),
                new BriefInput.BrandInput(BriefHttp.BRAND, null), requester,
                LocalDate.ofInstant(cloud.clock().instant(), ZoneOffset.UTC).plusDays(90).toString(), List.of(),
                List.of(), List.of(), null, members, List.of());
        return briefs.create(new CreateBriefCommand(null, requester, in)).brief().id();
    }

    /** A new asset of the brief; version 1 uploaded (presigned PUT), which the real ingest then processes. */
    String upload(String briefId, int seed) throws Exception {
        byte[] jpeg = IngestFixture.jpeg(320, 240, 1 + seed % 8);
        UploadTicket t = ingest.assets.createAsset(IngestFixture.CREATOR, new NewAsset("Acme", briefId,
                "Review " + run, "social", "Hero " + seed, null, List.of()), new NewUpload("hero-" + seed + ".jpg",
                "image/jpeg", (long) jpeg.length, null));
        assertThat(ingest.put(t.plan().url(), "image/jpeg", jpeg).statusCode()).isEqualTo(200);
        return t.asset().id();
    }

    /** The creator's next version of the asset (different bytes), uploaded the same way; returns its number. */
    int uploadVersion(String assetId, int seed) throws Exception {
        byte[] jpeg = IngestFixture.jpeg(320, 240, 1 + (seed + 3) % 8);
        UploadTicket t = ingest.assets.requestUpload(IngestFixture.CREATOR, assetId, new NewUpload("hero-v" + seed
                + ".jpg", "image/jpeg", (long) jpeg.length, null));
        assertThat(ingest.put(t.plan().url(), "image/jpeg", jpeg).statusCode()).isEqualTo(200);
        return t.version().number();
    }

    AssetVersion awaitReady(String assetId, int version) {
        AssetVersion v = ingest.awaitTerminal(assetId, version, LAMBDA);
        assertThat(v.state()).as("v%s of %s: %s", version, assetId, v.reasons()).isEqualTo(VersionState.READY);
        return v;
    }

    /** The {@code n}th (1-based) approval request mailed to {@code reviewer}, waiting for it to arrive. */
    OutboxMessage request(String reviewer, int n) {
        return await().atMost(LAMBDA).until(() -> requests(reviewer), l -> l.size() >= n).get(n - 1);
    }

    List<OutboxMessage> requests(String reviewer) {
        return cloud.cloud().ses().messagesTo(reviewer).stream()
                .filter(m -> m.subject().startsWith("Approval requested:"))
                .sorted(Comparator.comparingLong(OutboxMessage::seq)).toList();
    }

    List<OutboxMessage> mailsTo(String address, String subjectPrefix) {
        return cloud.cloud().ses().messagesTo(address).stream().filter(m -> m.subject().startsWith(subjectPrefix))
                .toList();
    }

    BriefHttp.Link link(String reviewer, int n) {
        return BriefHttp.reviewLink(request(reviewer, n).links());
    }

    String machineArn() {
        return sfn.listStateMachines().stateMachines().stream().filter(m -> m.name().equals(MACHINE)).findFirst()
                .orElseThrow(() -> new AssertionError("asset-review is not deployed")).stateMachineArn();
    }

    /** The asset-review execution started for this asset version (its input is the Ingested detail). */
    String execution(String assetId, int version) {
        String machine = machineArn();
        return await().atMost(LAMBDA).until(() -> {
            for (ExecutionListItem e : sfn.listExecutionsPaginator(r -> r.stateMachineArn(machine)).executions()) {
                // Inputs never change: each execution is described once (the shared cloud runs many reviews).
                var in = inputs.computeIfAbsent(e.executionArn(), arn -> BriefApprovalE2ETest.parse(
                        sfn.describeExecution(r -> r.executionArn(arn)).input()));
                if (assetId.equals(in.path("assetId").asText()) && in.path("versionNumber").asInt() == version) {
                    return e.executionArn();
                }
            }
            return null;
        }, arn -> arn != null);
    }

    ExecutionStatus status(String executionArn) {
        return sfn.describeExecution(r -> r.executionArn(executionArn)).status();
    }

    /** The review item ({@code ASSET#id / REVIEW}). */
    Map<String, AttributeValue> review(String assetId) {
        return db.getItem(r -> r.tableName(http.table()).consistentRead(true).key(Map.of(
                "PK", AttributeValue.fromS("ASSET#" + assetId), "SK", AttributeValue.fromS("REVIEW")))).item();
    }

    /** The review document stored in the review item (its JSON), parsed. */
    com.fasterxml.jackson.databind.JsonNode reviewDoc(String assetId) {
        Map<String, AttributeValue> item = review(assetId);
        assertThat(item).as("review of %s", assetId).containsKey("doc");
        return BriefApprovalE2ETest.parse(item.get("doc").s());
    }

    /** The asset's review audit chain in order, checked to be hash-linked with contiguous sequence numbers. */
    List<Map<String, AttributeValue>> audit(String assetId) {
        return chain("ASSET#" + assetId);
    }

    /** The chain of refusals for unknown links (forged or mistyped nonces), in order. */
    List<Map<String, AttributeValue>> unknownLinkAudit() {
        return chain(UNKNOWN_CHAIN_PK);
    }

    static List<String> actions(List<Map<String, AttributeValue>> chain) {
        return chain.stream().map(i -> i.get("action").s()).toList();
    }

    /** Entries added after the first {@code before} (chains only grow). */
    static List<Map<String, AttributeValue>> since(List<Map<String, AttributeValue>> chain, int before) {
        return chain.subList(before, chain.size());
    }

    private List<Map<String, AttributeValue>> chain(String pk) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(http.items(pk).stream()
                .filter(i -> BriefHttp.sk(i).startsWith("APPROVAL_AUDIT#")).toList());
        items.sort(Comparator.comparingLong(i -> Long.parseLong(i.get("seq").n())));
        String prev = "0".repeat(64);
        long seq = 1;
        for (Map<String, AttributeValue> e : items) {
            assertThat(Long.parseLong(e.get("seq").n())).as("%s: contiguous", pk).isEqualTo(seq++);
            assertThat(e.get("prevHash").s()).as("%s %s links to its predecessor", pk, BriefHttp.sk(e))
                    .isEqualTo(prev);
            prev = e.get("hash").s();
        }
        return items;
    }

    @Override
    public void close() {
        sfn.close();
        bus.close();
        db.close();
        ingest.close();
    }
}
