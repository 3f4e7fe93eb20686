package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dam.local.clock.LocalClock;
import dam.local.ses.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Issue 7 review deadlines on a frozen clock shared by the local cloud and its functions. The brand stage (Ann and Ben,
 * all must approve) is due 3 days after it starts: Ann approves at once; Ben does nothing. Scheduler fires Ben's
 * reminder a day before the due date and the escalation to the stage owner (the brief's requester) on it — each once.
 * Past the link's validity (due + 2 days) Ben's link answers 410 on GET and POST and changes nothing; when the task's
 * timeout passes the round closes as expired, never approved.
 */
class ReviewOverdueE2ETest {

    /** ReviewSettings.defaults: stage due after 3 days, reminder 1 day before, link valid 2 days past due. */
    private static final Duration DUE = Duration.ofDays(3);
    private static final Duration REMINDER_LEAD = Duration.ofDays(1);
    private static final Duration ESCALATION_GRACE = Duration.ofDays(2);

    @Test
    void overdueReviewerIsRemindedThenTheOwnerIsToldThenTheLinkExpires() throws Exception {
        // Start at the wall clock so the functions and this test agree on "today" for the brief's due date.
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (LocalClock clock = LocalClock.fixed(start);
             TestCloud cloud = TestCloud.start(TestCloud.freshStateDir("review-overdue"), clock);
             ReviewFixture f = new ReviewFixture(cloud)) {
            String alice = f.user("alice");
            String ann = f.user("ann");
            String ben = f.user("ben");
            String asset = f.upload(f.brief(alice, List.of(ann, ben)), 1);
            f.awaitReady(asset, 1);
            String execution = f.execution(asset, 1);
            BriefHttp.Link annLink = f.link(ann, 1);
            BriefHttp.Link benLink = f.link(ben, 1);
            await().atMost(ReviewFixture.LAMBDA).until(() -> stage(f, asset).path("slots")
                    .findValues("linkHash").size() == 2);
            Instant due = Instant.parse(stage(f, asset).path("dueAt").asText());
            assertThat(due).isEqualTo(Instant.parse(stage(f, asset).path("startedAt").asText()).plus(DUE));
            BriefHttp.Reply annPage = f.http.get(annLink.path());
            assertThat(f.http.postForm(annLink.path(), Map.of("csrf", BriefHttp.csrf(annPage.body()),
                    "decision", "approve")).status()).isEqualTo(200);
            BriefHttp.Reply benPage = f.http.get(benLink.path());
            assertThat(benPage.status()).isEqualTo(200);
            Map<String, String> benApproves = Map.of("csrf", BriefHttp.csrf(benPage.body()), "decision", "approve");

            // A minute past the reminder time: Ben (only Ben: Ann decided) gets one reminder. It cannot repeat his
            // link (only the nonce's hash is stored): it points at the request mail and the console.
            advanceTo(clock, cloud, due.minus(REMINDER_LEAD).plusSeconds(60), true);
            List<OutboxMessage> reminders = await().atMost(ReviewFixture.LAMBDA)
                    .until(() -> f.mailsTo(ben, "Reminder:"), l -> !l.isEmpty());
            assertThat(reminders.get(0).text()).contains("/#/assets/" + asset + "/review")
                    .doesNotContain(benLink.nonce());
            assertThat(f.mailsTo(ann, "Reminder:")).isEmpty();
            assertThat(f.mailsTo(alice, "Overdue")).isEmpty();

            // Past the due date: the stage owner hears about Ben, once; Ben still may decide.
            advanceTo(clock, cloud, due.plusSeconds(60), true);
            List<OutboxMessage> escalations = await().atMost(ReviewFixture.LAMBDA)
                    .until(() -> f.mailsTo(alice, "Overdue review:"), l -> !l.isEmpty());
            assertThat(escalations.get(0).subject()).endsWith("(brand)");
            assertThat(escalations.get(0).text()).contains(ben);
            awaitQuiet(cloud);
            assertThat(f.mailsTo(ben, "Reminder:")).hasSize(1);
            assertThat(f.mailsTo(alice, "Overdue review:")).hasSize(1);
            assertThat(f.mailsTo(ann, "Overdue review:")).isEmpty();
            JsonNode benSlot = slot(f, asset, ben);
            assertThat(benSlot.path("reminded").asBoolean()).isTrue();
            assertThat(benSlot.path("escalated").asBoolean()).isTrue();
            assertThat(f.audit(asset)).extracting(e -> e.get("action").s())
                    .containsOnlyOnce("review.reminded", "review.escalated");
            assertThat(f.http.get(benLink.path()).status()).isEqualTo(200);
            assertThat(f.status(execution)).isEqualTo(ExecutionStatus.RUNNING);

            // Past the link's validity: a clear 410 page for GET and POST, the link still undecided, audited.
            int auditBefore = f.audit(asset).size();
            advanceTo(clock, cloud, due.plus(ESCALATION_GRACE).plusSeconds(60), false);
            BriefHttp.Reply expired = f.http.get(benLink.path());
            assertThat(expired.status()).isEqualTo(410);
            assertThat(expired.body()).contains("Link expired");
            assertThat(f.http.postForm(benLink.path(), benApproves).status()).isEqualTo(410);
            assertThat(f.http.link(benLink.nonce()).get("state").s()).isEqualTo("pending");
            assertThat(ReviewFixture.since(f.audit(asset), auditBefore)).extracting(e -> e.get("detail").s())
                    .filteredOn(d -> d.contains("reason=expired")).hasSize(2);

            // Past the task's timeout (link expiry + 1 h): the round closes as expired — no decision, no approval.
            BusObserver closed = new BusObserver(cloud, "dam", "{\"detail-type\":[\"Review Round Closed\"]}");
            advanceTo(clock, cloud, due.plus(ESCALATION_GRACE).plus(Duration.ofHours(1)).plusSeconds(120), false);
            await().atMost(ReviewFixture.LAMBDA).until(() -> f.status(execution) == ExecutionStatus.SUCCEEDED);
            assertThat(f.reviewDoc(asset).path("status").asText()).isEqualTo("expired");
            JsonNode event = await().atMost(ReviewFixture.LAMBDA).until(() -> closed.drain().stream()
                    .map(BriefApprovalE2ETest::parse).filter(e -> asset.equals(e.path("detail").path("assetId")
                            .asText())).findFirst().orElse(null), e -> e != null);
            assertThat(event.path("detail").path("outcome").asText()).isEqualTo("expired");
            assertThat(event.path("detail").path("stages").get(0).path("votes").findValuesAsText("decision"))
                    .containsExactlyInAnyOrder("approve", "none");
            assertThat(f.mailsTo(ben, "Reminder:")).hasSize(1);
            assertThat(f.mailsTo(alice, "Overdue review:")).hasSize(1);
        }
    }

    /**
     * Moves the frozen clock to {@code target}; when review schedules fall due on the way, they have run (and their
     * invocations finished) before this returns.
     */
    private static void advanceTo(LocalClock clock, TestCloud cloud, Instant target, boolean schedulesDue) {
        int timersBefore = cloud.cloud().scheduler().timersRun();
        clock.advance(Duration.between(clock.instant(), target));
        if (schedulesDue) {
            await().atMost(Duration.ofSeconds(30)).until(() -> cloud.cloud().scheduler().timersRun() > timersBefore);
        }
        awaitQuiet(cloud);
    }

    /** Nothing left in flight: no schedule delivery and no asynchronous invocation still running or retrying. */
    private static void awaitQuiet(TestCloud cloud) {
        await().atMost(ReviewFixture.LAMBDA).until(() -> cloud.cloud().scheduler().pendingDeliveries() == 0
                && cloud.cloud().lambda().pendingAsync() == 0);
    }

    private static JsonNode stage(ReviewFixture f, String asset) {
        return f.reviewDoc(asset).path("rounds").get(0).path("stages").get(0);
    }

    private static JsonNode slot(ReviewFixture f, String asset, String reviewer) {
        for (JsonNode s : stage(f, asset).path("slots")) {
            if (s.path("reviewer").asText().equals(reviewer)) {
                return s;
            }
        }
        throw new AssertionError("no slot for " + reviewer);
    }
}
