package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.clock.LocalClock;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;

/**
 * Issue 5 reminders through the whole local cloud with a frozen clock: Command Create Brief → brief-intake plans two
 * one-time schedules per milestone → advancing the clock fires them → Scheduler invokes the reminder function → SES
 * outbox. Three briefs, each with its own milestone owner: one left alone, one whose milestone is moved, one whose
 * milestone is deleted.
 */
class MilestoneReminderE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LAMBDA = Duration.ofSeconds(120);
    private static final String GROUP = "dam-reminders";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void remindersFireOnceMoveWithTheirMilestoneAndStopWhenItIsDeleted() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // The functions' own clocks are the wall clock: start the local clock there so both agree on "today".
        try (LocalClock clock = LocalClock.fixed(start);
             TestCloud cloud = TestCloud.start(TestCloud.freshStateDir("reminders"), clock);
             SchedulerClient scheduler = client(cloud, SchedulerClient.builder());
             LambdaClient lambda = client(cloud, LambdaClient.builder())) {
            LocalDate today = LocalDate.ofInstant(start, ZoneOffset.UTC);
            LocalDate due = today.plusDays(5);
            LocalDate moved = today.plusDays(7);
            String run = UUID.randomUUID().toString().substring(0, 8);
            String kept = "kept-" + run + "@example.com";
            String mover = "mover-" + run + "@example.com";
            String dropped = "dropped-" + run + "@example.com";

            BusObserver created = new BusObserver(cloud, "dam", "{\"detail-type\":[\"Brief Created\"]}");
            Map<String, String> briefs = new HashMap<>(); // owner → brief id
            for (String owner : List.of(kept, mover, dropped)) {
                put(cloud, "Command Create Brief", createCommand("Reminders " + owner, owner, due));
            }
            await().atMost(LAMBDA).until(() -> {
                for (String event : created.drain()) {
                    JsonNode brief = JSON.readTree(event).path("detail").path("brief");
                    String title = brief.path("title").asText();
                    if (title.startsWith("Reminders ")) {
                        briefs.put(title.substring("Reminders ".length()), brief.path("id").asText());
                    }
                }
                return briefs.size() == 3;
            });
            String keptId = briefs.get(kept);
            String moverId = briefs.get(mover);
            String droppedId = briefs.get(dropped);
            assertThat(schedulesOf(scheduler, keptId)).containsExactly(
                    "brief-" + keptId + "-m1-due", "brief-" + keptId + "-m1-t2d");
            assertThat(scheduleTime(scheduler, "brief-" + keptId + "-m1-t2d"))
                    .isEqualTo("at(" + due.minusDays(2) + "T09:00:00)");

            // Move one milestone by two days, delete the other; both schedules follow before any time passes.
            BusObserver changed = new BusObserver(cloud, "dam", "{\"detail-type\":[\"Brief Changed\"]}");
            put(cloud, "Command Update Brief", updateCommand(moverId, List.of(milestone(mover, moved))));
            put(cloud, "Command Update Brief", updateCommand(droppedId, List.of()));
            changed.awaitAtLeast(2, LAMBDA);
            await().atMost(LAMBDA).untilAsserted(() -> {
                assertThat(scheduleTime(scheduler, "brief-" + moverId + "-m1-t2d"))
                        .isEqualTo("at(" + moved.minusDays(2) + "T09:00:00)");
                assertThat(schedulesOf(scheduler, droppedId)).isEmpty();
            });

            // A schedule that fires anyway for the old date (say, an update that failed to move it) is stale: the
            // function re-reads the brief and sends nothing.
            FunctionConfiguration function = reminderFunction(lambda);
            scheduler.createSchedule(r -> r.groupName(GROUP).name("stale-" + moverId)
                    .scheduleExpression("at(" + due.minusDays(2) + "T09:00:00)").scheduleExpressionTimezone("UTC")
                    .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.DELETE)
                    .target(t -> t.arn(function.functionArn()).roleArn("arn:aws:iam::000000000000:role/scheduler")
                            .input(reminderInput(moverId, mover, due))));
            long invocations = cloud.cloud().lambda().stats(function.functionName()).invocations();

            // Past the original T-2 days: only the untouched milestone's owner hears about it, exactly once.
            advanceTo(clock, due.minusDays(2), cloud);
            await().atMost(LAMBDA).until(() -> outbox(cloud, kept).size() == 1
                    && cloud.cloud().lambda().stats(function.functionName()).invocations() >= invocations + 2);
            awaitQuiet(cloud);
            assertThat(cloud.cloud().lambda().stats(function.functionName()).invocations())
                    .as("the kept reminder and the stale one both ran").isEqualTo(invocations + 2);
            assertThat(schedulesOf(scheduler, "stale-" + moverId, "")).isEmpty();
            JsonNode first = outbox(cloud, kept).get(0);
            assertThat(first.path("Subject").asText()).contains("Reminder:").contains("is due on " + due);
            assertThat(first.path("Body").path("text_part").asText())
                    .contains("http://127.0.0.1:8080/#/briefs/" + keptId)
                    .contains("First concepts");
            assertThat(first.path("Body").path("html_part").asText()).contains("href=");
            assertThat(outbox(cloud, mover)).isEmpty();
            assertThat(outbox(cloud, dropped)).isEmpty();

            // Scheduler delivers at least once: the same schedule input again sends nothing.
            InvokeResponse again = lambda.invoke(r -> r.functionName(function.functionName()).payload(SdkBytes.fromUtf8String(
                    reminderInput(keptId, kept, due))));
            assertThat(again.functionError()).isNull();
            assertThat(JSON.readTree(again.payload().asUtf8String()).path("status").asText()).isEqualTo("DUPLICATE");
            assertThat(outbox(cloud, kept)).hasSize(1);

            // Past the moved T-2 days (= the original due day): the mover's reminder with its new date, and the
            // untouched milestone's due-day reminder. The deleted milestone never fires.
            advanceTo(clock, moved.minusDays(2), cloud);
            await().atMost(LAMBDA).until(() -> outbox(cloud, mover).size() == 1 && outbox(cloud, kept).size() == 2);
            awaitQuiet(cloud);
            assertThat(outbox(cloud, mover).get(0).path("Subject").asText()).contains("is due on " + moved);
            assertThat(outbox(cloud, kept).get(1).path("Subject").asText()).startsWith("Due today:");
            assertThat(outbox(cloud, mover)).hasSize(1);
            assertThat(outbox(cloud, kept)).hasSize(2);
            assertThat(outbox(cloud, dropped)).isEmpty();
            assertThat(schedulesOf(scheduler, droppedId)).isEmpty();
        }
    }

    /** Moves the frozen clock to a minute past 09:00 UTC on {@code day}, when reminders for that day fire. */
    private static void advanceTo(LocalClock clock, LocalDate day, TestCloud cloud) {
        Instant target = day.atTime(LocalTime.of(9, 1)).toInstant(ZoneOffset.UTC);
        int timersBefore = cloud.cloud().scheduler().timersRun();
        clock.advance(Duration.between(clock.instant(), target));
        // The scheduler's timers for the passed moments have run (stale ones included) before we look further.
        await().atMost(Duration.ofSeconds(30)).until(() -> cloud.cloud().scheduler().timersRun() > timersBefore);
    }

    /** Nothing left in flight: no schedule delivery and no asynchronous invocation still running or retrying. */
    private static void awaitQuiet(TestCloud cloud) {
        await().atMost(LAMBDA).until(() -> cloud.cloud().scheduler().pendingDeliveries() == 0
                && cloud.cloud().lambda().pendingAsync() == 0);
    }

    private List<JsonNode> outbox(TestCloud cloud, String recipient) throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(cloud.endpoint().resolve("/_aws/ses")).GET()
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(res.statusCode()).as("GET /_aws/ses: %s", res.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : JSON.readTree(res.body()).path("messages")) {
            for (JsonNode to : m.path("Destination").path("ToAddresses")) {
                if (to.asText().equals(recipient)) {
                    out.add(m);
                }
            }
        }
        out.sort((a, b) -> a.path("Timestamp").asText().compareTo(b.path("Timestamp").asText()));
        return out;
    }

    private static List<String> schedulesOf(SchedulerClient scheduler, String briefId) {
        return schedulesOf(scheduler, "brief-" + briefId, "-");
    }

    private static List<String> schedulesOf(SchedulerClient scheduler, String prefix, String separator) {
        return scheduler.listSchedules(r -> r.groupName(GROUP).namePrefix(prefix + separator)).schedules()
                .stream().map(ScheduleSummary::name).sorted().toList();
    }

    private static String scheduleTime(SchedulerClient scheduler, String name) {
        return scheduler.getSchedule(r -> r.groupName(GROUP).name(name)).scheduleExpression();
    }

    private static FunctionConfiguration reminderFunction(LambdaClient lambda) {
        return lambda.listFunctions().functions().stream()
                .filter(f -> "dam.expiry.ReminderHandler::handleRequest".equals(f.handler())).findFirst()
                .orElseThrow(() -> new AssertionError("reminder function not deployed"));
    }

    private static String reminderInput(String briefId, String owner, LocalDate due) {
        ObjectNode r = JSON.createObjectNode().put("kind", "milestone.t-2d").put("briefId", briefId)
                .put("milestoneId", "m1").put("milestoneName", "First concepts").put("owner", owner)
                .put("dueDate", due.toString());
        return r.toString();
    }

    private static ObjectNode milestone(String owner, LocalDate due) {
        return JSON.createObjectNode().put("id", "m1").put("name", "First concepts").put("owner", owner)
                .put("dueDate", due.toString());
    }

    private static ObjectNode createCommand(String title, String owner, LocalDate due) throws Exception {
        JsonNode sample = JSON.readTree(Files.readString(TestCloud.repoRoot()
                .resolve("events/samples/command-create-brief.json")));
        ObjectNode detail = (ObjectNode) sample.get("detail").deepCopy();
        detail.put("commandId", "e2e-" + UUID.randomUUID());
        ObjectNode brief = (ObjectNode) detail.get("brief");
        brief.put("title", title);
        brief.put("dueDate", due.plusDays(60).toString());
        ObjectNode m = milestone(owner, due);
        m.remove("id");
        brief.putArray("milestones").add(m);
        return detail;
    }

    private static ObjectNode updateCommand(String briefId, List<ObjectNode> milestones) {
        ObjectNode detail = JSON.createObjectNode().put("version", 1).put("commandId", "e2e-" + UUID.randomUUID())
                .put("requestedBy", "alice@example.com").put("briefId", briefId).put("expectedVersion", 1);
        detail.putObject("changes").putArray("milestones").addAll(milestones);
        return detail;
    }

    private static void put(TestCloud cloud, String detailType, JsonNode detail) {
        try (EventBridgeClient events = cloud.events()) {
            assertThat(events.putEvents(r -> r.entries(e -> e.eventBusName("dam").source("e2e.crm")
                    .detailType(detailType).detail(detail.toString()))).failedEntryCount()).isZero();
        }
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>
            & software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C client(TestCloud cloud,
                                                                                                   B builder) {
        return builder.httpClient(UrlConnectionHttpClient.create()).endpointOverride(cloud.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }
}
