package dam.local.lambda;

import static dam.local.lambda.LambdaTestSupport.alive;
import static dam.local.lambda.LambdaTestSupport.bytes;
import static dam.local.lambda.LambdaTestSupport.fixtureCode;
import static dam.local.lambda.LambdaTestSupport.handler;
import static dam.local.lambda.LambdaTestSupport.parse;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dam.local.clock.LocalClock;
import dam.local.edge.AwsException;
import dam.local.lambda.fixtures.BrokenInitHandler;
import dam.local.lambda.fixtures.EchoHandler;
import dam.local.lambda.fixtures.EnvHandler;
import dam.local.lambda.fixtures.ExitingHandler;
import dam.local.lambda.fixtures.FailingHandler;
import dam.local.lambda.fixtures.FlakyHandler;
import dam.local.lambda.fixtures.SleepyHandler;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LambdaProviderTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    static Path state;
    static LocalClock clock;
    static LambdaProvider lambda;
    static final List<AsyncFailure> failures = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        clock = LocalClock.fixed(START);
        lambda = new LambdaProvider(clock, state, URI.create("http://127.0.0.1:4566"), failures::add);
    }

    @AfterAll
    static void stop() {
        lambda.close();
        clock.close();
    }

    private static void deploy(String name, Class<?> handler) {
        lambda.deploy(FunctionConfig.builder(name, fixtureCode(), handler(handler)).build());
    }

    @Test
    void syncInvokeReturnsTheHandlersResultAndTheSecondInvokeReusesTheWarmWorker() throws Exception {
        lambda.deploy(FunctionConfig.builder("echo", fixtureCode(), handler(EchoHandler.class))
                .memoryMb(256).timeoutSeconds(30).build());

        InvokeResult cold = lambda.invoke("echo", bytes("{\"hello\":\"world\"}"));
        InvokeResult warm = lambda.invoke(LambdaProvider.functionArn("echo"), bytes("[1,2,3]"));

        assertFalse(cold.failed(), cold.payloadText());
        JsonNode first = parse(cold.payload());
        assertEquals("world", first.at("/input/hello").asText());
        assertEquals(cold.requestId(), first.get("requestId").asText());
        assertEquals("echo", first.get("functionName").asText());
        assertEquals(LambdaProvider.functionArn("echo"), first.get("functionArn").asText());
        assertEquals(256, first.get("memoryLimitMb").asInt());
        assertTrue(first.get("remainingMs").asLong() > 20_000, "deadline comes from the 30 s timeout");
        assertTrue(first.get("maxHeapMb").asLong() < 256, "the worker heap is capped below the memory size");
        assertTrue(cold.cold() && cold.initDurationMs() > 0, "first invoke is a cold start");
        assertEquals(first.get("pid").asLong(), cold.workerPid());

        JsonNode second = parse(warm.payload());
        assertEquals(3, second.get("input").size());
        assertFalse(warm.cold(), "second invoke runs on the warm worker");
        assertEquals(first.get("pid").asLong(), second.get("pid").asLong(), "same worker JVM");
        assertEquals(1, lambda.stats("echo").coldStarts());

        lambda.deploy(FunctionConfig.builder("echo", fixtureCode(), handler(EchoHandler.class))
                .memoryMb(256).timeoutSeconds(30).build());
        assertFalse(lambda.invoke("echo", bytes("{}")).cold(), "re-deploying the same function keeps it warm");
        lambda.deploy(FunctionConfig.builder("echo", fixtureCode(), handler(EchoHandler.class))
                .memoryMb(320).timeoutSeconds(30).build());
        InvokeResult changed = lambda.invoke("echo", bytes("{}"));
        assertTrue(changed.cold(), "a changed configuration starts new workers");
        assertEquals(320, parse(changed.payload()).get("memoryLimitMb").asInt());
        await().atMost(WAIT).until(() -> !alive(cold.workerPid()));

        assertEquals(1, lambda.stopIdleWorkers("echo"), "the one idle worker is stopped");
        InvokeResult fresh = lambda.invoke("echo", bytes("{}"));
        assertTrue(fresh.cold(), "after its idle workers are stopped the next invoke starts a fresh JVM");
        assertNotEquals(changed.workerPid(), fresh.workerPid());
        await().atMost(WAIT).until(() -> !alive(changed.workerPid()));

        String log = Files.readString(lambda.logFile("echo"));
        assertTrue(log.contains("REPORT RequestId: " + cold.requestId()), log);
        assertTrue(log.contains("Init Duration:"), log);
        assertTrue(log.contains("echo handler got 17 characters"), "worker output lands in the function log");
        assertTrue(warm.logTail().contains("echo handler got 7 characters"), warm.logTail());
        assertFalse(warm.logTail().contains("got 17 characters"), "the tail holds only this invocation's output");
    }

    @Test
    void eachFunctionSeesItsOwnEnvironmentAndNothingOfTheHostProcess() {
        String hostOnly = System.getenv().keySet().stream()
                .filter(k -> !Set.of("PATH", "LANG", "TZ").contains(k) && !k.startsWith("AWS_"))
                .findFirst().orElseThrow();
        List<String> names = List.of("DAM_TABLE", "AWS_LAMBDA_FUNCTION_NAME", "AWS_ENDPOINT_URL", "TZ", "AWS_REGION",
                "AWS_DEFAULT_REGION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "_HANDLER", "AWS_ACCESS_KEY_ID",
                "AWS_LAMBDA_RUNTIME_API", hostOnly);
        String event = "{\"names\":" + names.stream().map(n -> "\"" + n + "\"").toList() + "}";
        lambda.deploy(FunctionConfig.builder("env-a", fixtureCode(), handler(EnvHandler.class))
                .environment(Map.of("DAM_TABLE", "table-a")).memoryMb(192).build());
        lambda.deploy(FunctionConfig.builder("env-b", fixtureCode(), handler(EnvHandler.class))
                .environment(Map.of("DAM_TABLE", "table-b")).build());

        JsonNode a = parse(lambda.invoke("env-a", bytes(event)).payload());
        JsonNode b = parse(lambda.invoke("env-b", bytes(event)).payload());

        assertEquals("table-a", a.get("DAM_TABLE").asText());
        assertEquals("table-b", b.get("DAM_TABLE").asText());
        assertEquals("env-a", a.get("AWS_LAMBDA_FUNCTION_NAME").asText());
        assertEquals("http://127.0.0.1:4566", a.get("AWS_ENDPOINT_URL").asText());
        assertEquals(":UTC", a.get("TZ").asText());
        assertEquals("us-east-1", a.get("AWS_REGION").asText());
        assertEquals("us-east-1", a.get("AWS_DEFAULT_REGION").asText());
        assertEquals("192", a.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText());
        assertEquals(handler(EnvHandler.class), a.get("_HANDLER").asText());
        assertEquals("test", a.get("AWS_ACCESS_KEY_ID").asText());
        assertTrue(a.get("AWS_LAMBDA_RUNTIME_API").asText().startsWith("127.0.0.1:"));
        assertEquals("(unset)", a.get(hostOnly).asText(), hostOnly + " of the host must not leak into workers");
    }

    @Test
    void anUnhandledExceptionComesBackInLambdasErrorShapeAndTheWorkerStaysWarm() {
        deploy("failing", FailingHandler.class);

        InvokeResult first = lambda.invoke("failing", bytes("{\"n\":1}"));
        InvokeResult second = lambda.invoke("failing", bytes("{\"n\":2}"));

        assertEquals("Unhandled", first.functionError());
        JsonNode error = parse(first.payload());
        assertEquals("boom: {\"n\":1}", error.get("errorMessage").asText());
        assertEquals("java.lang.IllegalStateException", error.get("errorType").asText());
        assertTrue(error.get("stackTrace").isArray() && error.get("stackTrace").size() > 0, error.toString());
        assertTrue(error.get("stackTrace").get(0).asText().contains("FailingHandler"), error.toString());
        assertEquals("boom: {\"n\":2}", parse(second.payload()).get("errorMessage").asText());
        assertFalse(second.cold(), "a handler exception does not cost the worker");
        assertEquals(1, lambda.stats("failing").coldStarts());
    }

    @Test
    void aTimeoutKillsTheWorkerAndTheNextInvokeStartsAFreshOne() {
        lambda.deploy(FunctionConfig.builder("sleepy-timeout", fixtureCode(), handler(SleepyHandler.class))
                .timeoutSeconds(1).build());

        InvokeResult timedOut = lambda.invoke("sleepy-timeout", bytes("{\"sleepMs\":120000}"));

        assertEquals("Unhandled", timedOut.functionError());
        JsonNode error = parse(timedOut.payload());
        assertEquals("Sandbox.Timedout", error.get("errorType").asText());
        assertTrue(error.get("errorMessage").asText().contains("Task timed out after 1.00 seconds"), error.toString());
        long pid = timedOut.workerPid();
        assertTrue(timedOut.logTail().contains("pid=" + pid + " sleeping 120000 ms"), timedOut.logTail());
        await().atMost(WAIT).until(() -> !alive(pid));

        InvokeResult next = lambda.invoke("sleepy-timeout", bytes("{\"sleepMs\":0}"));
        assertFalse(next.failed(), next.payloadText());
        assertTrue(next.cold());
        assertNotEquals(pid, parse(next.payload()).get("pid").asLong());
    }

    @Test
    void parallelInvokesAllCompleteWithinTheConcurrencyLimit() throws Exception {
        lambda.deploy(FunctionConfig.builder("sleepy-parallel", fixtureCode(), handler(SleepyHandler.class))
                .timeoutSeconds(30).maxWorkers(3).build());
        ExecutorService callers = Executors.newFixedThreadPool(7);
        try {
            List<Future<InvokeResult>> calls = IntStream.range(0, 7)
                    .mapToObj(i -> callers.submit(() -> lambda.invoke("sleepy-parallel",
                            bytes("{\"sleepMs\":300,\"id\":\"call-" + i + "\"}"))))
                    .toList();
            Set<Long> pids = new HashSet<>();
            for (int i = 0; i < calls.size(); i++) {
                InvokeResult result = calls.get(i).get();
                assertFalse(result.failed(), result.payloadText());
                JsonNode body = parse(result.payload());
                assertEquals("call-" + i, body.get("id").asText());
                pids.add(body.get("pid").asLong());
            }
            FunctionStats stats = lambda.stats("sleepy-parallel");
            assertTrue(pids.size() <= 3, "at most 3 worker JVMs: " + pids);
            assertTrue(stats.peakWorkers() <= 3, stats.toString());
            assertEquals(7, stats.invocations());
            assertEquals(stats.coldStarts(), pids.size(), "every worker that started served events");
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aFailedAsyncEventIsRetriedAfterOneThenTwoMinutesThenSentToItsFailureTargets() {
        failures.clear();
        lambda.deploy(FunctionConfig.builder("async-failing", fixtureCode(), handler(FailingHandler.class))
                .onFailureArn("arn:aws:sqs:us-east-1:000000000000:on-failure")
                .deadLetterArn("arn:aws:sqs:us-east-1:000000000000:dlq").build());

        Instant t0 = clock.instant();
        String id = lambda.invokeAsync("async-failing", bytes("{\"order\":42}"));

        AsyncStatus afterFirst = awaitState(id, AsyncStatus.State.WAITING_RETRY, 1);
        assertEquals(t0.plus(Duration.ofMinutes(1)), afterFirst.nextAttemptAt());
        assertTrue(failures.isEmpty());

        clock.advance(Duration.ofMinutes(1));
        AsyncStatus afterSecond = awaitState(id, AsyncStatus.State.WAITING_RETRY, 2);
        assertEquals(t0.plus(Duration.ofMinutes(3)), afterSecond.nextAttemptAt());
        assertTrue(failures.isEmpty());

        clock.advance(Duration.ofMinutes(2));
        awaitState(id, AsyncStatus.State.FAILED, 3);
        assertEquals(2, failures.size());
        assertEquals(3, lambda.stats("async-failing").invocations());
        AsyncFailure destination = failures.stream()
                .filter(f -> f.kind() == AsyncFailure.Kind.ON_FAILURE_DESTINATION).findFirst().orElseThrow();
        assertEquals("arn:aws:sqs:us-east-1:000000000000:on-failure", destination.targetArn());
        JsonNode record = parse(bytes(destination.destinationRecordJson()));
        assertEquals("RetriesExhausted", record.at("/requestContext/condition").asText());
        assertEquals(3, record.at("/requestContext/approximateInvokeCount").asInt());
        assertEquals(id, record.at("/requestContext/requestId").asText());
        assertEquals(LambdaProvider.functionArn("async-failing") + ":$LATEST",
                record.at("/requestContext/functionArn").asText());
        assertEquals(42, record.at("/requestPayload/order").asInt());
        assertEquals("Unhandled", record.at("/responseContext/functionError").asText());
        assertEquals("boom: {\"order\":42}", record.at("/responsePayload/errorMessage").asText());
        assertEquals(t0.plus(Duration.ofMinutes(3)).toString(), record.get("timestamp").asText());

        AsyncFailure dlq = failures.stream()
                .filter(f -> f.kind() == AsyncFailure.Kind.DEAD_LETTER_QUEUE).findFirst().orElseThrow();
        assertEquals("arn:aws:sqs:us-east-1:000000000000:dlq", dlq.targetArn());
        assertEquals("{\"order\":42}", new String(dlq.requestPayload()));
        assertEquals("boom: {\"order\":42}", dlq.deadLetterAttributes().get("ErrorMessage"));
        assertEquals(id, dlq.deadLetterAttributes().get("RequestID"));
    }

    @Test
    void anAsyncEventThatFailsOnceSucceedsOnItsRetryAndReachesNoFailureTarget() {
        failures.clear();
        lambda.deploy(FunctionConfig.builder("async-flaky", fixtureCode(), handler(FlakyHandler.class))
                .onFailureArn("arn:aws:sqs:us-east-1:000000000000:on-failure").build());

        String id = lambda.invokeAsync("async-flaky", bytes("{}"));
        awaitState(id, AsyncStatus.State.WAITING_RETRY, 1);
        clock.advance(Duration.ofMinutes(1));

        awaitState(id, AsyncStatus.State.SUCCEEDED, 2);
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void withoutRetriesAFailedAsyncEventGoesStraightToItsDeadLetterQueue() {
        failures.clear();
        lambda.deploy(FunctionConfig.builder("async-no-retry", fixtureCode(), handler(FailingHandler.class))
                .maximumRetryAttempts(0).deadLetterArn("arn:aws:sns:us-east-1:000000000000:dead").build());

        String id = lambda.invokeAsync("async-no-retry", bytes("\"poison\""));

        awaitState(id, AsyncStatus.State.FAILED, 1);
        assertEquals(1, failures.size());
        AsyncFailure failure = failures.get(0);
        assertEquals(AsyncFailure.Kind.DEAD_LETTER_QUEUE, failure.kind());
        assertEquals(1, failure.approximateInvokeCount());
        assertEquals("\"poison\"", new String(failure.requestPayload()));
    }

    @Test
    void aWorkerThatDiesIsReplacedAndACrashMidInvocationIsReportedAsRuntimeExit() {
        deploy("echo-replaced", EchoHandler.class);
        long pid = lambda.invoke("echo-replaced", bytes("{}")).workerPid();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(WAIT).until(() -> lambda.stats("echo-replaced").liveWorkers() == 0);

        InvokeResult after = lambda.invoke("echo-replaced", bytes("{}"));
        assertFalse(after.failed(), after.payloadText());
        assertTrue(after.cold());
        assertNotEquals(pid, after.workerPid());

        deploy("exiting", ExitingHandler.class);
        InvokeResult crashed = lambda.invoke("exiting", bytes("{}"));
        JsonNode error = parse(crashed.payload());
        assertEquals("Runtime.ExitError", error.get("errorType").asText());
        assertTrue(error.get("errorMessage").asText().contains("Runtime exited with error: exit status 3"),
                error.toString());
    }

    @Test
    void aHandlerThatCannotInitialiseFailsTheInvokeWithItsInitError() throws Exception {
        deploy("broken-init", BrokenInitHandler.class);
        deploy("no-such-class", Object.class); // a handler class that is not a handler at all
        lambda.deploy(FunctionConfig.builder("missing-class", fixtureCode(), "dam.NoSuchHandler::handleRequest")
                .build());

        InvokeResult broken = lambda.invoke("broken-init", bytes("{}"));
        InvokeResult missing = lambda.invoke("missing-class", bytes("{}"));

        assertEquals("Unhandled", broken.functionError());
        assertEquals("java.lang.ExceptionInInitializerError", parse(broken.payload()).get("errorType").asText());
        assertTrue(broken.payloadText().contains("BrokenInitHandler"), broken.payloadText());
        assertTrue(Files.readString(lambda.logFile("broken-init")).contains("missing configuration for broken-init"),
                "the cause is in the function log");
        long brokenPid = broken.workerPid();
        await().atMost(WAIT).until(() -> !alive(brokenPid));
        assertTrue(lambda.invoke("broken-init", bytes("{}")).cold(), "an init failure costs the worker");
        assertEquals("Unhandled", missing.functionError());
        assertTrue(missing.payloadText().contains("dam.NoSuchHandler"), missing.payloadText());
        assertTrue(lambda.invoke("no-such-class", bytes("{}")).failed());
    }

    @Test
    void badInputIsRefusedWithAwsErrorsAndLeavesNothingBehind() {
        deploy("echo-bad-input", EchoHandler.class);

        AwsException unknown = assertThrows(AwsException.class, () -> lambda.invoke("nope", bytes("{}")));
        assertEquals("ResourceNotFoundException", unknown.code());
        assertEquals(404, unknown.status());
        AwsException notJson = assertThrows(AwsException.class,
                () -> lambda.invoke("echo-bad-input", bytes("{not json")));
        assertEquals("InvalidRequestContentException", notJson.code());
        AwsException tooBig = assertThrows(AwsException.class,
                () -> lambda.invokeAsync("echo-bad-input", new byte[LambdaProvider.MAX_ASYNC_PAYLOAD + 1]));
        assertEquals("RequestTooLargeException", tooBig.code());
        AwsException version = assertThrows(AwsException.class,
                () -> lambda.invoke("echo-bad-input:7", bytes("{}")));
        assertEquals("ResourceNotFoundException", version.code());
        assertEquals(0, lambda.stats("echo-bad-input").invocations(), "nothing reached a worker");

        IllegalArgumentException missingCode = assertThrows(IllegalArgumentException.class, () -> lambda.deploy(
                FunctionConfig.builder("ghost", state.resolve("no-such.jar"), "a.B::c").build()));
        assertTrue(missingCode.getMessage().contains("not found"), missingCode.getMessage());
        assertFalse(lambda.functionNames().contains("ghost"));
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class, () -> FunctionConfig
                .builder("x", fixtureCode(), "a.B::c").environment(Map.of("AWS_REGION", "eu-west-1")).build());
        assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FunctionConfig.builder("bad name", fixtureCode(), "a.B::c").build());
        assertThrows(IllegalArgumentException.class,
                () -> FunctionConfig.builder("py", fixtureCode(), "a.b").runtime("python3.12").build());
    }

    @Test
    void closeKillsEveryWorker() throws Exception {
        try (LocalClock ownClock = LocalClock.fixed(START)) {
            LambdaProvider own = new LambdaProvider(ownClock, state.resolve("own"), URI.create("http://127.0.0.1:4566"),
                    f -> { });
            own.deploy(FunctionConfig.builder("sleepy-close", fixtureCode(), handler(SleepyHandler.class))
                    .timeoutSeconds(30).maxWorkers(2).build());
            ExecutorService callers = Executors.newFixedThreadPool(2);
            try {
                Future<InvokeResult> a = callers.submit(() -> own.invoke("sleepy-close", bytes("{\"sleepMs\":200}")));
                Future<InvokeResult> b = callers.submit(() -> own.invoke("sleepy-close", bytes("{\"sleepMs\":200}")));
                Set<Long> pids = Set.of(a.get().workerPid(), b.get().workerPid());
                assertTrue(pids.stream().allMatch(LambdaTestSupport::alive));

                own.close();

                for (long pid : pids) {
                    assertFalse(alive(pid), "worker " + pid + " survived close()");
                }
                assertThrows(AwsException.class, () -> own.invoke("sleepy-close", bytes("{}")));
            } finally {
                callers.shutdownNow();
            }
        }
    }

    private static AsyncStatus awaitState(String id, AsyncStatus.State state, int attempts) {
        await().atMost(WAIT).until(() -> lambda.asyncStatus(id)
                .filter(s -> s.state() == state && s.attempts() == attempts).isPresent());
        AsyncStatus status = lambda.asyncStatus(id).orElseThrow();
        assertNotNull(status);
        if (state != AsyncStatus.State.WAITING_RETRY) {
            assertNull(status.nextAttemptAt());
        }
        return status;
    }
}
