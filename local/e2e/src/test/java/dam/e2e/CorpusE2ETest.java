package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dam.core.asset.AssetVersion;
import dam.core.asset.UploadTicket;
import dam.core.asset.VersionState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 12: the bad-input corpus ({@code src/test/resources/corpus/*.json}, see its README) — files and requests
 * from every issue so far, each a descriptor of what is sent, the clear refusal expected (4xx with the field or
 * reason, or a rejected version / command with its reason) and what must NOT exist afterwards (object, item,
 * execution). One parameterised test runs them all against the shared deployed cloud.
 */
@ExtendWith(CloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorpusE2ETest {

    private static final String SCOPE = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/%s/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=0000";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final HttpClient http = HttpClient.newHttpClient();
    private IngestFixture ingest;
    private BriefHttp api;
    private TestCloud cloud;

    @BeforeAll
    void fixtures(TestCloud cloud) {
        this.cloud = cloud;
        this.ingest = new IngestFixture(cloud);
        this.api = new BriefHttp(cloud);
    }

    @AfterAll
    void close() {
        ingest.close();
    }

    static Stream<Arguments> corpus() throws Exception {
        Path dir = Path.of(CorpusE2ETest.class.getResource("/corpus").toURI());
        List<Arguments> out = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                for (JsonNode entry : BriefHttp.JSON.readTree(file.toFile())) {
                    String id = entry.path("id").asText();
                    if (!ids.add(id)) {
                        throw new IllegalStateException("duplicate corpus id " + id + " in " + file);
                    }
                    out.add(Arguments.of(id, entry));
                }
            }
        }
        return out.stream();
    }

    /** One run's substitutions: a user of its own (so "anything mentioning the user" is exact), ids, a brief. */
    private static final class Run {
        final Map<String, String> vars = new HashMap<>();
        List<Map<String, AttributeValue>> briefBefore;
        String user;

        String fill(String text) {
            String out = text;
            for (var e : vars.entrySet()) {
                out = out.replace("{" + e.getKey() + "}", e.getValue());
            }
            return out;
        }

        JsonNode fill(JsonNode node) {
            if (node == null) {
                return null;
            }
            JsonNode copy = node.deepCopy();
            fillInPlace(copy);
            return copy;
        }

        private void fillInPlace(JsonNode node) {
            if (node instanceof ObjectNode o) {
                for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (e.getValue().isTextual()) {
                        e.setValue(TextNode.valueOf(fill(e.getValue().asText())));
                    } else {
                        fillInPlace(e.getValue());
                    }
                }
            } else if (node instanceof ArrayNode a) {
                for (int i = 0; i < a.size(); i++) {
                    if (a.get(i).isTextual()) {
                        a.set(i, TextNode.valueOf(fill(a.get(i).asText())));
                    } else {
                        fillInPlace(a.get(i));
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRefusedClearlyAndLeavesNothingBehind(String id, JsonNode entry) throws Exception {
        Run run = new Run();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        run.user = "corpus-" + tag + "@acme.example";
        run.vars.put("user", run.user);
        run.vars.put("random", UUID.randomUUID().toString());
        run.vars.put("commandId", "corpus-" + id + "-" + tag);
        run.vars.put("megabyte", "x".repeat(1024 * 1024));
        run.vars.put("tenKilobytes", "search+".repeat(1463)); // 10,241 characters: over the gateway's URL limit
        run.vars.put("longText", "search+".repeat(90)); // 630 characters: over the API's 500 for a search text
        JsonNode request = entry.path("request");
        JsonNode expect = entry.path("expect");
        setup(run, request);
        switch (entry.path("kind").asText()) {
            case "edge" -> edge(request, expect);
            case "upload" -> upload(run, request, expect);
            case "api" -> api(run, request, expect);
            case "review" -> review(run, request, expect);
            case "command" -> command(run, request, expect);
            default -> throw new IllegalArgumentException(id + ": unknown kind " + entry.path("kind"));
        }
        for (JsonNode absent : entry.path("absent")) {
            assertAbsent(run, run.fill(absent));
        }
    }

    /** The "nothing left" checks can see writes: an accepted brief leaves items mentioning its user behind. */
    @org.junit.jupiter.api.Test
    void theAbsenceChecksSeeWhatAnAcceptedRequestLeaves() {
        String user = "corpus-control-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.example";
        String token = cloud.cloud().apigateway().issueToken(user, List.of("creator"), List.of(BriefHttp.BRAND));
        assertThat(api.itemsMentioning(user)).isEmpty();
        api.create(BriefHttp.brief("Corpus control"), token);
        assertThat(api.itemsMentioning(user)).extracting(BriefHttp::sk).contains("META", "AUDIT#0000000001");
    }

    // ---- setup ----

    private void setup(Run run, JsonNode request) {
        String setup = request.path("setup").asText("");
        if (setup.equals("brief")) {
            ObjectNode brief = changed(BriefHttp.brief("Corpus setup " + run.user), request.path("setupBrief"));
            String briefId = api.create(brief, token(run, "creator")).path("id").asText();
            run.vars.put("briefId", briefId);
            run.briefBefore = api.items("BRIEF#" + briefId);
        } else if (setup.equals("briefs:2")) {
            for (int i = 0; i < 2; i++) {
                api.create(BriefHttp.brief("Corpus paging " + i + " " + run.user), token(run, "creator"));
            }
            BriefHttp.Reply page = api.api("GET", "/briefs?limit=1", null, token(run, "creator"));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            String cursor = page.json().path("nextCursor").asText();
            assertThat(cursor).as("a next cursor to tamper with").isNotBlank();
            // One character changed in the middle: still well-formed base64url, no longer what the API signed.
            char[] c = cursor.toCharArray();
            int i = c.length / 2;
            c[i] = c[i] == 'A' ? 'B' : 'A';
            run.vars.put("tamperedCursor", new String(c));
        } else if (setup.equals("libraryAsset") || setup.equals("searchCursor")) {
            librarySetup(run, setup.equals("searchCursor"));
        }
    }

    /**
     * An approved library asset of brand Acme ({@code assetId}); for a search cursor two of them, findable by
     * {@code searchWord}, and the signed cursor of their first page ({@code searchCursor}) and a tampered copy.
     */
    private void librarySetup(Run run, boolean cursor) {
        try {
            LibrarySeed seed = new LibrarySeed(cloud);
            Path photo = Files.createTempFile("corpus", ".jpg");
            Files.write(photo, IngestFixture.jpeg(640, 480, 1));
            String word = "corpus" + run.user.substring("corpus-".length(), "corpus-".length() + 8);
            run.vars.put("searchWord", word);
            for (int i = 0; i < (cursor ? 2 : 1); i++) {
                String id = seed.readyAsset(word + "-" + i + ".jpg", "image/jpeg", photo);
                seed.approve(id);
                run.vars.put("assetId", id);
            }
            Files.delete(photo);
        } catch (Exception e) {
            throw new IllegalStateException("could not seed the library asset: " + e, e);
        }
        if (cursor) {
            String c = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
                BriefHttp.Reply page = api.api("GET", "/search?limit=1&q=" + run.vars.get("searchWord"), null,
                        token(run, "viewer"));
                return page.status() == 200 ? page.json().path("nextCursor").asText("") : "";
            }, s -> !s.isBlank());
            run.vars.put("searchCursor", c);
            char[] chars = c.toCharArray();
            int i = chars.length / 2;
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            run.vars.put("tamperedCursor", new String(chars));
        }
    }

    private String token(Run run, String role) {
        return cloud.cloud().apigateway().issueToken(run.user, List.of(role), List.of(BriefHttp.BRAND));
    }

    private static ObjectNode changed(ObjectNode brief, JsonNode change) {
        change.path("remove").forEach(f -> brief.remove(f.asText()));
        change.path("set").fields().forEachRemaining(e -> brief.set(e.getKey(), e.getValue().deepCopy()));
        return brief;
    }

    // ---- kinds ----

    private void edge(JsonNode request, JsonNode expect) throws Exception {
        String method = request.path("method").asText("POST");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cloud.endpoint() + request.path("path").asText("/")))
                .timeout(Duration.ofSeconds(60));
        if (method.equals("POST")) {
            b.header("Content-Type", "application/x-amz-json-1.0")
                    .header("Authorization", SCOPE.formatted(request.path("service").asText()))
                    .POST(HttpRequest.BodyPublishers.ofString(request.path("body").asText()));
            if (request.hasNonNull("target")) {
                b.header("X-Amz-Target", request.path("target").asText());
            }
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertResponse(r.statusCode(), r.body(), expect);
        if (expect.has("errorType")) {
            String type = expect.path("errorType").asText();
            String body = r.body();
            boolean json = body.trim().startsWith("{");
            if (json) {
                assertThat(BriefHttp.JSON.readTree(body).path("__type").asText()).endsWith(type);
            } else {
                assertThat(body).contains("<Code>" + type + "</Code>");
            }
        }
    }

    private void upload(Run run, JsonNode request, JsonNode expect) throws Exception {
        byte[] bytes = file(request.path("file").asText());
        String type = request.path("contentType").asText();
        UploadTicket t = ingest.request(request.path("fileName").asText(), type, bytes.length);
        run.vars.put("assetId", t.asset().id());
        byte[] sent = Arrays.copyOf(bytes, bytes.length - request.path("cutBytes").asInt(0));
        HttpResponse<String> put = ingest.put(t.plan().url(), type, sent);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(expect.path("putStatus").asInt(200));
        VersionState wanted = VersionState.parse(expect.path("state").asText());
        AssetVersion v = wanted.terminal() ? ingest.awaitTerminal(t.asset().id(), 1, Duration.ofSeconds(90))
                : ingest.version(t.asset().id(), 1);
        assertThat(v.state()).as("%s", v.reasons()).isEqualTo(wanted);
        if (wanted == VersionState.REJECTED) {
            assertThat(v.reasons()).isNotEmpty().allSatisfy(reason -> assertThat(reason.message()).isNotBlank());
            List<String> codes = new ArrayList<>();
            expect.path("codes").forEach(c -> codes.add(c.asText()));
            assertThat(v.reasons().get(0).code()).isIn(codes);
            if (expect.has("messageContains")) {
                assertThat(v.reasons().get(0).message()).contains(expect.path("messageContains").asText());
            }
        } else {
            assertThat(v.reasons()).isEmpty();
            assertThat(v.uploadExpired(v.uploadExpiresAt().plusSeconds(1))).as("the upload simply expires").isTrue();
        }
        assertThat(v.renditions()).isEmpty();
    }

    private static byte[] file(String name) throws IOException {
        return switch (name) {
            case "zero" -> new byte[0];
            case "zip" -> IngestFixture.zip();
            case "truncated-jpeg" -> {
                byte[] jpeg = IngestFixture.jpeg(1600, 1200, 1);
                yield Arrays.copyOf(jpeg, jpeg.length / 2);
            }
            case "png-bomb" -> IngestFixture.pngDeclaring(50_000, 50_000);
            case "docx-bomb" -> {
                byte[] bomb = IngestFixture.docxBomb(64 << 20);
                assertThat(bomb.length).as("a bomb: small on the wire").isLessThan(1 << 20);
                yield bomb;
            }
            case "jpeg" -> IngestFixture.jpeg(800, 600, 1);
            default -> throw new IllegalArgumentException("no generated file " + name);
        };
    }

    private void api(Run run, JsonNode request, JsonNode expect) {
        String role = request.path("role").isNull() || request.path("role").isMissingNode() ? null
                : request.path("role").asText();
        Object body = null;
        if (request.has("brief")) {
            body = changed(BriefHttp.brief(run.fill("Corpus {user}")), run.fill(request.path("brief")));
        } else if (request.has("body")) {
            body = run.fill(request.path("body"));
        } else if (request.has("raw")) {
            body = request.path("raw").asText();
        }
        BriefHttp.Reply r = api.api(request.path("method").asText(), run.fill(request.path("path").asText()), body,
                role == null ? null : token(run, role));
        assertResponse(r.status(), r.body(), expect);
        if (r.status() == 400 || r.status() == 404 || r.status() == 409) {
            assertThat(r.header("content-type")).startsWith("application/json");
            assertThat(r.json().path("errors")).as("a field-level reason: %s", r.body()).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.path("message").asText()).isNotBlank());
        }
        if (expect.has("fields")) {
            List<String> fields = new ArrayList<>();
            expect.path("fields").forEach(f -> fields.add(f.asText()));
            if (expect.path("exactFields").asBoolean()) {
                assertThat(r.errorFields()).as(r.body()).containsExactlyInAnyOrderElementsOf(fields);
            } else {
                assertThat(r.errorFields()).as(r.body()).containsAll(fields);
            }
        }
        if (expect.has("code")) {
            assertThat(r.json().path("errors").get(0).path("code").asText()).isEqualTo(expect.path("code").asText());
        }
    }

    private void review(Run run, JsonNode request, JsonNode expect) {
        String nonce = request.path("nonce").asText();
        if (nonce.equals("forged")) {
            byte[] b = new byte[32]; // well-formed (256 bits, base64url) but never issued
            RANDOM.nextBytes(b);
            nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        }
        run.vars.put("nonce", nonce);
        BriefHttp.Reply r;
        if (request.path("method").asText().equals("POST")) {
            Map<String, String> form = new HashMap<>();
            request.path("form").fields().forEachRemaining(e -> form.put(e.getKey(), e.getValue().asText()));
            r = api.postForm("/review/" + nonce, form);
        } else {
            r = api.get("/review/" + nonce);
        }
        assertResponse(r.status(), r.body(), expect);
    }

    private void command(Run run, JsonNode request, JsonNode expect) throws Exception {
        String commandId = run.vars.get("commandId");
        String detailType = request.path("detailType").asText();
        BusObserver rejected = new BusObserver(cloud, "dam", """
                {"detail-type":["Command Rejected"],"detail":{"command":{"commandId":["%s"]}}}""".formatted(commandId));
        JsonNode detail = run.fill(request.path("detail"));
        try (EventBridgeClient events = cloud.events()) {
            assertThat(events.putEvents(r -> r.entries(e -> e.eventBusName("dam").source("e2e.corpus")
                    .detailType(detailType).detail(detail.toString()))).failedEntryCount()).isZero();
        }
        List<String> received = rejected.awaitAtLeast(1, BriefHttp.LAMBDA);
        JsonNode event = BriefHttp.JSON.readTree(received.get(0));
        assertThat(event.path("detail").path("command").path("detailType").asText()).isEqualTo(detailType);
        List<String> fields = event.path("detail").path("reasons").findValuesAsText("field");
        assertThat(event.path("detail").path("reasons")).as("reasons").isNotEmpty()
                .allSatisfy(reason -> assertThat(reason.path("message").asText()).isNotBlank());
        if (expect.has("fields")) {
            List<String> wanted = new ArrayList<>();
            expect.path("fields").forEach(f -> wanted.add(f.asText()));
            if (expect.path("exactFields").asBoolean()) {
                assertThat(fields).containsExactlyInAnyOrderElementsOf(wanted);
            } else {
                assertThat(fields).containsAll(wanted);
            }
        }
    }

    private static void assertResponse(int status, String body, JsonNode expect) {
        if (expect.has("status")) {
            assertThat(status).as(abbreviated(body)).isEqualTo(expect.path("status").asInt());
        }
        if (status >= 400) {
            assertThat(body).as("a refusal says why").isNotBlank();
        }
        if (expect.has("messageContains")) {
            assertThat(body).containsIgnoringCase(expect.path("messageContains").asText());
        }
        if (expect.has("bodyContains")) {
            assertThat(body).contains(expect.path("bodyContains").asText());
        }
        if (expect.has("bodyNotContains")) {
            assertThat(body).doesNotContain(expect.path("bodyNotContains").asText());
        }
        if (expect.has("maxBodyLength")) {
            assertThat(body.length()).as("the refusal does not echo the input").isLessThan(
                    expect.path("maxBodyLength").asInt());
        }
    }

    private static String abbreviated(String body) {
        return body.length() > 500 ? body.substring(0, 500) + "…" : body;
    }

    // ---- what must not exist ----

    private void assertAbsent(Run run, JsonNode absent) {
        if (absent.isObject() && absent.has("item")) {
            JsonNode key = absent.get("item");
            try (DynamoDbClient db = cloud.dynamodb()) {
                assertThat(db.getItem(r -> r.tableName(api.table()).consistentRead(true).key(Map.of(
                        "PK", AttributeValue.fromS(key.path("PK").asText()),
                        "SK", AttributeValue.fromS(key.path("SK").asText())))).hasItem()).as("item %s", key).isFalse();
            }
        } else if (absent.isObject() && absent.has("bucket")) {
            try (S3Client s3 = cloud.s3()) {
                assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals(absent.get("bucket").asText()));
            }
        } else if (absent.isObject() && absent.has("pk")) {
            assertThat(api.items(absent.get("pk").asText())).as("items under %s", absent.get("pk")).isEmpty();
        } else {
            switch (absent.asText()) {
                case "originals" -> await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        ingest.keys(ingest.originals, "originals/" + run.vars.get("assetId") + "/"))
                        .as("the refused bytes are deleted").isEmpty());
                case "renditions" -> assertThat(ingest.keys(ingest.derivatives,
                        "renditions/" + run.vars.get("assetId") + "/")).as("no renditions").isEmpty();
                case "userItems" -> assertThat(api.itemsMentioning(run.user)).as("items left by %s", run.user)
                        .isEmpty();
                case "briefUnchanged" -> assertThat(api.items("BRIEF#" + run.vars.get("briefId")))
                        .as("no brief item changed or added").isEqualTo(run.briefBefore);
                case "noApprovalExecution" -> {
                    try (var sfn = BriefApprovalE2ETest.sfn(cloud)) {
                        String machine = BriefApprovalE2ETest.briefApprovalMachine(sfn);
                        assertThat(BriefApprovalE2ETest.executionFor(sfn, machine, run.vars.get("briefId"))).isNull();
                    }
                }
                case "link" -> assertThat(api.link(run.vars.get("nonce"))).as("no stored link").isEmpty();
                default -> throw new IllegalArgumentException("unknown absent check " + absent);
            }
        }
    }
}
