package dam.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import dam.local.clock.LocalClock;
import dam.local.sqs.SqsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dam.local.events.Calls.error;
import static dam.local.events.Calls.q;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventsProviderTest {

    private static final String FN = "arn:aws:lambda:us-east-1:000000000000:function:";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;
    private LocalClock clock;
    private RecordingDispatcher lambdas;
    private SqsProvider sqs;
    private EventsProvider events;

    @BeforeEach
    void start() {
        clock = LocalClock.fixed(T0);
        lambdas = new RecordingDispatcher();
        open();
    }

    private void open() {
        sqs = new SqsProvider(clock, dir.resolve("sqs"));
        events = new EventsProvider(clock, dir.resolve("events"), sqs, lambdas);
    }

    @AfterEach
    void stop() {
        events.close();
        sqs.close();
        clock.close();
    }

    private JsonNode call(String op, String body) {
        return Calls.json(events, "events", op, body);
    }

    private JsonNode sqsCall(String op, String body) {
        return Calls.json(sqs, "sqs", op, body);
    }

    private void rule(String bus, String name, String pattern, String targetsJson) {
        call("PutRule", "{\"Name\":" + q(name) + ",\"EventBusName\":" + q(bus) + ",\"EventPattern\":" + q(pattern) + "}");
        call("PutTargets", "{\"Rule\":" + q(name) + ",\"EventBusName\":" + q(bus) + ",\"Targets\":" + targetsJson + "}");
    }

    private static String target(String id, String arn) {
        return "[{\"Id\":" + q(id) + ",\"Arn\":" + q(arn) + "}]";
    }

    private JsonNode put(String bus, String source, String detailType, String detail) {
        return call("PutEvents", "{\"Entries\":[{\"EventBusName\":" + q(bus) + ",\"Source\":" + q(source)
                + ",\"DetailType\":" + q(detailType) + ",\"Detail\":" + q(detail) + "}]}");
    }

    private void awaitQuiet() {
        await().atMost(Duration.ofSeconds(10)).until(() -> events.pendingDeliveries() == 0);
    }

    private List<JsonNode> receiveAll(String queue) {
        JsonNode r = sqsCall("ReceiveMessage", "{\"QueueUrl\":" + q(sqs.queueUrl(queue))
                + ",\"MaxNumberOfMessages\":10,\"MessageAttributeNames\":[\"All\"]}");
        List<JsonNode> out = new ArrayList<>();
        r.path("Messages").forEach(out::add);
        return out;
    }

    @Test
    void prefixAnythingButAndNumericPatternsMatchOnlyTheirEvents() {
        call("CreateEventBus", "{\"Name\":\"dam\"}");
        rule("dam", "by-prefix", "{\"source\":[{\"prefix\":\"dam.\"}]}", target("t", FN + "prefix"));
        rule("dam", "not-draft", "{\"detail\":{\"status\":[{\"anything-but\":[\"draft\"]}]}}", target("t", FN + "notDraft"));
        rule("dam", "mid-size", "{\"detail\":{\"size\":[{\"numeric\":[\">\",100,\"<=\",1000]}]}}", target("t", FN + "numeric"));

        put("dam", "dam.assets", "Asset Uploaded", "{\"status\":\"draft\",\"size\":50}");
        put("dam", "other.app", "Asset Uploaded", "{\"status\":\"approved\",\"size\":1000}");
        put("dam", "dam.briefs", "Brief Created", "{\"status\":\"submitted\",\"size\":1001}");
        awaitQuiet();

        assertEquals(2, lambdas.inputs(FN + "prefix").size());
        List<String> notDraft = lambdas.inputs(FN + "notDraft");
        assertEquals(2, notDraft.size());
        assertTrue(notDraft.stream().noneMatch(i -> i.contains("\"draft\"")));
        List<String> numeric = lambdas.inputs(FN + "numeric");
        assertEquals(1, numeric.size());
        JsonNode delivered = Json.parseOrNull(numeric.get(0));
        assertEquals("other.app", delivered.get("source").asText());
        assertEquals(1000, delivered.path("detail").path("size").asInt());
    }

    @Test
    void eventsCarryIdTimeAccountAndRegionAndTheDefaultBusAlwaysExists() {
        rule("default", "all-dam", "{\"source\":[\"dam.test\"]}", target("t", FN + "all"));
        JsonNode result = put("default", "dam.test", "Ping", "{\"n\":1}");
        awaitQuiet();
        JsonNode event = Json.parseOrNull(lambdas.inputs(FN + "all").get(0));
        assertEquals(result.get("Entries").get(0).get("EventId").asText(), event.get("id").asText());
        assertEquals("2026-03-01T10:00:00Z", event.get("time").asText());
        assertEquals("000000000000", event.get("account").asText());
        assertEquals("us-east-1", event.get("region").asText());
        assertEquals("Ping", event.get("detail-type").asText());
        assertEquals("default", call("DescribeEventBus", "{}").get("Name").asText());
    }

    @Test
    void testEventPatternAndInvalidPatterns() {
        String event = "{\"id\":\"1\",\"source\":\"dam.assets\",\"detail-type\":\"x\",\"detail\":{\"size\":5}}";
        assertTrue(call("TestEventPattern", "{\"EventPattern\":" + q("{\"detail\":{\"size\":[{\"numeric\":[\"<\",10]}]}}")
                + ",\"Event\":" + q(event) + "}").get("Result").asBoolean());
        assertFalse(call("TestEventPattern", "{\"EventPattern\":" + q("{\"source\":[{\"prefix\":\"aws.\"}]}")
                + ",\"Event\":" + q(event) + "}").get("Result").asBoolean());
        error("InvalidEventPatternException", () -> call("PutRule",
                "{\"Name\":\"bad\",\"EventPattern\":" + q("{\"source\":[{\"numeric\":[\"<\"]}]}") + "}"));
        error("InvalidEventPatternException", () -> call("PutRule", "{\"Name\":\"bad\",\"EventPattern\":\"[1,2]\"}"));
        error("InvalidEventPatternException", () -> call("PutRule", "{\"Name\":\"bad\",\"EventPattern\":\"{not json\"}"));
        assertEquals(0, call("ListRules", "{}").get("Rules").size(), "a rejected rule is not stored");
    }

    @Test
    void inputTransformerInputPathAndConstantInput() {
        String transformer = "{\"InputPathsMap\":{\"id\":\"$.detail.assetId\",\"size\":\"$.detail.size\",\"tags\":\"$.detail.tags\"},"
                + "\"InputTemplate\":" + q("{\"asset\": <id>, \"text\": \"Asset <id> has <size> bytes\", \"size\": <size>, \"tags\": <tags>, \"rule\": \"<aws.events.rule-name>\"}") + "}";
        String targets = "[{\"Id\":\"transformed\",\"Arn\":" + q(FN + "transformed") + ",\"InputTransformer\":" + transformer + "},"
                + "{\"Id\":\"path\",\"Arn\":" + q(FN + "path") + ",\"InputPath\":\"$.detail.tags[1]\"},"
                + "{\"Id\":\"text\",\"Arn\":" + q(FN + "text") + ",\"InputTransformer\":{\"InputPathsMap\":{\"id\":\"$.detail.assetId\"},\"InputTemplate\":\"asset <id> arrived\"}},"
                + "{\"Id\":\"constant\",\"Arn\":" + q(FN + "constant") + ",\"Input\":" + q("{\"fixed\":true}") + "}]";
        rule("default", "shape", "{\"detail-type\":[\"Asset Uploaded\"]}", targets);

        put("default", "dam.assets", "Asset Uploaded", "{\"assetId\":\"a-\\\"1\",\"size\":42,\"tags\":[\"red\",\"car\"]}");
        awaitQuiet();

        JsonNode t = Json.parseOrNull(lambdas.inputs(FN + "transformed").get(0));
        assertEquals("a-\"1", t.get("asset").asText());
        assertEquals("Asset a-\"1 has 42 bytes", t.get("text").asText());
        assertEquals(42, t.get("size").asInt());
        assertEquals("car", t.get("tags").get(1).asText());
        assertEquals("shape", t.get("rule").asText());
        assertEquals("\"car\"", lambdas.inputs(FN + "path").get(0));
        assertEquals("asset a-\"1 arrived", lambdas.inputs(FN + "text").get(0));
        assertEquals("{\"fixed\":true}", lambdas.inputs(FN + "constant").get(0));
    }

    @Test
    void invalidTargetsAreRejectedAndNothingIsStored() {
        call("PutRule", "{\"Name\":\"r\",\"EventPattern\":" + q("{\"source\":[\"x\"]}") + "}");
        error("ValidationException", () -> call("PutTargets", "{\"Rule\":\"r\",\"Targets\":[{\"Id\":\"ok\",\"Arn\":\"" + FN
                + "a\"},{\"Id\":\"bad\",\"Arn\":\"" + FN + "b\",\"Input\":\"{}\",\"InputPath\":\"$.detail\"}]}"));
        error("ValidationException", () -> call("PutTargets", "{\"Rule\":\"r\",\"Targets\":[{\"Id\":\"x\",\"Arn\":\"" + FN
                + "a\",\"InputPath\":\"detail\"}]}"));
        error("ValidationException", () -> call("PutTargets", "{\"Rule\":\"r\",\"Targets\":[{\"Id\":\"x\",\"Arn\":\"" + FN
                + "a\",\"RetryPolicy\":{\"MaximumRetryAttempts\":500}}]}"));
        error("ResourceNotFoundException", () -> call("PutTargets", "{\"Rule\":\"missing\",\"Targets\":[{\"Id\":\"x\",\"Arn\":\"" + FN + "a\"}]}"));
        assertEquals(0, call("ListTargetsByRule", "{\"Rule\":\"r\"}").get("Targets").size());
    }

    @Test
    void failedDeliveriesAreRetriedWithBackoffThenDeadLettered() {
        sqsCall("CreateQueue", "{\"QueueName\":\"dlq\"}");
        lambdas.failAlways(FN + "down");
        call("PutRule", "{\"Name\":\"r\",\"EventPattern\":" + q("{\"source\":[\"dam.test\"]}") + "}");
        call("PutTargets", "{\"Rule\":\"r\",\"Targets\":[{\"Id\":\"t\",\"Arn\":" + q(FN + "down")
                + ",\"RetryPolicy\":{\"MaximumRetryAttempts\":2,\"MaximumEventAgeInSeconds\":3600},"
                + "\"DeadLetterConfig\":{\"Arn\":" + q(SqsProvider.arn("dlq")) + "}}]}");

        String eventId = put("default", "dam.test", "Ping", "{}").get("Entries").get(0).get("EventId").asText();
        await().until(() -> lambdas.attempts(FN + "down") == 1);
        assertTrue(receiveAll("dlq").isEmpty(), "not dead-lettered while retries remain");
        clock.advance(Duration.ofSeconds(1));
        await().until(() -> lambdas.attempts(FN + "down") == 2);
        clock.advance(Duration.ofSeconds(2));
        await().until(() -> lambdas.attempts(FN + "down") == 3);
        awaitQuiet();

        List<JsonNode> dead = receiveAll("dlq");
        assertEquals(1, dead.size());
        assertEquals(3, lambdas.attempts(FN + "down"));
        JsonNode msg = dead.get(0);
        assertEquals(eventId, Json.parseOrNull(msg.get("Body").asText()).get("id").asText());
        JsonNode attrs = msg.get("MessageAttributes");
        assertEquals("arn:aws:events:us-east-1:000000000000:rule/r", attrs.path("RULE_ARN").path("StringValue").asText());
        assertEquals(FN + "down", attrs.path("TARGET_ARN").path("StringValue").asText());
        assertEquals("2", attrs.path("RETRY_ATTEMPTS").path("StringValue").asText());
        assertEquals("MaximumRetryAttemptsExhausted", attrs.path("EXHAUSTED_RETRY_CONDITION").path("StringValue").asText());
        assertTrue(attrs.path("ERROR_MESSAGE").path("StringValue").asText().contains("is down"));
    }

    @Test
    void permanentFailuresSkipRetriesAndSqsTargetsReceiveTheInput() {
        sqsCall("CreateQueue", "{\"QueueName\":\"dlq\"}");
        sqsCall("CreateQueue", "{\"QueueName\":\"inbox\"}");
        lambdas.missing(FN + "gone");
        call("PutRule", "{\"Name\":\"r\",\"EventPattern\":" + q("{\"source\":[\"dam.test\"]}") + "}");
        call("PutTargets", "{\"Rule\":\"r\",\"Targets\":[{\"Id\":\"gone\",\"Arn\":" + q(FN + "gone")
                + ",\"DeadLetterConfig\":{\"Arn\":" + q(SqsProvider.arn("dlq")) + "}},"
                + "{\"Id\":\"q\",\"Arn\":" + q(SqsProvider.arn("inbox")) + ",\"InputPath\":\"$.detail\"}]}");
        put("default", "dam.test", "Ping", "{\"hello\":\"queue\"}");
        awaitQuiet();
        assertEquals(1, lambdas.attempts(FN + "gone"));
        List<JsonNode> dead = receiveAll("dlq");
        assertEquals(1, dead.size());
        assertEquals("ResourceNotFoundException", dead.get(0).path("MessageAttributes").path("ERROR_CODE").path("StringValue").asText());
        List<JsonNode> inbox = receiveAll("inbox");
        assertEquals(1, inbox.size());
        assertEquals("{\"hello\":\"queue\"}", inbox.get(0).get("Body").asText());
    }

    @Test
    void archiveKeepsEveryEventOfItsBus() {
        call("CreateEventBus", "{\"Name\":\"dam\"}");
        JsonNode created = call("CreateArchive", "{\"ArchiveName\":\"all-dam\",\"EventSourceArn\":"
                + q("arn:aws:events:us-east-1:000000000000:event-bus/dam") + "}");
        assertEquals("arn:aws:events:us-east-1:000000000000:archive/all-dam", created.get("ArchiveArn").asText());
        error("ResourceAlreadyExistsException", () -> call("CreateArchive", "{\"ArchiveName\":\"all-dam\",\"EventSourceArn\":\"dam\"}"));

        String first = put("dam", "dam.a", "One", "{\"n\":1}").get("Entries").get(0).get("EventId").asText();
        clock.advance(Duration.ofMinutes(1));
        String second = put("dam", "dam.b", "Two", "{\"n\":2}").get("Entries").get(0).get("EventId").asText();
        put("default", "dam.c", "Elsewhere", "{}");

        List<String> archived = events.archivedEvents("all-dam");
        assertEquals(2, archived.size());
        JsonNode a = Json.parseOrNull(archived.get(0));
        JsonNode b = Json.parseOrNull(archived.get(1));
        assertEquals(first, a.get("id").asText());
        assertEquals(second, b.get("id").asText());
        assertEquals("2026-03-01T10:01:00Z", b.get("time").asText());
        assertEquals(2, b.path("detail").path("n").asInt());
        assertEquals(2, call("DescribeArchive", "{\"ArchiveName\":\"all-dam\"}").get("EventCount").asInt());
        assertEquals(2, events.recentEvents("dam", 10).size());
        assertEquals(second, Json.parseOrNull(events.recentEvents("dam", 1).get(0)).get("id").asText());
    }

    @Test
    void putEventsValidatesEntriesLikeAws() {
        call("CreateArchive", "{\"ArchiveName\":\"seen\",\"EventSourceArn\":\"default\"}");
        StringBuilder eleven = new StringBuilder("{\"Entries\":[");
        for (int i = 0; i < 11; i++) {
            eleven.append(i > 0 ? "," : "").append("{\"Source\":\"s\",\"DetailType\":\"d\",\"Detail\":\"{}\"}");
        }
        error("ValidationException", () -> call("PutEvents", eleven + "]}"));
        String big = "x".repeat(200_000);
        error("ValidationException", () -> call("PutEvents", "{\"Entries\":["
                + "{\"Source\":\"s\",\"DetailType\":\"d\",\"Detail\":" + q("{\"a\":\"" + big + "\"}") + "},"
                + "{\"Source\":\"s\",\"DetailType\":\"d\",\"Detail\":" + q("{\"b\":\"" + big + "\"}") + "}]}"));
        error("SerializationException", () -> call("PutEvents", "{\"Entries\":["));

        JsonNode mixed = call("PutEvents", "{\"Entries\":["
                + "{\"Source\":\"s\",\"DetailType\":\"d\",\"Detail\":\"[1,2]\"},"
                + "{\"Source\":\"s\",\"DetailType\":\"d\",\"Detail\":\"{\\\"ok\\\":true}\"},"
                + "{\"DetailType\":\"d\",\"Detail\":\"{}\"},"
                + "{\"EventBusName\":\"nope\",\"Source\":\"s\",\"DetailType\":\"d\",\"Detail\":\"{}\"}]}");
        assertEquals(3, mixed.get("FailedEntryCount").asInt());
        assertEquals("MalformedDetail", mixed.get("Entries").get(0).get("ErrorCode").asText());
        assertTrue(mixed.get("Entries").get(1).has("EventId"));
        assertEquals("InvalidArgument", mixed.get("Entries").get(2).get("ErrorCode").asText());
        assertEquals("ResourceNotFoundException", mixed.get("Entries").get(3).get("ErrorCode").asText());
        assertEquals(1, events.archivedEvents("seen").size(), "only the valid entry was put on the bus");
    }

    @Test
    void rulesTargetsArchivesAndQueuedMessagesSurviveARestart() {
        call("CreateEventBus", "{\"Name\":\"dam\"}");
        sqsCall("CreateQueue", "{\"QueueName\":\"inbox\"}");
        rule("dam", "to-queue", "{\"source\":[\"dam.assets\"]}", target("q", SqsProvider.arn("inbox")));
        call("DisableRule", "{\"Name\":\"to-queue\",\"EventBusName\":\"dam\"}");
        call("CreateArchive", "{\"ArchiveName\":\"keep\",\"EventSourceArn\":\"dam\"}");
        put("dam", "dam.assets", "While Disabled", "{}");
        call("EnableRule", "{\"Name\":\"to-queue\",\"EventBusName\":\"dam\"}");
        put("dam", "dam.assets", "Before Restart", "{}");
        awaitQuiet();

        events.close();
        sqs.close();
        open();

        JsonNode rule = call("DescribeRule", "{\"Name\":\"to-queue\",\"EventBusName\":\"dam\"}");
        assertEquals("ENABLED", rule.get("State").asText());
        assertEquals("arn:aws:events:us-east-1:000000000000:rule/dam/to-queue", rule.get("Arn").asText());
        assertEquals(SqsProvider.arn("inbox"),
                call("ListTargetsByRule", "{\"Rule\":\"to-queue\",\"EventBusName\":\"dam\"}").get("Targets").get(0).get("Arn").asText());
        put("dam", "dam.assets", "After Restart", "{}");
        awaitQuiet();

        List<String> types = receiveAll("inbox").stream()
                .map(m -> Json.parseOrNull(m.get("Body").asText()).get("detail-type").asText()).sorted().toList();
        assertEquals(List.of("After Restart", "Before Restart"), types);
        assertEquals(3, call("DescribeArchive", "{\"ArchiveName\":\"keep\"}").get("EventCount").asInt());
    }

    @Test
    void scheduledRulesFireOnTheLocalClock() {
        call("PutRule", "{\"Name\":\"every5\",\"ScheduleExpression\":\"rate(5 minutes)\"}");
        call("PutTargets", "{\"Rule\":\"every5\",\"Targets\":[{\"Id\":\"t\",\"Arn\":" + q(FN + "sweep") + "}]}");
        error("ValidationException", () -> call("PutRule", "{\"Name\":\"bad\",\"ScheduleExpression\":\"rate(five minutes)\"}"));
        clock.advance(Duration.ofMinutes(4));
        clock.advance(Duration.ofMinutes(1));
        await().until(() -> lambdas.inputs(FN + "sweep").size() == 1);
        JsonNode event = Json.parseOrNull(lambdas.inputs(FN + "sweep").get(0));
        assertEquals("Scheduled Event", event.get("detail-type").asText());
        assertEquals("2026-03-01T10:05:00Z", event.get("time").asText());
        clock.advance(Duration.ofMinutes(5));
        await().until(() -> lambdas.inputs(FN + "sweep").size() == 2);
        call("RemoveTargets", "{\"Rule\":\"every5\",\"Ids\":[\"t\"]}");
        call("DeleteRule", "{\"Name\":\"every5\"}");
        clock.advance(Duration.ofMinutes(10));
        awaitQuiet();
        assertEquals(2, lambdas.inputs(FN + "sweep").size());
    }

    @Test
    void publishIsHowOtherProvidersEmitEvents() {
        call("CreateEventBus", "{\"Name\":\"dam\"}");
        rule("dam", "uploads", "{\"source\":[\"aws.s3\"],\"detail-type\":[\"Object Created\"],"
                + "\"detail\":{\"object\":{\"key\":[{\"prefix\":\"originals/\"}]}}}", target("t", FN + "ingest"));
        String id = events.publish("dam", "aws.s3", "Object Created",
                "{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"originals/a/1/x.jpg\",\"size\":12}}",
                List.of("arn:aws:s3:::b"));
        events.publish("dam", "aws.s3", "Object Created", "{\"object\":{\"key\":\"renditions/x.jpg\"}}", List.of());
        awaitQuiet();
        List<String> got = lambdas.inputs(FN + "ingest");
        assertEquals(1, got.size());
        JsonNode event = Json.parseOrNull(got.get(0));
        assertEquals(id, event.get("id").asText());
        assertEquals("arn:aws:s3:::b", event.get("resources").get(0).asText());
        error("ResourceNotFoundException", () -> events.publish("nope", "s", "d", "{}", List.of()));
        error("ValidationException", () -> events.publish("dam", "s", "d", "not json", List.of()));
    }

    @Test
    void ruleAndBusLifecycleErrors() {
        rule("default", "r", "{\"source\":[\"x\"]}", target("t", FN + "x"));
        error("ValidationException", () -> call("DeleteRule", "{\"Name\":\"r\"}"));
        error("ResourceNotFoundException", () -> call("DescribeRule", "{\"Name\":\"missing\"}"));
        error("ResourceNotFoundException", () -> call("PutRule", "{\"Name\":\"r\",\"EventBusName\":\"nope\",\"EventPattern\":\"{\\\"a\\\":[1]}\"}"));
        error("ValidationException", () -> call("DeleteEventBus", "{\"Name\":\"default\"}"));
        call("CreateEventBus", "{\"Name\":\"dam\"}");
        error("ResourceAlreadyExistsException", () -> call("CreateEventBus", "{\"Name\":\"dam\"}"));
        assertEquals(2, call("ListEventBuses", "{}").get("EventBuses").size());
        call("DeleteEventBus", "{\"Name\":\"dam\"}");
        assertEquals(1, call("ListEventBuses", "{}").get("EventBuses").size());
        error("UnknownOperationException", () -> call("StartReplay", "{}"));
    }
}
