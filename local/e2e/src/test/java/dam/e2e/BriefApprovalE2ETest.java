package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.ses.OutboxMessage;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;

/**
 * Issue 5 brief approvals through the whole local cloud: {@code POST /briefs/{id}/submit} → {@code Brief Submitted} →
 * rule → {@code brief-approval} execution → RequestApproval (waitForTaskToken) mails each named approver a link → the
 * link's GET (a mail scanner) changes nothing → the POST with the page's CSRF value decides once → both approvers
 * approved → ApplyOutcome → brief {@code approved}, audit chains, {@code Brief Approved} on the bus. Replays, forged
 * links and a wrong CSRF value are refused on the way, each without a state change.
 */
@ExtendWith(CloudExtension.class)
class BriefApprovalE2ETest {

    /** The origin the synthesized app gives functions as PUBLIC_BASE_URL (the tests' API listens on a free port). */
    private static final String PUBLIC_BASE_URL = "http://127.0.0.1:8080";

    static SfnClient sfn(TestCloud cloud) {
        return SfnClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void submittedBriefIsApprovedByEveryNamedApproverThroughTheEmailedLinks(TestCloud cloud) {
        BriefHttp api = new BriefHttp(cloud);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String requester = "alice-" + run + "@acme.example";
        String approver = "approver-" + run + "@acme.example";
        String legal = "legal-" + run + "@acme.example";
        String alice = api.token(requester, "creator");
        BusObserver approvedEvents = new BusObserver(cloud, "dam", "{\"detail-type\":[\"Brief Approved\"]}");

        // A health claim needs legal sign-off: the brief names a brief approver and a fine-print approver.
        String title = "<img src=x onerror=alert(1)> Summer sale " + run;
        ObjectNode body = BriefHttp.brief(title);
        body.putArray("claims").add("health");
        body.putArray("approvals")
                .add(BriefHttp.JSON.createObjectNode().put("kind", "brief").put("approver", approver))
                .add(BriefHttp.JSON.createObjectNode().put("kind", "fine_print").put("approver", legal));
        JsonNode created = api.create(body, alice);
        String id = created.path("id").asText();
        assertThat(created.path("legalApprovalRequired").asBoolean()).isTrue();

        BriefHttp.Reply submitted = api.api("POST", "/briefs/" + id + "/submit", "{\"expectedVersion\":1}", alice);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        assertThat(submitted.json().path("status").asText()).isEqualTo("submitted");
        assertThat(submitted.json().path("version").asLong()).isEqualTo(2);

        try (SfnClient sfn = sfn(cloud)) {
            String machine = briefApprovalMachine(sfn);
            ExecutionListItem execution = await().atMost(BriefHttp.LAMBDA).until(() -> executionFor(sfn, machine, id),
                    e -> e != null);
            String executionArn = execution.executionArn();

            OutboxMessage toApprover = await().atMost(BriefHttp.LAMBDA)
                    .until(() -> cloud.cloud().ses().messagesTo(approver), l -> !l.isEmpty()).get(0);
            OutboxMessage toLegal = await().atMost(BriefHttp.LAMBDA)
                    .until(() -> cloud.cloud().ses().messagesTo(legal), l -> !l.isEmpty()).get(0);
            assertThat(toApprover.subject()).startsWith("Approval requested:").endsWith("(brief)");
            assertThat(toLegal.subject()).endsWith("(fine print)");
            // The title is text: escaped in the HTML part, never markup.
            assertThat(toApprover.html()).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img");
            BriefHttp.Link approverLink = BriefHttp.reviewLink(toApprover.links());
            BriefHttp.Link legalLink = BriefHttp.reviewLink(toLegal.links());
            assertThat(approverLink.origin()).isEqualTo(PUBLIC_BASE_URL);
            assertThat(approverLink.nonce()).isNotEqualTo(legalLink.nonce());
            // Only the nonce's hash is stored, and the task token never leaves the table.
            Map<String, AttributeValue> storedLink = api.link(approverLink.nonce());
            assertThat(storedLink.get("state").s()).isEqualTo("pending");
            assertThat(storedLink.get("reviewer").s()).isEqualTo(approver);
            String taskToken = storedLink.get("taskToken").s();
            assertThat(toApprover.text()).doesNotContain(taskToken).doesNotContain("taskToken");
            assertThat(toApprover.html()).doesNotContain(taskToken);
            assertThat(api.itemsMentioning(approverLink.nonce())).isEmpty();

            // A mail scanner (or the approver) opens the link, twice: a confirm page, and nothing changes.
            BriefHttp.Reply page = api.get(approverLink.path());
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.header("content-type")).startsWith("text/html");
            assertThat(page.header("cache-control")).isEqualTo("no-store");
            assertThat(page.body()).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img")
                    .contains("<form method=\"post\"");
            assertThat(api.get(approverLink.path()).status()).isEqualTo(200);
            assertUnchanged(api, sfn, id, executionArn, alice, approverLink, "pending");

            // The approver decides with the page's form.
            BriefHttp.Reply approved = api.postForm(approverLink.path(), Map.of("csrf", BriefHttp.csrf(page.body()),
                    "decision", "approve", "comment", "Looks good"));
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
            assertThat(approved.body()).contains("Decision recorded").contains("Approve");
            Map<String, AttributeValue> decided = api.link(approverLink.nonce());
            assertThat(decided.get("state").s()).isEqualTo("decided");
            assertThat(decided.get("decision").s()).isEqualTo("approve");

            // Replayed POST: "already decided", the first decision stands, the brief still waits for legal.
            BriefHttp.Reply replay = api.postForm(approverLink.path(), Map.of("csrf", BriefHttp.csrf(page.body()),
                    "decision", "reject", "comment", "changed my mind"));
            assertThat(replay.status()).isEqualTo(409);
            assertThat(replay.body()).contains("Already decided");
            assertThat(api.link(approverLink.nonce())).isEqualTo(decided);
            assertUnchanged(api, sfn, id, executionArn, alice, approverLink, "decided");

            // Legal's link with a wrong CSRF value: refused, link still pending.
            BriefHttp.Reply legalPage = api.get(legalLink.path());
            assertThat(legalPage.status()).as(legalPage.body()).isEqualTo(200);
            String legalCsrf = BriefHttp.csrf(legalPage.body());
            BriefHttp.Reply badCsrf = api.postForm(legalLink.path(), Map.of("csrf", legalCsrf + "x",
                    "decision", "approve"));
            assertThat(badCsrf.status()).isEqualTo(403);
            assertThat(badCsrf.body()).contains("Not allowed");
            // Another link's CSRF value does not open this one either.
            assertThat(api.postForm(legalLink.path(), Map.of("csrf", BriefHttp.csrf(page.body()),
                    "decision", "approve")).status()).isEqualTo(403);
            assertUnchanged(api, sfn, id, executionArn, alice, legalLink, "pending");

            // A forged nonce (well-formed, never issued) and a malformed one: 404 pages, nothing stored for them.
            String forged = randomNonce();
            BriefHttp.Reply forgedGet = api.get("/review/" + forged);
            assertThat(forgedGet.status()).isEqualTo(404);
            assertThat(forgedGet.body()).contains("Unknown link");
            assertThat(api.postForm("/review/" + forged, Map.of("csrf", legalCsrf, "decision", "approve"))
                    .status()).isEqualTo(404);
            assertThat(api.get("/review/not-a-nonce").status()).isEqualTo(404);
            assertThat(api.link(forged)).isEmpty();
            assertUnchanged(api, sfn, id, executionArn, alice, legalLink, "pending");

            // Legal approves: the round is complete.
            BriefHttp.Reply legalApproved = api.postForm(legalLink.path(), Map.of("csrf", legalCsrf,
                    "decision", "approve"));
            assertThat(legalApproved.status()).as(legalApproved.body()).isEqualTo(200);

            await().atMost(BriefHttp.LAMBDA).until(() -> sfn.describeExecution(r -> r.executionArn(executionArn))
                    .status() == ExecutionStatus.SUCCEEDED);
            JsonNode brief = api.read(id, alice);
            assertThat(brief.path("status").asText()).isEqualTo("approved");
            assertThat(brief.path("version").asLong()).isEqualTo(3);
            assertThat(brief.path("title").asText()).isEqualTo(title);

            await().atMost(BriefHttp.LAMBDA).until(() -> approvedEvents.drain().stream()
                    .anyMatch(e -> e.contains("\"" + id + "\"")));
            JsonNode event = approvedEvents.drain().stream().map(BriefApprovalE2ETest::parse)
                    .filter(e -> id.equals(e.path("detail").path("brief").path("id").asText())).findFirst()
                    .orElseThrow();
            assertThat(event.path("source").asText()).isEqualTo("dam.briefs");
            assertThat(event.path("detail").path("version").asInt()).isEqualTo(1);
            assertThat(event.path("detail").path("brief").path("status").asText()).isEqualTo("approved");

            assertAudit(api, id, approver, legal);
            // The approver's comment joins the team's discussion, under their name.
            JsonNode comments = api.api("GET", "/briefs/" + id + "/comments", null, alice).json().path("items");
            assertThat(comments).anySatisfy(c -> {
                assertThat(c.path("author").asText()).isEqualTo(approver);
                assertThat(c.path("body").asText()).isEqualTo("[brief approve] Looks good");
            });
        }
    }

    @Test
    void requestedChangesSendTheBriefBackToDraftWithTheCommentAndItCanBeResubmitted(TestCloud cloud) {
        BriefHttp api = new BriefHttp(cloud);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String requester = "alice-" + run + "@acme.example";
        String approver = "approver-" + run + "@acme.example";
        String finance = "finance-" + run + "@acme.example";
        String alice = api.token(requester, "creator");
        BusObserver changedEvents = new BusObserver(cloud, "dam", "{\"detail-type\":[\"Brief Changed\"]}");

        ObjectNode body = BriefHttp.brief("Budget round " + run);
        body.putObject("budget").put("currency", "EUR").putArray("lines").addObject()
                .put("description", "Media").put("amount", 5000);
        body.putArray("approvals")
                .add(BriefHttp.JSON.createObjectNode().put("kind", "brief").put("approver", approver))
                .add(BriefHttp.JSON.createObjectNode().put("kind", "budget").put("approver", finance));
        String id = api.create(body, alice).path("id").asText();
        BriefHttp.Reply submitted = api.api("POST", "/briefs/" + id + "/submit", "{\"expectedVersion\":1}", alice);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        assertThat(submitted.json().path("budget").path("approval").asText()).isEqualTo("pending");

        try (SfnClient sfn = sfn(cloud)) {
            String machine = briefApprovalMachine(sfn);
            String executionArn = await().atMost(BriefHttp.LAMBDA).until(() -> executionFor(sfn, machine, id),
                    e -> e != null).executionArn();
            BriefHttp.Link approverLink = BriefHttp.reviewLink(await().atMost(BriefHttp.LAMBDA)
                    .until(() -> cloud.cloud().ses().messagesTo(approver), l -> !l.isEmpty()).get(0).links());
            BriefHttp.Link financeLink = BriefHttp.reviewLink(await().atMost(BriefHttp.LAMBDA)
                    .until(() -> cloud.cloud().ses().messagesTo(finance), l -> !l.isEmpty()).get(0).links());

            String approverCsrf = BriefHttp.csrf(api.get(approverLink.path()).body());
            assertThat(api.postForm(approverLink.path(), Map.of("csrf", approverCsrf, "decision", "approve"))
                    .status()).isEqualTo(200);

            // Asking for changes needs a comment: without one the decision is incomplete and nothing is recorded.
            String financeCsrf = BriefHttp.csrf(api.get(financeLink.path()).body());
            BriefHttp.Reply incomplete = api.postForm(financeLink.path(), Map.of("csrf", financeCsrf,
                    "decision", "changes"));
            assertThat(incomplete.status()).isEqualTo(400);
            assertThat(incomplete.body()).contains("Decision incomplete");
            assertUnchanged(api, sfn, id, executionArn, alice, financeLink, "pending");
            BriefHttp.Reply changes = api.postForm(financeLink.path(), Map.of("csrf", financeCsrf,
                    "decision", "changes", "comment", "Cut media to 4000 EUR"));
            assertThat(changes.status()).as(changes.body()).isEqualTo(200);

            await().atMost(BriefHttp.LAMBDA).until(() -> sfn.describeExecution(r -> r.executionArn(executionArn))
                    .status() == ExecutionStatus.SUCCEEDED);
            JsonNode returned = api.read(id, alice);
            assertThat(returned.path("status").asText()).isEqualTo("draft");
            assertThat(returned.path("version").asLong()).isEqualTo(3);
            assertThat(returned.path("budget").path("approval").asText()).isEqualTo("not_submitted");
            await().atMost(BriefHttp.LAMBDA).until(() -> changedEvents.drain().stream()
                    .anyMatch(e -> e.contains("\"" + id + "\"")));
            JsonNode comments = api.api("GET", "/briefs/" + id + "/comments", null, alice).json().path("items");
            assertThat(comments).anySatisfy(c -> {
                assertThat(c.path("author").asText()).isEqualTo(finance);
                assertThat(c.path("body").asText()).isEqualTo("[budget changes] Cut media to 4000 EUR");
            });
            assertThat(chain(api.items("BRIEF#" + id), "AUDIT#")).extracting(i -> i.get("action").s())
                    .containsExactly("brief.created", "brief.status.submitted", "brief.approvals.returned");

            // Resubmitted, it goes out again: a new round, new links; the old ones stay decided.
            BriefHttp.Reply again = api.api("POST", "/briefs/" + id + "/submit", "{\"expectedVersion\":3}", alice);
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            await().atMost(BriefHttp.LAMBDA).until(() -> cloud.cloud().ses().messagesTo(finance).size() == 2);
            BriefHttp.Link second = BriefHttp.reviewLink(cloud.cloud().ses().messagesTo(finance).get(1).links());
            assertThat(second.nonce()).isNotEqualTo(financeLink.nonce());
            assertThat(api.get(second.path()).status()).isEqualTo(200);
            assertThat(api.get(financeLink.path()).status()).isEqualTo(409);
            assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine)).executions().stream()
                    .filter(e -> e.status() == ExecutionStatus.RUNNING)
                    .map(e -> parse(sfn.describeExecution(r -> r.executionArn(e.executionArn())).input()))
                    .filter(in -> id.equals(in.path("brief").path("id").asText()))).hasSize(1);
        }
    }

    /** The brief's own chain (created → submitted → approved) and its approval chain, hash-linked in order. */
    private static void assertAudit(BriefHttp api, String id, String approver, String legal) {
        List<Map<String, AttributeValue>> items = api.items("BRIEF#" + id);
        List<Map<String, AttributeValue>> briefChain = chain(items, "AUDIT#");
        assertThat(briefChain).extracting(i -> i.get("action").s())
                .containsExactly("brief.created", "brief.status.submitted", "brief.approvals.approved");
        assertThat(briefChain.get(2).get("detail").s()).contains("brief:" + approver + "=approve")
                .contains("fine_print:" + legal + "=approve");

        List<Map<String, AttributeValue>> approvals = chain(items, "APPROVAL_AUDIT#");
        List<String> actions = approvals.stream().map(i -> i.get("action").s() + " " + i.get("detail").s()).toList();
        assertThat(actions).filteredOn(a -> a.startsWith("approval.requested ")).hasSize(2);
        assertThat(actions).filteredOn(a -> a.startsWith("approval.viewed ")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(actions).filteredOn(a -> a.startsWith("approval.decided ")).hasSize(2)
                .allMatch(a -> a.contains("decision=approve"));
        assertThat(actions).anyMatch(a -> a.startsWith("approval.refused reason=already_decided"))
                .anyMatch(a -> a.startsWith("approval.refused reason=bad_csrf"));
    }

    /** The items of one audit chain in sequence order, checked to be hash-linked from the genesis value. */
    private static List<Map<String, AttributeValue>> chain(List<Map<String, AttributeValue>> items, String prefix) {
        List<Map<String, AttributeValue>> chain = items.stream().filter(i -> BriefHttp.sk(i).startsWith(prefix))
                .sorted(Comparator.comparingLong(i -> Long.parseLong(i.get("seq").n()))).toList();
        assertThat(chain).as("audit chain %s", prefix).isNotEmpty();
        String prev = "0".repeat(64);
        for (Map<String, AttributeValue> entry : chain) {
            assertThat(entry.get("prevHash").s()).as("%s links to its predecessor", BriefHttp.sk(entry))
                    .isEqualTo(prev);
            prev = entry.get("hash").s();
        }
        return chain;
    }

    /** Still submitted at version 2, the execution still waiting, and the link in the given state. */
    private static void assertUnchanged(BriefHttp api, SfnClient sfn, String id, String executionArn, String token,
                                        BriefHttp.Link link, String linkState) {
        JsonNode brief = api.read(id, token);
        assertThat(brief.path("status").asText()).isEqualTo("submitted");
        assertThat(brief.path("version").asLong()).isEqualTo(2);
        assertThat(sfn.describeExecution(r -> r.executionArn(executionArn)).status())
                .isEqualTo(ExecutionStatus.RUNNING);
        assertThat(api.link(link.nonce()).get("state").s()).isEqualTo(linkState);
    }

    static String briefApprovalMachine(SfnClient sfn) {
        List<StateMachineListItem> machines = sfn.listStateMachines().stateMachines();
        return machines.stream().filter(m -> m.name().contains("BriefApproval")).findFirst()
                .map(StateMachineListItem::stateMachineArn)
                .orElseThrow(() -> new AssertionError("no brief-approval state machine among " + machines));
    }

    /** The execution started for this brief (its input is the Brief Submitted detail), or null. */
    static ExecutionListItem executionFor(SfnClient sfn, String machine, String briefId) {
        for (ExecutionListItem e : sfn.listExecutions(r -> r.stateMachineArn(machine)).executions()) {
            String input = sfn.describeExecution(r -> r.executionArn(e.executionArn())).input();
            if (parse(input).path("brief").path("id").asText().equals(briefId)) {
                return e;
            }
        }
        return null;
    }

    static String randomNonce() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static JsonNode parse(String json) {
        try {
            return BriefHttp.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
