package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** An engine on a frozen fake clock with a direct executor: runs are deterministic and need no sleeping. */
final class Harness {
    static final String ACCOUNT = "000000000000";
    final FakeClock clock;
    final Engine engine;
    private final AtomicInteger seq = new AtomicInteger();

    Harness(TaskHandler tasks) {
        this(tasks, ObjectStorePort.NONE, ExecutionStore.IN_MEMORY, new FakeClock(Instant.parse("2025-01-01T00:00:00Z")));
    }

    Harness(TaskHandler tasks, ObjectStorePort objects, ExecutionStore store, FakeClock clock) {
        this.clock = clock;
        this.engine = new Engine(clock, tasks, objects, store, Runnable::run, "us-east-1");
    }

    StartRequest request(String definition, JsonNode input) {
        int n = seq.incrementAndGet();
        String sm = "arn:aws:states:us-east-1:" + ACCOUNT + ":stateMachine:machine-" + n;
        return new StartRequest("arn:aws:states:us-east-1:" + ACCOUNT + ":execution:machine-" + n + ":exec-" + n,
                sm, "arn:aws:iam::" + ACCOUNT + ":role/sfn-role", definition, input);
    }

    /** Starts and lets virtual time run until the execution ends or nothing is left to wait for. */
    ExecutionInfo run(String definition, JsonNode input) {
        ExecutionInfo started = engine.start(request(definition, input));
        return settle(started.executionArn());
    }

    ExecutionInfo settle(String arn) {
        while (engine.describe(arn).orElseThrow().status() == ExecutionStatus.RUNNING && clock.runNextTimer()) {
            // each timer may move the execution on
        }
        return engine.describe(arn).orElseThrow();
    }

    /** JSON equality with numbers compared by value. */
    static void assertJson(String expected, JsonNode actual) {
        org.junit.jupiter.api.Assertions.assertTrue(actual != null && Values.equal(Json.parse(expected), actual),
                () -> "expected " + expected + " but was " + actual);
    }

    /** A handler for definitions without Task states. */
    static final TaskHandler NO_TASKS = new TaskHandler() {
        @Override
        public boolean supports(String resource) {
            return false;
        }

        @Override
        public java.util.concurrent.CompletionStage<JsonNode> invoke(TaskRequest request) {
            throw new UnsupportedOperationException(request.resource());
        }
    };
}
