package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Task, callback, Retry, Catch, Parallel, timeouts: the behaviours the conformance corpus cannot cover. */
class EngineTasksTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final FakeTasks tasks = new FakeTasks(clock);
    private final Harness h = new Harness(tasks, ObjectStorePort.NONE, ExecutionStore.IN_MEMORY, clock);

    private static final String CALLBACK = """
            {"StartAt":"Ask","States":{
              "Ask":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                     "Parameters":{"FunctionName":"approve","Payload":{"token.$":"$$.Task.Token","asset.$":"$.asset"}},
                     "ResultPath":"$.decision",%s"End":true}}}""";

    private List<String> types(String arn) {
        return h.engine.history(arn).stream().map(HistoryEvent::type).toList();
    }

    // "Task states using the callback pattern ... pause until Step Functions receives a SendTaskSuccess or
    // SendTaskFailure call with the task token" (Step Functions docs, Wait for a Callback with Task Token).
    @Test
    void callbackTokenReachesTheTaskAndSendTaskSuccessResumesTheExecution() {
        ExecutionInfo started = h.engine.start(h.request(CALLBACK.formatted(""), Json.parse("{\"asset\":\"a1\"}")));
        String token = tasks.last().parameters().path("Payload").path("token").asText();
        assertEquals(token, tasks.last().taskToken());
        assertEquals("a1", tasks.last().parameters().path("Payload").path("asset").asText());
        assertEquals(ExecutionStatus.RUNNING, h.engine.describe(started.executionArn()).orElseThrow().status());

        h.engine.sendTaskSuccess(token, Json.parse("{\"approved\":true}"));

        ExecutionInfo done = h.engine.describe(started.executionArn()).orElseThrow();
        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        Harness.assertJson("{\"asset\":\"a1\",\"decision\":{\"approved\":true}}", done.output());
        assertEquals(List.of("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted",
                "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"), types(started.executionArn()));
    }

    // SendTaskSuccess errors: InvalidToken (malformed), TaskDoesNotExist (unknown), TaskTimedOut (task closed)
    // (Step Functions API reference, SendTaskSuccess "Errors").
    @Test
    void tokensAreSingleUseAndValidated() {
        h.engine.start(h.request(CALLBACK.formatted(""), Json.parse("{\"asset\":\"a1\"}")));
        String token = tasks.last().taskToken();
        h.engine.sendTaskSuccess(token, Json.parse("{}"));

        assertEquals(TaskTokenException.TIMED_OUT, assertThrows(TaskTokenException.class,
                () -> h.engine.sendTaskSuccess(token, Json.parse("{}"))).code());
        assertEquals(TaskTokenException.INVALID_TOKEN, assertThrows(TaskTokenException.class,
                () -> h.engine.sendTaskSuccess("not-a-token", Json.parse("{}"))).code());
        String unknown = "AQ" + "x".repeat(128);
        assertEquals(TaskTokenException.DOES_NOT_EXIST, assertThrows(TaskTokenException.class,
                () -> h.engine.sendTaskHeartbeat(unknown)).code());
    }

    // "SendTaskFailure: Used by ... callback pattern ... to report that the task identified by the taskToken
    // failed", with the given error and cause (Step Functions API reference).
    @Test
    void sendTaskFailureFailsTheExecutionWithTheGivenErrorAndCause() {
        ExecutionInfo started = h.engine.start(h.request(CALLBACK.formatted(""), Json.parse("{\"asset\":\"a1\"}")));
        h.engine.sendTaskFailure(tasks.last().taskToken(), "Review.Rejected", "the reviewer said no");
        ExecutionInfo done = h.engine.describe(started.executionArn()).orElseThrow();
        assertEquals(ExecutionStatus.FAILED, done.status());
        assertEquals("Review.Rejected", done.error());
        assertEquals("the reviewer said no", done.cause());
    }

    // "If more time than the specified seconds elapses between heartbeats from the task, then the task state fails
    // with a States.HeartbeatTimeout error name" and SendTaskHeartbeat "resets the Heartbeat clock"
    // (Amazon States Language, Task state HeartbeatSeconds; SendTaskHeartbeat API reference).
    @Test
    void heartbeatTimeoutFiresOnTheFakeClockAndHeartbeatsPostponeIt() {
        ExecutionInfo started = h.engine.start(h.request(CALLBACK.formatted("\"HeartbeatSeconds\":10,"),
                Json.parse("{\"asset\":\"a1\"}")));
        String arn = started.executionArn();
        clock.advance(Duration.ofSeconds(8));
        h.engine.sendTaskHeartbeat(tasks.last().taskToken());
        clock.advance(Duration.ofSeconds(9)); // t=17: 9 s since the heartbeat
        assertEquals(ExecutionStatus.RUNNING, h.engine.describe(arn).orElseThrow().status());
        clock.advance(Duration.ofSeconds(1)); // t=18: 10 s since the heartbeat
        ExecutionInfo done = h.engine.describe(arn).orElseThrow();
        assertEquals(ExecutionStatus.FAILED, done.status());
        assertEquals(Errors.HEARTBEAT_TIMEOUT, done.error());
        assertEquals(Instant.parse("2025-01-01T00:00:18Z"), done.stopDate());
        assertTrue(types(arn).contains("TaskTimedOut"));
    }

    // "TimeoutSeconds: If the task runs longer than the specified seconds, this state fails with a States.Timeout
    // error name" (Amazon States Language, Task state).
    @Test
    void taskTimeoutFailsWithStatesTimeoutExactlyAtTheDeadline() {
        ExecutionInfo started = h.engine.start(h.request(CALLBACK.formatted("\"TimeoutSeconds\":30,"),
                Json.parse("{\"asset\":\"a1\"}")));
        String token = tasks.last().taskToken();
        clock.advance(Duration.ofSeconds(29));
        assertEquals(ExecutionStatus.RUNNING, h.engine.describe(started.executionArn()).orElseThrow().status());
        clock.advance(Duration.ofSeconds(1));
        ExecutionInfo done = h.engine.describe(started.executionArn()).orElseThrow();
        assertEquals(Errors.TIMEOUT, done.error());
        // the token died with the task
        assertEquals(TaskTokenException.TIMED_OUT, assertThrows(TaskTokenException.class,
                () -> h.engine.sendTaskSuccess(token, Json.parse("{}"))).code());
    }

    // "IntervalSeconds ... BackoffRate: the multiplier by which the retry interval increases during each attempt"
    // and "MaxDelaySeconds: maximum value in seconds to which a retry interval can be increased"
    // (Step Functions docs, Handling errors: Retrier fields).
    @Test
    void retryBackoffFollowsIntervalBackoffRateAndMaxDelayOnTheClock() {
        AtomicInteger attempts = new AtomicInteger();
        tasks.answer = r -> attempts.incrementAndGet() < 4 ? FakeTasks.failure("Lambda.TooManyRequestsException", "slow")
                : CompletableFuture.completedFuture(Json.parse("{\"done\":true}"));
        String def = """
                {"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                 "Retry":[{"ErrorEquals":["Lambda.TooManyRequestsException"],"IntervalSeconds":2,"BackoffRate":3,
                           "MaxDelaySeconds":10,"MaxAttempts":5}],"End":true}}}""";
        ExecutionInfo done = h.run(def, Json.parse("{}"));
        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        Instant t0 = tasks.calls.get(0).at();
        // delays 2, 6, then 18 capped to 10
        assertEquals(List.of(0L, 2L, 8L, 18L), tasks.calls.stream()
                .map(c -> Duration.between(t0, c.at()).toSeconds()).toList());
    }

    // "MaxAttempts ... A value of 0 causes the error to never be retried" / when retries are exhausted the Catch
    // fields apply: "When a state reports an error and either there is no Retrier, or retries have failed to resolve
    // the error, the interpreter scans through the Catchers" (Amazon States Language, Fallback states).
    @Test
    void exhaustedRetriesFallThroughToCatchWithResultPath() {
        tasks.answer = r -> FakeTasks.failure("Boom", "it broke");
        String def = """
                {"StartAt":"Call","States":{
                  "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                    "Retry":[{"ErrorEquals":["Boom"],"MaxAttempts":2,"IntervalSeconds":1}],
                    "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.failure","Next":"Handle"}],"End":true},
                  "Handle":{"Type":"Pass","End":true}}}""";
        ExecutionInfo done = h.run(def, Json.parse("{\"id\":7}"));
        assertEquals(3, tasks.calls.size());
        Harness.assertJson("{\"id\":7,\"failure\":{\"Error\":\"Boom\",\"Cause\":\"it broke\"}}", done.output());
    }

    // "States.Runtime ... A retry or catch on States.ALL won't catch States.Runtime errors" (Step Functions docs,
    // Handling errors: error names).
    @Test
    void statesAllDoesNotCatchRuntimeErrors() {
        String def = """
                {"StartAt":"Call","States":{
                  "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","InputPath":"$.missing",
                    "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Handle"}],"End":true},
                  "Handle":{"Type":"Pass","End":true}}}""";
        ExecutionInfo done = h.run(def, Json.parse("{}"));
        assertEquals(Errors.RUNTIME, done.error());
        assertTrue(done.cause().contains("(entered at the event id #2)"), done.cause());
    }

    // "States.TaskFailed ... matches any known error name except for States.Timeout" (Step Functions docs).
    @Test
    void taskFailedWildcardDoesNotMatchTimeout() {
        assertTrue(Errors.matches(List.of(Errors.TASK_FAILED), "Lambda.ServiceException"));
        assertTrue(!Errors.matches(List.of(Errors.TASK_FAILED), Errors.TIMEOUT));
        assertTrue(Errors.matches(List.of(Errors.ALL), Errors.TIMEOUT));
    }

    // "The Parallel state ... output is an array with one element for each branch" and "If any branch fails ...
    // the entire Parallel state fails" (Amazon States Language, Parallel state).
    @Test
    void parallelCollectsBranchOutputsInOrderAndFailsAsAWhole() {
        String ok = """
                {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                    "Parameters":{"n":1},"OutputPath":"$.n","End":true}}},
                  {"StartAt":"B","States":{"B":{"Type":"Pass","Result":"b","End":true}}}]}}}""";
        tasks.answer = r -> CompletableFuture.completedFuture(r.parameters());
        Harness.assertJson("[1,\"b\"]", h.run(ok, Json.parse("{}")).output());

        String failing = """
                {"StartAt":"P","States":{"P":{"Type":"Parallel","Next":"Done",
                  "Catch":[{"ErrorEquals":["Branch.Bad"],"Next":"Caught"}],"Branches":[
                  {"StartAt":"A","States":{"A":{"Type":"Fail","Error":"Branch.Bad","Cause":"no"}}},
                  {"StartAt":"B","States":{"B":{"Type":"Wait","Seconds":100,"End":true}}}]},
                  "Done":{"Type":"Succeed"},"Caught":{"Type":"Pass","End":true}}}""";
        ExecutionInfo done = h.run(failing, Json.parse("{}"));
        Harness.assertJson("{\"Error\":\"Branch.Bad\",\"Cause\":\"no\"}", done.output());
        // the aborted Wait branch must not revive the execution when its timer fires
        clock.advance(Duration.ofSeconds(200));
        assertEquals(ExecutionStatus.SUCCEEDED, h.engine.describe(done.executionArn()).orElseThrow().status());
    }

    // A Lambda function ARN used directly as Resource passes the input as the payload and returns the function's
    // result; history records LambdaFunctionScheduled/Started/Succeeded (Step Functions docs, Lambda integration).
    @Test
    void plainLambdaArnRecordsLambdaEvents() {
        tasks.answer = r -> CompletableFuture.completedFuture(Json.parse("{\"echo\":" + Json.write(r.parameters())
                + "}"));
        String def = """
                {"StartAt":"L","States":{"L":{"Type":"Task",
                  "Resource":"arn:aws:lambda:us-east-1:000000000000:function:sniff","End":true}}}""";
        ExecutionInfo done = h.run(def, Json.parse("{\"k\":1}"));
        Harness.assertJson("{\"echo\":{\"k\":1}}", done.output());
        assertEquals(List.of("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded"),
                types(done.executionArn()));
    }

    // JSONata Task: "Arguments" is the task input and "$states.result" the task result in Output/Assign
    // (Step Functions docs, Transforming data with JSONata).
    @Test
    void jsonataTaskUsesArgumentsOutputAndAssign() {
        tasks.answer = r -> CompletableFuture.completedFuture(Json.parse("{\"Payload\":{\"size\":"
                + r.parameters().path("Payload").path("w").asInt() * 2 + "}}"));
        String def = """
                {"QueryLanguage":"JSONata","StartAt":"T","States":{
                  "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                       "Arguments":{"FunctionName":"f","Payload":{"w":"{% $states.input.width %}"}},
                       "Assign":{"size":"{% $states.result.Payload.size %}"},
                       "Output":"{% $states.result.Payload %}","Next":"U"},
                  "U":{"Type":"Pass","Output":{"fromVar":"{% $size %}","input":"{% $states.input %}"},"End":true}}}""";
        ExecutionInfo done = h.run(def, Json.parse("{\"width\":21}"));
        Harness.assertJson("{\"fromVar\":42,\"input\":{\"size\":42}}", done.output());
    }

    // "ExecutionTimedOut": the top-level TimeoutSeconds is the maximum execution time (ASL, Top-level fields).
    @Test
    void executionTimeoutEndsTheExecution() {
        String def = """
                {"TimeoutSeconds":5,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}""";
        ExecutionInfo done = h.run(def, Json.parse("{}"));
        assertEquals(ExecutionStatus.TIMED_OUT, done.status());
        assertEquals(Instant.parse("2025-01-01T00:00:05Z"), done.stopDate());
        JsonNode last = Json.MAPPER.valueToTree(types(done.executionArn()));
        assertEquals("ExecutionTimedOut", last.get(last.size() - 1).asText());
    }

    @Test
    void stopAbortsAndClosesTheToken() {
        ExecutionInfo started = h.engine.start(h.request(CALLBACK.formatted(""), Json.parse("{\"asset\":\"a\"}")));
        String token = tasks.last().taskToken();
        h.engine.stop(started.executionArn(), "Cancelled", "by test");
        ExecutionInfo done = h.engine.describe(started.executionArn()).orElseThrow();
        assertEquals(ExecutionStatus.ABORTED, done.status());
        assertNotNull(done.stopDate());
        assertThrows(TaskTokenException.class, () -> h.engine.sendTaskSuccess(token, Json.parse("{}")));
    }
}
