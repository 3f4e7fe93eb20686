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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Issue 5 approval links expire: on a frozen clock shared by the local cloud and its functions, a brief approver's link
 * is opened, then time moves past the link's validity (7 days) — the page and the form answer 410 and nothing changes.
 * When the task's heartbeat deadline passes too, the round ends without a decision: the brief goes back to draft,
 * never to approved.
 */
class BriefApprovalExpiryE2ETest {

    /** RequestApproval's default link validity (no due date in the request). */
    private static final Duration LINK_VALIDITY = Duration.ofDays(7);
    /** brief-approval.asl.json: RequestApproval's HeartbeatSeconds. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(608_400);

    @Test
    void expiredLinkIsRefusedWithoutChangingAnythingAndNoDecisionIsNeverApproval() throws Exception {
        // Start at the wall clock so the functions and this test agree on "today" for the due date.
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (LocalClock clock = LocalClock.fixed(start);
             TestCloud cloud = TestCloud.start(TestCloud.freshStateDir("brief-expiry"), clock);
             SfnClient sfn = BriefApprovalE2ETest.sfn(cloud)) {
            BriefHttp api = new BriefHttp(cloud);
            String run = UUID.randomUUID().toString().substring(0, 8);
            String requester = "alice-" + run + "@acme.example";
            String approver = "approver-" + run + "@acme.example";
            ObjectNode body = BriefHttp.brief("Expiring approval " + run);
            body.putArray("approvals").add(BriefHttp.JSON.createObjectNode().put("kind", "brief")
                    .put("approver", approver));
            String id = api.create(body, api.token(requester, "creator")).path("id").asText();
            BriefHttp.Reply submitted = api.api("POST", "/briefs/" + id + "/submit", "{\"expectedVersion\":1}",
                    api.token(requester, "creator"));
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);

            String machine = BriefApprovalE2ETest.briefApprovalMachine(sfn);
            String executionArn = await().atMost(BriefHttp.LAMBDA)
                    .until(() -> BriefApprovalE2ETest.executionFor(sfn, machine, id), e -> e != null)
                    .executionArn();
            OutboxMessage mail = await().atMost(BriefHttp.LAMBDA)
                    .until(() -> cloud.cloud().ses().messagesTo(approver), l -> !l.isEmpty()).get(0);
            BriefHttp.Link link = BriefHttp.reviewLink(mail.links());
            BriefHttp.Reply page = api.get(link.path());
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            String csrf = BriefHttp.csrf(page.body());
            Map<String, String> approve = Map.of("csrf", csrf, "decision", "approve");

            // Past the link's validity, before the task's heartbeat deadline: the link is dead, the round waits.
            clock.advance(LINK_VALIDITY.plusMinutes(1));
            BriefHttp.Reply expiredPage = api.get(link.path());
            assertThat(expiredPage.status()).isEqualTo(410);
            assertThat(expiredPage.body()).contains("Link expired");
            BriefHttp.Reply expiredPost = api.postForm(link.path(), approve);
            assertThat(expiredPost.status()).isEqualTo(410);
            assertThat(api.link(link.nonce()).get("state").s()).isEqualTo("pending");
            String token = api.token(requester, "creator"); // tokens live an hour: a fresh one on the new day
            JsonNode waiting = api.read(id, token);
            assertThat(waiting.path("status").asText()).isEqualTo("submitted");
            assertThat(waiting.path("version").asLong()).isEqualTo(2);
            assertThat(sfn.describeExecution(r -> r.executionArn(executionArn)).status())
                    .isEqualTo(ExecutionStatus.RUNNING);

            // Past the heartbeat deadline: no decision counts as none — the brief returns to draft, not approved.
            BusObserver changed = new BusObserver(cloud, "dam", "{\"detail-type\":[\"Brief Changed\"]}");
            clock.advance(HEARTBEAT.minus(LINK_VALIDITY).plusMinutes(1));
            await().atMost(BriefHttp.LAMBDA).until(() -> sfn.describeExecution(r -> r.executionArn(executionArn))
                    .status() == ExecutionStatus.SUCCEEDED);
            JsonNode returned = api.read(id, api.token(requester, "creator"));
            assertThat(returned.path("status").asText()).isEqualTo("draft");
            assertThat(returned.path("version").asLong()).isEqualTo(3);
            await().atMost(BriefHttp.LAMBDA).until(() -> changed.drain().stream()
                    .anyMatch(e -> e.contains("\"" + id + "\"")));
            assertThat(api.postForm(link.path(), approve).status()).isEqualTo(410);
            assertThat(api.link(link.nonce()).get("state").s()).isEqualTo("pending");
            assertThat(api.read(id, api.token(requester, "creator")).path("status").asText()).isEqualTo("draft");
        }
    }
}
