package dam.asl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Restart survival through the file journal, Distributed Map with ItemReader/ResultWriter, definition errors. */
class DurabilityAndMapTest {
    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));

    private static final String REVIEW = """
            {"StartAt":"Ask","States":{
              "Ask":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                     "Parameters":{"Payload":{"token.$":"$$.Task.Token"}},"ResultPath":"$.decision","Next":"Cool"},
              "Cool":{"Type":"Wait","Seconds":3600,"Next":"Done"},
              "Done":{"Type":"Pass","End":true}}}""";

    @Test
    void waitingExecutionSurvivesARestartAndContinuesAtTheRightClockTime() {
        FakeTasks tasks1 = new FakeTasks(clock);
        Harness first = new Harness(tasks1, ObjectStorePort.NONE, new FileExecutionStore(dir), clock);
        String arn = first.engine.start(first.request(REVIEW, Json.parse("{\"asset\":\"a\"}"))).executionArn();
        String token = tasks1.last().taskToken();
        first.engine.close(); // "the JVM dies": only the journal remains

        FakeClock clock2 = new FakeClock(Instant.parse("2025-01-01T00:10:00Z"));
        FakeTasks tasks2 = new FakeTasks(clock2);
        Harness second = new Harness(tasks2, ObjectStorePort.NONE, new FileExecutionStore(dir), clock2);
        assertEquals(1, second.engine.recover());
        assertEquals(0, tasks2.calls.size(), "a callback task must not be re-sent after a restart");
        second.engine.sendTaskSuccess(token, Json.parse("{\"approved\":true}"));
        assertEquals(ExecutionStatus.RUNNING, second.engine.describe(arn).orElseThrow().status());
        second.engine.close();

        // second restart while in the one-hour Wait; the clock is already past the deadline when it comes back
        FakeClock clock3 = new FakeClock(Instant.parse("2025-01-01T02:00:00Z"));
        Harness third = new Harness(new FakeTasks(clock3), ObjectStorePort.NONE, new FileExecutionStore(dir), clock3);
        assertEquals(1, third.engine.recover());
        clock3.advance(Duration.ZERO);
        ExecutionInfo done = third.engine.describe(arn).orElseThrow();
        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        Harness.assertJson("{\"asset\":\"a\",\"decision\":{\"approved\":true}}", done.output());
        List<String> types = third.engine.history(arn).stream().map(HistoryEvent::type).toList();
        assertEquals(List.of("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted",
                "TaskSucceeded", "TaskStateExited", "WaitStateEntered", "WaitStateExited", "PassStateEntered",
                "PassStateExited", "ExecutionSucceeded"), types);
        // ids are contiguous across restarts
        List<HistoryEvent> events = third.engine.history(arn);
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).id());
        }
        assertEquals(TaskTokenException.TIMED_OUT, assertThrows(TaskTokenException.class,
                () -> third.engine.sendTaskSuccess(token, Json.parse("{}"))).code());
    }

    @Test
    void waitResumedBeforeItsDeadlineFiresOnlyWhenTheClockGetsThere() {
        Harness first = new Harness(new FakeTasks(clock), ObjectStorePort.NONE, new FileExecutionStore(dir), clock);
        String def = "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":100,\"End\":true}}}";
        String arn = first.engine.start(first.request(def, Json.parse("{}"))).executionArn();
        first.engine.close();
        FakeClock later = new FakeClock(Instant.parse("2025-01-01T00:00:40Z"));
        Harness second = new Harness(new FakeTasks(later), ObjectStorePort.NONE, new FileExecutionStore(dir), later);
        second.engine.recover();
        later.advance(Duration.ofSeconds(59));
        assertEquals(ExecutionStatus.RUNNING, second.engine.describe(arn).orElseThrow().status());
        later.advance(Duration.ofSeconds(1));
        ExecutionInfo done = second.engine.describe(arn).orElseThrow();
        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        assertEquals(Instant.parse("2025-01-01T00:01:40Z"), done.stopDate());
    }

    /** An in-memory S3 stand-in. */
    static final class Objects implements ObjectStorePort {
        final Map<String, byte[]> data = new HashMap<>();

        @Override
        public byte[] get(String bucket, String key) {
            byte[] b = data.get(bucket + "/" + key);
            if (b == null) {
                throw new IllegalArgumentException("NoSuchKey");
            }
            return b;
        }

        @Override
        public void put(String bucket, String key, byte[] body) {
            data.put(bucket + "/" + key, body);
        }
    }

    // Distributed Map: "ItemReader ... reads a CSV file ... the first row as the header" and "ResultWriter ...
    // exports the results to an Amazon S3 bucket", output holds "ResultWriterDetails" with the manifest key;
    // "ToleratedFailureCount ... the number of failed items tolerated" (Step Functions docs, Distributed Map).
    @Test
    void distributedMapReadsCsvBatchesToleratesFailuresAndWritesResults() {
        Objects s3 = new Objects();
        s3.put("in", "manifest.csv", "key,size\na.jpg,10\nbad.jpg,0\nc.jpg,30\n".getBytes(StandardCharsets.UTF_8));
        FakeTasks tasks = new FakeTasks(clock);
        tasks.answer = r -> r.parameters().path("size").asText().equals("0")
                ? FakeTasks.failure("Rendition.Empty", "zero bytes")
                : CompletableFuture.completedFuture(r.parameters().path("key"));
        Harness h = new Harness(tasks, s3, ExecutionStore.IN_MEMORY, clock);
        String def = """
                {"StartAt":"Bulk","States":{"Bulk":{"Type":"Map","MaxConcurrency":2,"ToleratedFailureCount":1,
                  "ItemReader":{"Resource":"arn:aws:states:::s3:getObject",
                     "ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},
                     "Parameters":{"Bucket":"in","Key":"manifest.csv"}},
                  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                     "StartAt":"Render","States":{"Render":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                     "End":true}}},
                  "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject",
                     "Parameters":{"Bucket":"out","Prefix":"runs"}},"End":true}}}""";
        ExecutionInfo done = h.run(def, Json.parse("{}"));
        assertEquals(ExecutionStatus.SUCCEEDED, done.status(), () -> done.error() + " " + done.cause());
        assertEquals(3, tasks.calls.size());
        String manifestKey = done.output().path("ResultWriterDetails").path("Key").asText();
        assertTrue(manifestKey.startsWith("runs/") && manifestKey.endsWith("/manifest.json"), manifestKey);
        String prefix = manifestKey.substring(0, manifestKey.length() - "manifest.json".length());
        var ok = Json.parse(new String(s3.get("out", prefix + "SUCCEEDED_0.json"), StandardCharsets.UTF_8));
        var bad = Json.parse(new String(s3.get("out", prefix + "FAILED_0.json"), StandardCharsets.UTF_8));
        assertEquals(2, ok.size());
        assertEquals(1, bad.size());
        assertEquals("Rendition.Empty", bad.get(0).path("Error").asText());

        // a second failure exceeds the tolerance
        s3.put("in", "manifest.csv", "key,size\na.jpg,0\nb.jpg,0\n".getBytes(StandardCharsets.UTF_8));
        ExecutionInfo failed = h.run(def, Json.parse("{}"));
        assertEquals(Errors.EXCEED_TOLERATED_FAILURE, failed.error());
    }

    // ItemBatcher: "each child workflow execution receives ... an object with Items (the batch) and BatchInput"
    // (Step Functions docs, ItemBatcher).
    @Test
    void itemBatcherGroupsItems() {
        Harness h = new Harness(Harness.NO_TASKS, new Objects(), ExecutionStore.IN_MEMORY, clock);
        String def = """
                {"StartAt":"M","States":{"M":{"Type":"Map","ItemBatcher":{"MaxItemsPerBatch":2,
                  "BatchInput":{"job":"j1"}},
                  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},
                  "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}""";
        ExecutionInfo done = h.run(def, Json.parse("[1,2,3]"));
        Harness.assertJson("[{\"BatchInput\":{\"job\":\"j1\"},\"Items\":[1,2]},{\"BatchInput\":{\"job\":\"j1\"},"
                + "\"Items\":[3]}]", done.output());
    }

    @Test
    void invalidDefinitionsNameTheOffendingPath() {
        Harness h = new Harness(new FakeTasks(clock));
        assertEquals("/States/A/Next", assertThrows(DefinitionException.class, () -> h.engine.parse(
                "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"Nope\"}}}")).path());
        assertEquals("/States/A", assertThrows(DefinitionException.class, () -> h.engine.parse(
                "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\"}}}")).path());
        assertEquals("/StartAt", assertThrows(DefinitionException.class, () -> h.engine.parse(
                "{\"StartAt\":\"X\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}")).path());
        assertEquals("/States/A/InputPath", assertThrows(DefinitionException.class, () -> h.engine.parse(
                "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"InputPath\":\"$.a[\",\"End\":true}}}"))
                .path());
        assertEquals("/States/A/Output", assertThrows(DefinitionException.class, () -> h.engine.parse(
                "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\","
                        + "\"Output\":\"{% $states.input. + %}\",\"End\":true}}}")).path());
        DefinitionException unknown = assertThrows(DefinitionException.class, () -> h.engine.parse(
                "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:sqs:x\","
                        + "\"End\":true}}}"));
        assertEquals("/States/A/Resource", unknown.path());
        assertTrue(unknown.getMessage().startsWith("Invalid State Machine Definition: 'INVALID_RESOURCE"));
        assertEquals("/States/P/Branches/0/States/B/Next", assertThrows(DefinitionException.class,
                () -> h.engine.parse("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\",\"End\":true,"
                        + "\"Branches\":[{\"StartAt\":\"B\",\"States\":{\"B\":{\"Type\":\"Pass\",\"Next\":\"Z\"}}}]}}}"))
                .path());
    }
}
