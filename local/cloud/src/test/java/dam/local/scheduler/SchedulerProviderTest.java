package dam.local.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import dam.local.clock.LocalClock;
import dam.local.events.Calls;
import dam.local.events.EventsProvider;
import dam.local.events.Json;
import dam.local.events.RecordingDispatcher;
import dam.local.sqs.SqsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dam.local.events.Calls.error;
import static dam.local.events.Calls.q;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulerProviderTest {

    private static final String FN = "arn:aws:lambda:us-east-1:000000000000:function:";
    private static final String ROLE = "arn:aws:iam::000000000000:role/scheduler";

    @TempDir
    Path dir;
    private LocalClock clock;
    private RecordingDispatcher lambdas;
    private SqsProvider sqs;
    private EventsProvider events;
    private SchedulerProvider scheduler;

    @BeforeEach
    void start() {
        clock = LocalClock.fixed(Instant.parse("2026-03-01T10:00:00Z"));
        lambdas = new RecordingDispatcher();
        sqs = new SqsProvider(clock, dir);
        events = new EventsProvider(clock, dir, sqs, lambdas);
        scheduler = new SchedulerProvider(clock, dir, events.dispatcher(), sqs);
    }

    @AfterEach
    void stop() {
        scheduler.close();
        events.close();
        sqs.close();
        clock.close();
    }

    private void restartScheduler() {
        scheduler.close();
        scheduler = new SchedulerProvider(clock, dir, events.dispatcher(), sqs);
    }

    private JsonNode create(String name, String expression, String targetArn, String extra) {
        return Calls.rest(scheduler, "scheduler", "POST", "/schedules/" + name, null, body(expression, targetArn, extra));
    }

    private static String body(String expression, String targetArn, String extra) {
        return "{\"ScheduleExpression\":" + q(expression) + ",\"FlexibleTimeWindow\":{\"Mode\":\"OFF\"},"
                + "\"Target\":{\"Arn\":" + q(targetArn) + ",\"RoleArn\":" + q(ROLE) + ",\"Input\":"
                + q("{\"at\":\"<aws.scheduler.scheduled-time>\"}") + "}" + extra + "}";
    }

    private JsonNode get(String name, String group) {
        return Calls.rest(scheduler, "scheduler", "GET", "/schedules/" + name, group == null ? null : "groupName=" + group, null);
    }

    /** Advances the clock and waits until every timer that became due has run and its deliveries finished. */
    private void advanceAndSettle(Duration by, int expectedTimerRuns) {
        clock.advance(by);
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.timersRun() >= expectedTimerRuns
                && scheduler.pendingDeliveries() == 0 && events.pendingDeliveries() == 0);
    }

    @Test
    void oneTimeScheduleFiresExactlyOnceAtItsTime() {
        JsonNode created = create("reminder", "at(2026-03-01T12:00:00)", FN + "remind", "");
        assertEquals("arn:aws:scheduler:us-east-1:000000000000:schedule/default/reminder", created.get("ScheduleArn").asText());
        advanceAndSettle(Duration.ofMinutes(119), 0);
        assertEquals(0, lambdas.attempts(FN + "remind"));
        advanceAndSettle(Duration.ofMinutes(1), 1);
        assertEquals(List.of("{\"at\":\"2026-03-01T12:00:00Z\"}"), lambdas.inputs(FN + "remind"));
        advanceAndSettle(Duration.ofDays(3), 1);
        assertEquals(1, lambdas.attempts(FN + "remind"));
        assertEquals("ENABLED", get("reminder", null).get("State").asText(), "ActionAfterCompletion NONE keeps it");
    }

    @Test
    void movedScheduleFiresOnlyAtTheNewTime() {
        create("reminder", "at(2026-03-01T11:00:00)", FN + "remind", "");
        Calls.rest(scheduler, "scheduler", "PUT", "/schedules/reminder", null,
                body("at(2026-03-01T13:00:00)", FN + "remind", ""));
        advanceAndSettle(Duration.ofHours(1), 1); // the stale 11:00 timer runs and does nothing
        assertEquals(0, lambdas.attempts(FN + "remind"));
        advanceAndSettle(Duration.ofHours(2), 2);
        assertEquals(List.of("{\"at\":\"2026-03-01T13:00:00Z\"}"), lambdas.inputs(FN + "remind"));
        assertEquals("at(2026-03-01T13:00:00)", get("reminder", null).get("ScheduleExpression").asText());
    }

    @Test
    void deletedScheduleNeverFires() {
        create("reminder", "at(2026-03-01T11:00:00)", FN + "remind", "");
        Calls.rest(scheduler, "scheduler", "DELETE", "/schedules/reminder", null, null);
        advanceAndSettle(Duration.ofHours(2), 1);
        assertEquals(0, lambdas.attempts(FN + "remind"));
        error("ResourceNotFoundException", () -> get("reminder", null));
    }

    @Test
    void duplicatesMissingAndInvalidRequests() {
        create("once", "at(2026-03-02T00:00:00)", FN + "x", "");
        assertEquals(409, error("ConflictException", () -> create("once", "at(2026-03-03T00:00:00)", FN + "x", "")).status());
        assertEquals(404, error("ResourceNotFoundException", () -> get("missing", null)).status());
        error("ResourceNotFoundException", () -> Calls.rest(scheduler, "scheduler", "PUT", "/schedules/missing", null,
                body("at(2026-03-02T00:00:00)", FN + "x", "")));
        error("ResourceNotFoundException", () -> create("in-missing-group", "at(2026-03-02T00:00:00)", FN + "x", ",\"GroupName\":\"nope\""));
        error("ValidationException", () -> create("bad-expr", "at(tomorrow)", FN + "x", ""));
        error("ValidationException", () -> create("bad-cron", "cron(0 9 L * ? *)", FN + "x", ""));
        error("ValidationException", () -> create("bad-tz", "at(2026-03-02T00:00:00)", FN + "x", ",\"ScheduleExpressionTimezone\":\"Mars/Base\""));
        error("ValidationException", () -> create("universal", "at(2026-03-02T00:00:00)", "arn:aws:scheduler:::aws-sdk:sqs:sendMessage", ""));
        error("ValidationException", () -> create("bad name", "at(2026-03-02T00:00:00)", FN + "x", ""));
        error("ValidationException", () -> Calls.rest(scheduler, "scheduler", "POST", "/schedules/no-window", null,
                "{\"ScheduleExpression\":\"rate(1 hour)\",\"Target\":{\"Arn\":\"" + FN + "x\",\"RoleArn\":\"" + ROLE + "\"}}"));
        JsonNode list = Calls.rest(scheduler, "scheduler", "GET", "/schedules", null, null);
        assertEquals(1, list.get("Schedules").size(), "rejected schedules are not stored");
    }

    @Test
    void restartRearmsPendingSchedulesAndFiresOverdueOneTimeSchedulesOnce() {
        create("overdue", "at(2026-03-01T11:00:00)", FN + "overdue", "");
        create("future", "at(2026-03-01T15:00:00)", FN + "future", "");
        scheduler.close();
        clock.advance(Duration.ofHours(2)); // 12:00: "overdue" came due while the scheduler was down
        scheduler = new SchedulerProvider(clock, dir, events.dispatcher(), sqs);
        await().until(() -> lambdas.attempts(FN + "overdue") == 1);
        restartScheduler();
        advanceAndSettle(Duration.ofHours(3), 1);
        assertEquals(1, lambdas.attempts(FN + "overdue"), "an overdue schedule fires once, not once per restart");
        assertEquals(List.of("{\"at\":\"2026-03-01T15:00:00Z\"}"), lambdas.inputs(FN + "future"));
    }

    @Test
    void rateSchedulesRepeatAndDisabledSchedulesDoNot() {
        create("hourly", "rate(1 hour)", FN + "hourly", "");
        create("paused", "rate(1 hour)", FN + "paused", ",\"State\":\"DISABLED\"");
        advanceAndSettle(Duration.ofHours(1), 1);
        advanceAndSettle(Duration.ofHours(1), 2);
        assertEquals(List.of("{\"at\":\"2026-03-01T11:00:00Z\"}", "{\"at\":\"2026-03-01T12:00:00Z\"}"), lambdas.inputs(FN + "hourly"));
        assertEquals(0, lambdas.attempts(FN + "paused"));
        JsonNode disabled = Calls.rest(scheduler, "scheduler", "GET", "/schedules", "State=DISABLED", null);
        assertEquals("paused", disabled.get("Schedules").get(0).get("Name").asText());
    }

    @Test
    void cronScheduleInItsTimeZone() {
        create("morning", "cron(0 9 * * ? *)", FN + "morning", ",\"ScheduleExpressionTimezone\":\"Europe/Paris\"");
        advanceAndSettle(Duration.ofHours(22), 1); // 2026-03-02T08:00Z = 09:00 Paris
        assertEquals(List.of("{\"at\":\"2026-03-02T08:00:00Z\"}"), lambdas.inputs(FN + "morning"));
    }

    @Test
    void actionAfterCompletionDeleteRemovesTheSchedule() {
        create("once", "at(2026-03-01T10:30:00)", FN + "once", ",\"ActionAfterCompletion\":\"DELETE\"");
        advanceAndSettle(Duration.ofMinutes(30), 1);
        assertEquals(1, lambdas.attempts(FN + "once"));
        error("ResourceNotFoundException", () -> get("once", null));
    }

    @Test
    void sqsAndEventBusTargetsAndDeadLetters() {
        Calls.json(sqs, "sqs", "CreateQueue", "{\"QueueName\":\"inbox\"}");
        Calls.json(sqs, "sqs", "CreateQueue", "{\"QueueName\":\"dlq\"}");
        Calls.json(events, "events", "CreateArchive", "{\"ArchiveName\":\"seen\",\"EventSourceArn\":\"default\"}");
        lambdas.failAlways(FN + "down");
        create("to-queue", "at(2026-03-01T10:10:00)", SqsProvider.arn("inbox"), "");
        Calls.rest(scheduler, "scheduler", "POST", "/schedules/to-bus", null,
                "{\"ScheduleExpression\":\"at(2026-03-01T10:10:00)\",\"FlexibleTimeWindow\":{\"Mode\":\"FLEXIBLE\",\"MaximumWindowInMinutes\":15},"
                        + "\"Target\":{\"Arn\":\"arn:aws:events:us-east-1:000000000000:event-bus/default\",\"RoleArn\":\"" + ROLE + "\","
                        + "\"Input\":\"{\\\"rights\\\":\\\"r-1\\\"}\",\"EventBridgeParameters\":{\"Source\":\"dam.scheduler\",\"DetailType\":\"Rights Expiring\"}}}");
        create("failing", "at(2026-03-01T10:10:00)", FN + "down",
                ",\"Target\":{\"Arn\":\"" + FN + "down\",\"RoleArn\":\"" + ROLE + "\",\"RetryPolicy\":{\"MaximumRetryAttempts\":0},"
                        + "\"DeadLetterConfig\":{\"Arn\":\"" + SqsProvider.arn("dlq") + "\"}}");
        advanceAndSettle(Duration.ofMinutes(10), 3);

        JsonNode inbox = Calls.json(sqs, "sqs", "ReceiveMessage", "{\"QueueUrl\":" + q(sqs.queueUrl("inbox")) + "}");
        assertEquals("{\"at\":\"2026-03-01T10:10:00Z\"}", inbox.get("Messages").get(0).get("Body").asText());
        List<String> archived = events.archivedEvents("seen");
        assertEquals(1, archived.size());
        JsonNode event = Json.parseOrNull(archived.get(0));
        assertEquals("Rights Expiring", event.get("detail-type").asText());
        assertEquals("r-1", event.get("detail").get("rights").asText());
        JsonNode dead = Calls.json(sqs, "sqs", "ReceiveMessage", "{\"QueueUrl\":" + q(sqs.queueUrl("dlq"))
                + ",\"MessageAttributeNames\":[\"All\"]}").get("Messages").get(0);
        assertEquals("arn:aws:scheduler:us-east-1:000000000000:schedule/default/failing",
                dead.get("MessageAttributes").get("SCHEDULE_ARN").get("StringValue").asText());
        assertEquals(1, lambdas.attempts(FN + "down"), "MaximumRetryAttempts 0 means one attempt");
    }

    @Test
    void groupsScopeSchedulesAndDeletingAGroupDeletesItsSchedules() {
        Calls.rest(scheduler, "scheduler", "POST", "/schedule-groups/expiry", null, "{}");
        error("ConflictException", () -> Calls.rest(scheduler, "scheduler", "POST", "/schedule-groups/expiry", null, "{}"));
        create("same-name", "at(2026-03-01T11:00:00)", FN + "grouped", ",\"GroupName\":\"expiry\"");
        create("same-name", "at(2026-03-01T11:00:00)", FN + "plain", "");
        assertEquals("expiry", get("same-name", "expiry").get("GroupName").asText());
        JsonNode inGroup = Calls.rest(scheduler, "scheduler", "GET", "/schedules", "ScheduleGroup=expiry", null);
        assertEquals(1, inGroup.get("Schedules").size());
        assertEquals(2, Calls.rest(scheduler, "scheduler", "GET", "/schedule-groups", null, null).get("ScheduleGroups").size());
        Calls.rest(scheduler, "scheduler", "DELETE", "/schedule-groups/expiry", null, null);
        error("ResourceNotFoundException", () -> get("same-name", "expiry"));
        error("ValidationException", () -> Calls.rest(scheduler, "scheduler", "DELETE", "/schedule-groups/default", null, null));
        advanceAndSettle(Duration.ofHours(1), 2);
        assertEquals(0, lambdas.attempts(FN + "grouped"));
        assertEquals(1, lambdas.attempts(FN + "plain"));
        restartScheduler();
        assertTrue(Calls.rest(scheduler, "scheduler", "GET", "/schedules", null, null).get("Schedules").size() == 1);
    }
}
