package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.clock.LocalClock;
import dam.local.ses.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Issue 5 approval rounds over time, on a frozen clock shared by the local cloud and its functions. Two briefs go out
 * for approval at once:
 * <ul>
 *   <li>A: its approver's link is opened, then time moves past the link's validity (7 days) — the page and the form
 *       answer 410 and nothing changes; past the task's heartbeat deadline the round ends without a decision and the
 *       brief goes back to draft, never to approved;</li>
 *   <li>B: edited while out for approval, it is withdrawn to draft at once (its link now answers 409 superseded);
 *       resubmitted a day later it goes out again, and when the first round finally times out it does not overrule
 *       the second, which the approver then decides.</li>
 * </ul>
 */
class BriefApprovalExpiryE2ETest {

    /** RequestApproval's default link validity (no due date in the request). */
    private static final Duration LINK_VALIDITY = Duration.ofDays(7);
    /** brief-approval.asl.json: RequestApproval's HeartbeatSeconds. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(608_400);

    @Test
    void expiredLinksAreRefusedAndLateRoundsChangeNothing() throws Exception {
        // Start at the wall clock so the functions and this test agree on "today" for due dates.
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (LocalClock clock = LocalClock.fixed(start);
             TestCloud cloud = TestCloud.start(TestCloud.freshStateDir("brief-expiry"), clock);
             SfnClient sfn = BriefApprovalE2ETest.sfn(cloud)) {
            BriefHttp api = new BriefHttp(cloud);
            String run = UUID.randomUUID().toString().substring(0, 8);
            String requester = "alice-" + run + "@acme.example";
            String approverA = "approver-a-" + run + "@acme.example";
            String approverB = "approver-b-" + run + "@acme.example";
            String machine = BriefApprovalE2ETest.briefApprovalMachine(sfn);
            String a = submit(api, requester, "Expiring approval " + run, approverA);
            String b = submit(api, requester, "Edited under approval " + run, approverB);
            String roundA = execution(sfn, machine, a);
            String firstRoundB = execution(sfn, machine, b);
            BriefHttp.Link linkA = BriefHttp.reviewLink(mailsTo(cloud, approverA, 1).get(0).links());
            BriefHttp.Link firstLinkB = BriefHttp.reviewLink(mailsTo(cloud, approverB, 1).get(0).links());
            BriefHttp.Reply pageA = api.get(linkA.path());
            assertThat(pageA.status()).as(pageA.body()).isEqualTo(200);
            Map<String, String> approveA = Map.of("csrf", BriefHttp.csrf(pageA.body()), "decision", "approve");

            // B is edited while its approver has not decided yet: withdrawn to draft, the link is superseded.
            BriefHttp.Reply edit = api.api("PATCH", "/briefs/" + b, "{\"expectedVersion\":2,\"audience\":\"Teens\"}",
                    api.token(requester, "creator"));
            assertThat(edit.status()).as(edit.body()).isEqualTo(200);
            assertThat(edit.json().path("status").asText()).isEqualTo("draft");
            assertThat(edit.json().path("version").asLong()).isEqualTo(3);
            BriefHttp.Reply superseded = api.get(firstLinkB.path());
            assertThat(superseded.status()).isEqualTo(409);
            assertThat(superseded.body()).contains("Superseded");

            // A day later B goes out again: a second round with a new link.
            clock.advance(Duration.ofDays(1));
            BriefHttp.Reply resubmitted = api.api("POST", "/briefs/" + b + "/submit", "{\"expectedVersion\":3}",
                    api.token(requester, "creator"));
            assertThat(resubmitted.status()).as(resubmitted.body()).isEqualTo(200);
            BriefHttp.Link secondLinkB = BriefHttp.reviewLink(mailsTo(cloud, approverB, 2).get(1).links());
            assertThat(secondLinkB.nonce()).isNotEqualTo(firstLinkB.nonce());

            // Past A's link validity, before its task's heartbeat deadline: the link is dead, the round waits.
            clock.advance(LINK_VALIDITY.minus(Duration.ofDays(1)).plusMinutes(1));
            BriefHttp.Reply expiredPage = api.get(linkA.path());
            assertThat(expiredPage.status()).isEqualTo(410);
            assertThat(expiredPage.body()).contains("Link expired");
            assertThat(api.postForm(linkA.path(), approveA).status()).isEqualTo(410);
            assertThat(api.link(linkA.nonce()).get("state").s()).isEqualTo("pending");
            assertBrief(api, requester, a, "submitted", 2);
            assertThat(status(sfn, roundA)).isEqualTo(ExecutionStatus.RUNNING);

            // Past the heartbeat deadline of the first rounds: no decision counts as none — A returns to draft, never
            // approved; B's first round ends too, and leaves B's second round alone.
            BusObserver changed = new BusObserver(cloud, "dam", "{\"detail-type\":[\"Brief Changed\"]}");
            clock.advance(HEARTBEAT.minus(LINK_VALIDITY).plusMinutes(1));
            await().atMost(BriefHttp.LAMBDA).until(() -> status(sfn, roundA) == ExecutionStatus.SUCCEEDED
                    && status(sfn, firstRoundB) == ExecutionStatus.SUCCEEDED);
            assertBrief(api, requester, a, "draft", 3);
            await().atMost(BriefHttp.LAMBDA).until(() -> changed.drain().stream()
                    .anyMatch(e -> e.contains("\"" + a + "\"")));
            assertThat(api.postForm(linkA.path(), approveA).status()).isEqualTo(410);
            assertThat(api.link(linkA.nonce()).get("state").s()).isEqualTo("pending");
            assertBrief(api, requester, a, "draft", 3);
            assertBrief(api, requester, b, "submitted", 4);

            // B's approver decides the current round.
            BriefHttp.Reply pageB = api.get(secondLinkB.path());
            assertThat(pageB.status()).as(pageB.body()).isEqualTo(200);
            assertThat(api.postForm(secondLinkB.path(), Map.of("csrf", BriefHttp.csrf(pageB.body()),
                    "decision", "approve")).status()).isEqualTo(200);
            await().atMost(BriefHttp.LAMBDA).until(() -> "approved".equals(api.read(b, api.token(requester,
                    "creator")).path("status").asText()));
            assertBrief(api, requester, b, "approved", 5);
        }
    }

    /** Creates a brief with one brief approver and submits it; returns its id. */
    private static String submit(BriefHttp api, String requester, String title, String approver) {
        ObjectNode body = BriefHttp.brief(title);
        body.putArray("approvals").add(BriefHttp.JSON.createObjectNode().put("kind", "brief")
                .put("approver", approver));
        String token = api.token(requester, "creator");
        String id = api.create(body, token).path("id").asText();
        BriefHttp.Reply submitted = api.api("POST", "/briefs/" + id + "/submit", "{\"expectedVersion\":1}", token);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        return id;
    }

    private static String execution(SfnClient sfn, String machine, String briefId) {
        return await().atMost(BriefHttp.LAMBDA)
                .until(() -> BriefApprovalE2ETest.executionFor(sfn, machine, briefId), e -> e != null)
                .executionArn();
    }

    private static List<OutboxMessage> mailsTo(TestCloud cloud, String address, int count) {
        return await().atMost(BriefHttp.LAMBDA).until(() -> cloud.cloud().ses().messagesTo(address),
                l -> l.size() >= count);
    }

    private static ExecutionStatus status(SfnClient sfn, String executionArn) {
        return sfn.describeExecution(r -> r.executionArn(executionArn)).status();
    }

    /** Tokens live an hour and the clock jumps days: each read signs in afresh. */
    private static void assertBrief(BriefHttp api, String requester, String id, String status, long version) {
        JsonNode brief = api.read(id, api.token(requester, "creator"));
        assertThat(brief.path("status").asText()).as("status of %s", id).isEqualTo(status);
        assertThat(brief.path("version").asLong()).as("version of %s", id).isEqualTo(version);
    }
}
