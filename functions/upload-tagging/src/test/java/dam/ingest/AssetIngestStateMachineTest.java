package dam.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.asl.Engine;
import dam.asl.ExecutionInfo;
import dam.asl.ExecutionStatus;
import dam.asl.ExecutionStore;
import dam.asl.FakeClock;
import dam.asl.LambdaInvokeTasks;
import dam.asl.ObjectStorePort;
import dam.asl.StartRequest;
import dam.asl.StateFailure;
import dam.asl.TaskRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * statemachines/asset-ingest.asl.json on the local ASL engine, with a scripted function in place of the ingest
 * handlers: what the machine does when Lambda throttles through a long burst, or Begin fails for good. The handlers'
 * own behaviour is covered by IngestServiceTest and the e2e tests.
 */
class AssetIngestStateMachineTest {

    private static final Path DEFINITION = Path.of("../../statemachines/asset-ingest.asl.json");
    private static final String TAGGING = "arn:aws:lambda:us-east-1:000000000000:function:tagging";
    private static final String RENDITION = "arn:aws:lambda:us-east-1:000000000000:function:rendition";
    private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");
    private static final String THROTTLED = "Lambda.TooManyRequestsException";

    private final ObjectMapper json = new ObjectMapper();
    private final FakeClock time = new FakeClock(START);
    /** Every call as "step" (in order); a failing call is recorded too. */
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<JsonNode> payloads = new CopyOnWriteArrayList<>();
    /** step → how many more calls fail, and with which error. */
    private final Map<String, Integer> failuresLeft = new HashMap<>();
    private final Map<String, String> failureError = new HashMap<>();

    private final Engine engine = new Engine(time, new LambdaInvokeTasks(this::invoke), new ObjectStorePort() {
        @Override
        public byte[] get(String bucket, String key) {
            throw new UnsupportedOperationException("asset-ingest reads no objects");
        }

        @Override
        public void put(String bucket, String key, byte[] body) {
            throw new UnsupportedOperationException("asset-ingest writes no objects");
        }
    }, ExecutionStore.IN_MEMORY, Runnable::run, "us-east-1");

    /** The scripted ingest functions: each call recorded; a step fails while it has failures left. */
    private CompletionStage<JsonNode> invoke(TaskRequest r) {
        JsonNode payload = r.parameters().path("Payload");
        String step = payload.path("step").asText();
        assertThat(r.parameters().path("FunctionName").asText())
                .isEqualTo(step.equals("renditions") ? RENDITION : TAGGING);
        calls.add(step);
        payloads.add(payload);
        int left = failuresLeft.getOrDefault(step, 0);
        if (left > 0) {
            failuresLeft.put(step, left - 1);
            return CompletableFuture.failedFuture(new StateFailure(failureError.get(step), "scripted failure"));
        }
        ObjectNode answer = json.createObjectNode().put("assetId", "a1").put("version", 1).put("proceed", true)
                .put("state", "processing");
        ObjectNode result = json.createObjectNode();
        result.set("Payload", answer);
        return CompletableFuture.completedFuture(result);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void throttlingWellBeyondTheOtherRetriersIsRiddenOutAndTheUploadIsIngestedOnce() {
        fail("begin", THROTTLED, 12);
        fail("renditions", THROTTLED, 8);

        ExecutionInfo e = run();

        assertThat(e.status()).as("%s %s", e.error(), e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(calls).filteredOn("begin"::equals).hasSize(13);
        assertThat(calls).filteredOn("renditions"::equals).hasSize(9);
        assertThat(calls).doesNotContain("quarantine", "beginFailed").containsOnlyOnce("complete");
    }

    @Test
    void aBeginThrottledForAboutHalfAnHourRecordsTheFailureOnTheVersion() {
        fail("begin", THROTTLED, 1_000);

        ExecutionInfo e = run();

        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(calls).filteredOn("begin"::equals).hasSize(31);
        assertThat(calls.subList(31, calls.size())).containsExactly("beginFailed");
        JsonNode recorded = payloads.get(31);
        assertThat(recorded.path("key").asText()).isEqualTo("originals/a1/1/hero.jpg");
        assertThat(recorded.path("error").asText()).isEqualTo(THROTTLED);
        Duration horizon = Duration.between(START, time.now());
        assertThat(horizon).as("30 retries, each delay at most 2 minutes, full jitter")
                .isBetween(Duration.ofMinutes(10), Duration.ofMinutes(51));
    }

    @Test
    void aBeginThatKeepsFailingOtherwiseIsRecordedAfterItsShortRetries() {
        fail("begin", "java.lang.IllegalStateException", 1_000);

        ExecutionInfo e = run();

        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(calls).containsExactly("begin", "begin", "begin", "beginFailed");
        assertThat(payloads.get(3).path("error").asText()).isEqualTo("java.lang.IllegalStateException");
    }

    private void fail(String step, String error, int times) {
        failuresLeft.put(step, times);
        failureError.put(step, error);
    }

    private ExecutionInfo run() {
        ObjectNode input = json.createObjectNode();
        ObjectNode detail = input.putObject("detail");
        detail.putObject("bucket").put("name", "originals-bucket");
        detail.putObject("object").put("key", "originals/a1/1/hero.jpg");
        ExecutionInfo started = engine.start(new StartRequest(
                "arn:aws:states:us-east-1:000000000000:execution:asset-ingest:run-1",
                "arn:aws:states:us-east-1:000000000000:stateMachine:asset-ingest",
                "arn:aws:iam::000000000000:role/sfn", definition(), input));
        while (time.runNextTimer()) {
            // retry back-offs fire in order until the execution settles
        }
        return engine.describe(started.executionArn()).orElseThrow();
    }

    private static String definition() {
        try {
            return Files.readString(DEFINITION).replace("${UploadTaggingFunctionArn}", TAGGING)
                    .replace("${RenditionFunctionArn}", RENDITION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
