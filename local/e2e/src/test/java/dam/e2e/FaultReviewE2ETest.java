package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.core.asset.NewAsset;
import dam.core.asset.NewUpload;
import dam.core.asset.UploadTicket;
import dam.core.asset.VersionState;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Issue 12 fault injection: {@code kill -9} of the local cloud (separate JVM) in the middle of an asset review round —
 * after the reviewers' approval requests were mailed, while the execution waits on their task tokens — then a restart
 * on the same state: the links in those mails still decide, the resumed execution completes (the asset is approved,
 * one "Asset Approved" event) and nobody gets a second approval request.
 */
class FaultReviewE2ETest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void killedDuringAReviewRoundTheMailedLinksStillDecideItAfterARestart() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> reviewers = List.of("ann-" + run + "@acme.example", "ben-" + run + "@acme.example");
        try (ChildCloud child = ChildCloud.start("fault-review");
             IngestFixture f = new IngestFixture(child, Clock.systemUTC());
             SqsClient sqs = child.sqs(); SfnClient sfn = child.sfn()) {
            BusObserver approved = new BusObserver(sqs, child.events(), "dam",
                    "{\"detail-type\":[\"Asset Approved\"]}");
            ObjectNode brief = BriefHttp.brief("Fault review " + run);
            ArrayNode members = brief.putArray("members");
            reviewers.forEach(r -> members.addObject().put("userId", r).put("role", "reviewer"));
            members.addObject().put("userId", IngestFixture.CREATOR.userId()).put("role", "creator");
            HttpResponse<String> created = api(child, "POST", "/briefs", brief.toString(),
                    token(child, "alice-" + run + "@acme.example", "creator"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String briefId = BriefHttp.JSON.readTree(created.body()).path("id").asText();

            byte[] jpeg = IngestFixture.jpeg(320, 240, 1);
            UploadTicket t = f.assets.createAsset(IngestFixture.CREATOR, new NewAsset("Acme", briefId,
                    "Review " + run, "social", "Hero", null, List.of()), new NewUpload("hero.jpg", "image/jpeg",
                    (long) jpeg.length, null));
            assertThat(f.put(t.plan().url(), "image/jpeg", jpeg).statusCode()).isEqualTo(200);
            String assetId = t.asset().id();
            assertThat(f.awaitTerminal(assetId, 1, BriefHttp.LAMBDA).state()).isEqualTo(VersionState.READY);
            for (String reviewer : reviewers) {
                await().atMost(BriefHttp.LAMBDA).until(() -> requests(child, reviewer).size() == 1);
            }
            String machine = child.stateMachine("AssetReview");
            String execution = execution(sfn, machine, assetId);
            assertThat(sfn.describeExecution(r -> r.executionArn(execution)).status())
                    .isEqualTo(ExecutionStatus.RUNNING);

            child.kill();
            child.restart();

            for (String reviewer : reviewers) {
                BriefHttp.Link link = BriefHttp.reviewLink(List.of(requests(child, reviewer).get(0)
                        .path("Body").path("text_part").asText()));
                HttpResponse<String> page = get(child, link.path());
                assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
                HttpResponse<String> decided = postForm(child, link.path(), Map.of("csrf",
                        BriefHttp.csrf(page.body()), "decision", "approve", "comment", "Fine after the crash"));
                assertThat(decided.statusCode()).as("%s: %s", reviewer, decided.body()).isEqualTo(200);
                assertThat(decided.body()).contains("Decision recorded");
            }
            await().atMost(BriefHttp.LAMBDA).until(() -> sfn.describeExecution(r -> r.executionArn(execution))
                    .status() != ExecutionStatus.RUNNING);
            assertThat(sfn.describeExecution(r -> r.executionArn(execution)).status())
                    .as("child log:%n%s", child.output()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(executions(sfn, machine, assetId)).as("the round resumed, not restarted").hasSize(1);
            List<String> events = approved.awaitAtLeast(1, BriefHttp.LAMBDA);
            events = approved.drain();
            assertThat(events).filteredOn(e -> e.contains(assetId)).as("one Asset Approved").hasSize(1);
            for (String reviewer : reviewers) {
                assertThat(requests(child, reviewer)).as("approval requests mailed to %s", reviewer).hasSize(1);
            }
        }
    }

    private List<JsonNode> requests(ChildCloud child, String reviewer) throws Exception {
        HttpResponse<String> r = child.get("/_aws/ses?to=" + URLEncoder.encode(reviewer, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : BriefHttp.JSON.readTree(r.body()).path("messages")) {
            if (m.path("Subject").asText().startsWith("Approval requested:")) {
                out.add(m);
            }
        }
        return out;
    }

    private static List<ExecutionListItem> executions(SfnClient sfn, String machine, String assetId) {
        List<ExecutionListItem> out = new ArrayList<>();
        for (ExecutionListItem e : sfn.listExecutionsPaginator(r -> r.stateMachineArn(machine)).executions()) {
            String input = sfn.describeExecution(r -> r.executionArn(e.executionArn())).input();
            if (input != null && input.contains(assetId)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String execution(SfnClient sfn, String machine, String assetId) {
        return await().atMost(BriefHttp.LAMBDA).until(() -> executions(sfn, machine, assetId), l -> !l.isEmpty())
                .get(0).executionArn();
    }

    private String token(ChildCloud child, String user, String role) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(child.apiEndpoint() + "/_local/token"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"user\":\"" + user + "\",\"roles\":[\"" + role + "\"],\"brands\":[\"Acme\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return BriefHttp.JSON.readTree(r.body()).path("token").asText();
    }

    private HttpResponse<String> api(ChildCloud child, String method, String path, String body, String token)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(child.apiEndpoint() + path)).timeout(BriefHttp.LAMBDA)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(ChildCloud child, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(child.apiEndpoint() + path)).timeout(BriefHttp.LAMBDA)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postForm(ChildCloud child, String path, Map<String, String> fields)
            throws Exception {
        List<String> pairs = new ArrayList<>();
        fields.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return http.send(HttpRequest.newBuilder(URI.create(child.apiEndpoint() + path)).timeout(BriefHttp.LAMBDA)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
