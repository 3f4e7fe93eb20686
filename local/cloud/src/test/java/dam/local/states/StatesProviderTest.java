package dam.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.asl.Json;
import dam.asl.StateFailure;
import dam.local.clock.LocalClock;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SFN API in-process: AwsRequest in, AwsResponse or AwsException out, with a fake set of integrations. */
class StatesProviderTest {
    @TempDir
    Path dir;

    private final LocalClock clock = LocalClock.fixed(Instant.parse("2025-01-01T00:00:00Z"));
    private final FakeIntegrations fake = new FakeIntegrations();
    private final List<StatesProvider> providers = new ArrayList<>();

    private static final String ROLE = "arn:aws:iam::000000000000:role/sfn";
    private static final String APPROVAL = """
            {"StartAt":"Ask","States":{
              "Ask":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters":{"FunctionName":"approval-request","Payload":{"token.$":"$$.Task.Token","asset.$":"$.asset"}},
                "HeartbeatSeconds":3600,"ResultPath":"$.decision","End":true}}}""";

    /** Records calls; lambda answers come from a programmable map keyed by function name. */
    static final class FakeIntegrations implements Integrations {
        final List<JsonNode> lambdaPayloads = new CopyOnWriteArrayList<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Map<String, JsonNode> lambdaResults = new HashMap<>();
        final Map<String, byte[]> objects = new HashMap<>();

        @Override
        public CompletionStage<JsonNode> invokeLambda(String functionName, JsonNode payload, String invocationType) {
            calls.add("lambda:" + functionName);
            lambdaPayloads.add(payload);
            JsonNode r = lambdaResults.get(functionName);
            if (r == null) {
                ObjectNode ok = Json.object();
                ok.put("StatusCode", 200);
                ok.set("Payload", payload);
                return CompletableFuture.completedFuture(ok);
            }
            return CompletableFuture.completedFuture(r);
        }

        @Override
        public CompletionStage<JsonNode> putEvents(JsonNode request) {
            calls.add("events:" + request.path("Entries").path(0).path("DetailType").asText());
            return CompletableFuture.completedFuture(Json.parse("{\"Entries\":[{\"EventId\":\"e-1\"}],"
                    + "\"FailedEntryCount\":0}"));
        }

        @Override
        public CompletionStage<JsonNode> dynamoDb(String action, JsonNode request) {
            calls.add("dynamodb:" + action + ":" + request.path("TableName").asText());
            if (request.has("ConditionExpression")) {
                return CompletableFuture.failedFuture(new StateFailure("DynamoDB.ConditionalCheckFailedException",
                        "The conditional request failed"));
            }
            return CompletableFuture.completedFuture(action.equals("GetItem")
                    ? Json.parse("{\"Item\":{\"PK\":{\"S\":\"ASSET#1\"}}}") : Json.object());
        }

        @Override
        public synchronized byte[] s3GetObject(String bucket, String key) {
            byte[] b = objects.get(bucket + "/" + key);
            if (b == null) {
                throw new IllegalArgumentException("NoSuchKey");
            }
            return b;
        }

        @Override
        public synchronized void s3PutObject(String bucket, String key, byte[] body) {
            objects.put(bucket + "/" + key, body);
        }
    }

    private StatesProvider provider() {
        StatesProvider p = new StatesProvider(clock, dir, fake);
        providers.add(p);
        return p;
    }

    @AfterEach
    void close() {
        providers.forEach(StatesProvider::close);
        clock.close();
    }

    private static JsonNode call(StatesProvider p, String op, String body) {
        AwsRequest req = new AwsRequest("POST", "/", null,
                Map.of("x-amz-target", List.of("AWSStepFunctions." + op)),
                body.getBytes(StandardCharsets.UTF_8), "states", "us-east-1", op);
        AwsResponse resp = p.handle(req);
        assertEquals(200, resp.status());
        assertEquals(AwsResponse.AMZ_JSON_1_0, resp.contentType());
        return Json.parse(new String(resp.body(), StandardCharsets.UTF_8));
    }

    private static String awsError(StatesProvider p, String op, String body) {
        return assertThrows(AwsException.class, () -> call(p, op, body)).code();
    }

    private static String json(Object... kv) {
        ObjectNode o = Json.object();
        for (int i = 0; i < kv.length; i += 2) {
            o.set((String) kv[i], kv[i + 1] instanceof JsonNode n ? n : Json.NODES.textNode((String) kv[i + 1]));
        }
        return Json.write(o);
    }

    private static String status(StatesProvider p, String execArn) {
        return call(p, "DescribeExecution", json("executionArn", execArn)).path("status").asText();
    }

    @Test
    void stateMachineLifecycleAndDefinitionErrors() {
        StatesProvider p = provider();
        String def = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}";
        String arn = call(p, "CreateStateMachine", json("name", "ingest", "definition", def, "roleArn", ROLE))
                .path("stateMachineArn").asText();
        assertEquals("arn:aws:states:us-east-1:000000000000:stateMachine:ingest", arn);
        assertEquals(def, call(p, "DescribeStateMachine", json("stateMachineArn", arn)).path("definition").asText());
        assertEquals(arn, call(p, "ListStateMachines", "{}").path("stateMachines").path(0).path("stateMachineArn")
                .asText());

        AwsException bad = assertThrows(AwsException.class, () -> call(p, "CreateStateMachine", json("name", "x",
                "definition", "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"}}}",
                "roleArn", ROLE)));
        assertEquals("InvalidDefinition", bad.code());
        assertTrue(bad.getMessage().contains("/States/A/Next"), bad.getMessage());
        assertEquals("InvalidDefinition", awsError(p, "UpdateStateMachine", json("stateMachineArn", arn,
                "definition", "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":"
                        + "\"arn:aws:states:::sqs:sendMessage\",\"End\":true}}}")));
        assertEquals("StateMachineAlreadyExists", awsError(p, "CreateStateMachine", json("name", "ingest",
                "definition", def.replace("\"End\"", "\"Comment\":\"x\",\"End\""), "roleArn", ROLE)));

        call(p, "DeleteStateMachine", json("stateMachineArn", arn));
        assertEquals("StateMachineDoesNotExist", awsError(p, "DescribeStateMachine", json("stateMachineArn", arn)));
        assertEquals("UnknownOperationException", awsError(p, "CreateActivity", "{}"));
        assertEquals("SerializationException", awsError(p, "ListStateMachines", "{not json"));
    }

    // End-to-end callback: the Lambda receives the token, SendTaskSuccess completes the execution; the token is then
    // spent (TaskTimedOut), a malformed one is InvalidToken.
    @Test
    void callbackFlowThroughTheApi() {
        StatesProvider p = provider();
        String sm = p.createStateMachine("review", APPROVAL, ROLE);
        String exec = call(p, "StartExecution", json("stateMachineArn", sm, "name", "r1", "input",
                "{\"asset\":\"a-1\"}")).path("executionArn").asText();
        assertEquals("arn:aws:states:us-east-1:000000000000:execution:review:r1", exec);
        await().until(() -> fake.lambdaPayloads.size() == 1);
        String token = fake.lambdaPayloads.get(0).path("token").asText();
        assertEquals("RUNNING", status(p, exec));

        call(p, "SendTaskSuccess", json("taskToken", token, "output", "{\"approved\":true}"));
        await().until(() -> status(p, exec).equals("SUCCEEDED"));
        JsonNode described = call(p, "DescribeExecution", json("executionArn", exec));
        assertEquals(Json.parse("{\"asset\":\"a-1\",\"decision\":{\"approved\":true}}"),
                Json.parse(described.path("output").asText()));

        JsonNode events = call(p, "GetExecutionHistory", json("executionArn", exec)).path("events");
        assertEquals("ExecutionStarted", events.get(0).path("type").asText());
        assertEquals("TaskStateEntered", events.get(1).path("type").asText());
        assertEquals("Ask", events.get(1).path("stateEnteredEventDetails").path("name").asText());
        assertEquals("ExecutionSucceeded", events.get(events.size() - 1).path("type").asText());

        assertEquals("TaskTimedOut", awsError(p, "SendTaskSuccess", json("taskToken", token, "output", "{}")));
        assertEquals("InvalidToken", awsError(p, "SendTaskFailure", json("taskToken", "garbage")));
        assertEquals("ExecutionDoesNotExist", awsError(p, "DescribeExecution",
                json("executionArn", exec + "-nope")));
    }

    // "StartExecution is idempotent for STANDARD workflows ... same name and input as a running execution ... returns
    // the same response"; a different input gives ExecutionAlreadyExists (StartExecution API reference).
    @Test
    void startExecutionNameIdempotencyAndInputValidation() {
        StatesProvider p = provider();
        String sm = p.createStateMachine("review", APPROVAL, ROLE);
        String first = call(p, "StartExecution", json("stateMachineArn", sm, "name", "same", "input",
                "{\"asset\":\"a\"}")).path("executionArn").asText();
        String again = call(p, "StartExecution", json("stateMachineArn", sm, "name", "same", "input",
                "{\"asset\":\"a\"}")).path("executionArn").asText();
        assertEquals(first, again);
        assertEquals("ExecutionAlreadyExists", awsError(p, "StartExecution", json("stateMachineArn", sm, "name",
                "same", "input", "{\"asset\":\"b\"}")));
        assertEquals("InvalidExecutionInput", awsError(p, "StartExecution", json("stateMachineArn", sm, "input",
                "not json")));
        JsonNode listed = call(p, "ListExecutions", json("stateMachineArn", sm)).path("executions");
        assertEquals(1, listed.size());
        await().until(() -> fake.lambdaPayloads.size() == 1);
    }

    // Executions waiting on a task token are journaled: a new provider on the same directory accepts the token.
    @Test
    void waitingExecutionSurvivesAProviderRestart() {
        StatesProvider first = provider();
        String sm = first.createStateMachine("review", APPROVAL, ROLE);
        String exec = first.startExecution(sm, "r1", "{\"asset\":\"a\"}").executionArn();
        await().until(() -> fake.lambdaPayloads.size() == 1);
        String token = fake.lambdaPayloads.get(0).path("token").asText();
        first.close();

        StatesProvider second = provider();
        assertEquals("RUNNING", status(second, exec));
        assertEquals(sm, call(second, "DescribeStateMachine", json("stateMachineArn", sm)).path("stateMachineArn")
                .asText());
        call(second, "SendTaskSuccess", json("taskToken", token, "output", "{\"approved\":false}"));
        await().until(() -> status(second, exec).equals("SUCCEEDED"));
        assertEquals(1, fake.lambdaPayloads.size(), "the callback Lambda is not invoked again after a restart");
    }

    @Test
    void aProviderStartedWithoutRecoveryResumesItsExecutionsOnlyWhenAsked() {
        // The first provider gets a clock of its own that dies with it (as in a crash): its Wait timer must not fire.
        LocalClock firstClock = LocalClock.fixed(clock.instant());
        StatesProvider first = new StatesProvider(firstClock, dir, fake);
        String sm = first.createStateMachine("later", """
                {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"Next":"T"},
                 "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                      "Parameters":{"FunctionName":"after-restart"},"End":true}}}""", ROLE);
        String exec = first.startExecution(sm, "w1", "{}").executionArn();
        await().until(() -> call(first, "GetExecutionHistory", json("executionArn", exec)).path("events")
                .findValuesAsText("type").contains("WaitStateEntered"));
        assertEquals("RUNNING", status(first, exec));
        first.close();
        firstClock.close();

        StatesProvider second = new StatesProvider(clock, dir, fake, false);
        providers.add(second);
        clock.advance(java.time.Duration.ofMinutes(2)); // the Wait is over while the functions are being deployed
        assertEquals("ExecutionDoesNotExist", awsError(second, "DescribeExecution", json("executionArn", exec)));
        assertTrue(fake.calls.stream().noneMatch(c -> c.contains("after-restart")), fake.calls.toString());

        assertEquals(1, second.recoverExecutions());
        await().until(() -> status(second, exec).equals("SUCCEEDED"));
        assertEquals(1, fake.calls.stream().filter(c -> c.contains("after-restart")).count());
        assertEquals(0, second.recoverExecutions(), "only the first call resumes");
    }

    // HeartbeatSeconds under the shared LocalClock: no real waiting, the task fails with States.HeartbeatTimeout.
    @Test
    void heartbeatTimeoutUnderTheLocalClock() {
        StatesProvider p = provider();
        String sm = p.createStateMachine("review", APPROVAL, ROLE);
        String exec = p.startExecution(sm, null, "{\"asset\":\"a\"}").executionArn();
        await().until(() -> fake.lambdaPayloads.size() == 1);
        String token = fake.lambdaPayloads.get(0).path("token").asText();
        clock.advance(Duration.ofMinutes(50));
        call(p, "SendTaskHeartbeat", json("taskToken", token)); // takes effect before it returns
        clock.advance(Duration.ofMinutes(50));
        assertEquals("RUNNING", status(p, exec));
        clock.advance(Duration.ofMinutes(15));
        await().until(() -> status(p, exec).equals("FAILED"));
        assertEquals("States.HeartbeatTimeout", call(p, "DescribeExecution", json("executionArn", exec))
                .path("error").asText());
    }

    @Test
    void startSyncExecutionReturnsTheResult() {
        StatesProvider p = provider();
        String sm = p.createStateMachine("calc", "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\","
                + "\"Parameters\":{\"sum.$\":\"States.MathAdd($.a, $.b)\"},\"End\":true}}}", ROLE);
        JsonNode r = call(p, "StartSyncExecution", json("stateMachineArn", sm, "input", "{\"a\":2,\"b\":3}"));
        assertEquals("SUCCEEDED", r.path("status").asText());
        assertEquals(5, Json.parse(r.path("output").asText()).path("sum").asInt());
    }

    // Each integration of the product: lambda:invoke (result wrapped with Payload/StatusCode), plain Lambda ARN
    // (result is the payload), events:putEvents, dynamodb:*Item (service errors keep their DynamoDB.* names and are
    // catchable), states:startExecution.sync:2 (Output is JSON), per the Step Functions service integration docs.
    @Test
    void everyIntegrationIsWired() {
        StatesProvider p = provider();
        String child = p.createStateMachine("child", "{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Pass\","
                + "\"Result\":{\"child\":true},\"End\":true}}}", ROLE);
        String def = """
                {"StartAt":"Invoke","States":{
                  "Invoke":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                    "Parameters":{"FunctionName":"sniff","Payload":{"k":1}},"ResultSelector":{"p.$":"$.Payload",
                    "code.$":"$.StatusCode"},"ResultPath":"$.invoke","Next":"Plain"},
                  "Plain":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:tag",
                    "Parameters":{"x":2},"ResultPath":"$.plain","Next":"Put"},
                  "Put":{"Type":"Task","Resource":"arn:aws:states:::events:putEvents",
                    "Parameters":{"Entries":[{"Source":"dam.assets","DetailType":"Asset Ingested","Detail":{}}]},
                    "ResultPath":"$.events","Next":"Get"},
                  "Get":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem",
                    "Parameters":{"TableName":"dam","Key":{"PK":{"S":"ASSET#1"}}},"ResultPath":"$.item","Next":"Cond"},
                  "Cond":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem",
                    "Parameters":{"TableName":"dam","Item":{},"ConditionExpression":"attribute_not_exists(PK)"},
                    "Catch":[{"ErrorEquals":["DynamoDB.ConditionalCheckFailedException"],"ResultPath":"$.conflict",
                    "Next":"Child"}],"ResultPath":null,"Next":"Child"},
                  "Child":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
                    "Parameters":{"StateMachineArn":"%s","Input":{"from":"parent"}},
                    "ResultSelector":{"out.$":"$.Output"},"ResultPath":"$.child","End":true}}}""".formatted(child);
        String sm = p.createStateMachine("all", def, ROLE);
        String exec = p.startExecution(sm, "e1", "{}").executionArn();
        await().until(() -> !status(p, exec).equals("RUNNING"));
        JsonNode d = call(p, "DescribeExecution", json("executionArn", exec));
        assertEquals("SUCCEEDED", d.path("status").asText(), d.toString());
        JsonNode out = Json.parse(d.path("output").asText());
        assertEquals(Json.parse("{\"p\":{\"k\":1},\"code\":200}"), out.path("invoke"));
        assertEquals(Json.parse("{\"x\":2}"), out.path("plain"));
        assertEquals(0, out.path("events").path("FailedEntryCount").asInt());
        assertEquals("ASSET#1", out.path("item").path("Item").path("PK").path("S").asText());
        assertEquals("DynamoDB.ConditionalCheckFailedException", out.path("conflict").path("Error").asText());
        assertEquals(Json.parse("{\"out\":{\"child\":true}}"), out.path("child"));
        assertEquals(List.of("lambda:sniff", "lambda:arn:aws:lambda:us-east-1:000000000000:function:tag",
                "events:Asset Ingested", "dynamodb:GetItem:dam", "dynamodb:PutItem:dam"), fake.calls);
    }

    // A function error fails the task with the function's errorType and the error document as cause.
    @Test
    void lambdaFunctionErrorsBecomeTaskFailures() {
        StatesProvider p = provider();
        fake.lambdaResults.put("boom", Json.parse("{\"StatusCode\":200,\"FunctionError\":\"Unhandled\","
                + "\"Payload\":{\"errorType\":\"MediaException\",\"errorMessage\":\"corrupt\"}}"));
        String sm = p.createStateMachine("boom", "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":\"boom\"},"
                + "\"End\":true}}}", ROLE);
        String exec = p.startExecution(sm, null, "{}").executionArn();
        await().until(() -> status(p, exec).equals("FAILED"));
        JsonNode d = call(p, "DescribeExecution", json("executionArn", exec));
        assertEquals("MediaException", d.path("error").asText());
        assertEquals("corrupt", Json.parse(d.path("cause").asText()).path("errorMessage").asText());
    }

    // Distributed Map ItemReader/ResultWriter go through the S3 integration.
    @Test
    void distributedMapUsesS3ThroughIntegrations() {
        StatesProvider p = provider();
        fake.s3PutObject("manifests", "bulk.json", "[{\"id\":1},{\"id\":2}]".getBytes(StandardCharsets.UTF_8));
        String sm = p.createStateMachine("bulk", """
                {"StartAt":"M","States":{"M":{"Type":"Map",
                  "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},
                    "Parameters":{"Bucket":"manifests","Key":"bulk.json"}},
                  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                    "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
                  "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"results",
                    "Prefix":"bulk"}},"End":true}}}""", ROLE);
        String exec = p.startExecution(sm, null, "{}").executionArn();
        await().until(() -> status(p, exec).equals("SUCCEEDED"));
        JsonNode out = Json.parse(call(p, "DescribeExecution", json("executionArn", exec)).path("output").asText());
        String key = out.path("ResultWriterDetails").path("Key").asText();
        assertNotEquals("", key);
        JsonNode manifest = Json.parse(new String(fake.s3GetObject("results", key), StandardCharsets.UTF_8));
        assertEquals("results", manifest.path("DestinationBucket").asText());
    }
}
