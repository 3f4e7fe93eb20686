package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.e2e.fixtures.TokenCatcher;
import dam.local.clock.LocalClock;
import dam.local.lambda.FunctionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Issue 4 through the edge with the SDK's SfnClient: a {@code lambda:invoke.waitForTaskToken} Task hands its token to a
 * real function running in a worker JVM; SendTaskSuccess completes it — also after the local cloud restarted while the
 * execution waited.
 */
class StepFunctionsE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFINITION = """
            {"StartAt":"AskForApproval","States":{
              "AskForApproval":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters":{"FunctionName":"token-catcher","Payload":{"token.$":"$$.Task.Token","asset.$":"$.asset"}},
                "ResultPath":"$.decision","Next":"Done"},
              "Done":{"Type":"Pass","Parameters":{"asset.$":"$.asset","approvedBy.$":"$.decision.by"},"End":true}}}""";

    private static SfnClient sfn(TestCloud cloud) {
        return SfnClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static void deployCatcher(TestCloud cloud, Path captureDir) throws Exception {
        Path code = Path.of(TokenCatcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        cloud.cloud().lambda().deploy(FunctionConfig.builder("token-catcher", code,
                TokenCatcher.class.getName() + "::handleRequest")
                .environment(Map.of("CAPTURE_DIR", captureDir.toString())).timeoutSeconds(30).build());
    }

    private static String awaitToken(Path captureDir) throws Exception {
        await().atMost(Duration.ofSeconds(90)).until(() -> captured(captureDir).size() == 1);
        JsonNode event = JSON.readTree(captured(captureDir).get(0).toFile());
        assertThat(event.path("asset").asText()).isEqualTo("A-1");
        return event.path("token").asText();
    }

    private static List<Path> captured(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).toList();
        }
    }

    @Test
    void callbackTaskCompletesWithSendTaskSuccessEvenAcrossARestart() throws Exception {
        Path state = TestCloud.freshStateDir("sfn");
        Path capture = Files.createDirectories(state.resolveSibling(state.getFileName() + "-capture"));
        try (LocalClock clock = LocalClock.system()) {
            String executionArn;
            String token;
            try (TestCloud cloud = TestCloud.start(state, clock); SfnClient sfn = sfn(cloud)) {
                deployCatcher(cloud, capture);
                String machine = sfn.createStateMachine(r -> r.name("approval-e2e").definition(DEFINITION)
                        .roleArn("arn:aws:iam::000000000000:role/sfn")).stateMachineArn();
                executionArn = sfn.startExecution(r -> r.stateMachineArn(machine).name("run-1")
                        .input("{\"asset\":\"A-1\"}")).executionArn();
                token = awaitToken(capture);
                assertThat(token).isNotBlank();
                assertThat(sfn.describeExecution(r -> r.executionArn(executionArn)).status())
                        .isEqualTo(ExecutionStatus.RUNNING);
            }
            // The execution waits on its token while the whole local cloud is down.
            try (TestCloud cloud = TestCloud.start(state, clock); SfnClient sfn = sfn(cloud)) {
                deployCatcher(cloud, capture);
                assertThat(sfn.describeExecution(r -> r.executionArn(executionArn)).status())
                        .isEqualTo(ExecutionStatus.RUNNING);
                sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"by\":\"legal@example.com\"}"));
                await().atMost(Duration.ofSeconds(30)).until(() -> sfn.describeExecution(r -> r
                        .executionArn(executionArn)).status() == ExecutionStatus.SUCCEEDED);
                JsonNode output = JSON.readTree(sfn.describeExecution(r -> r.executionArn(executionArn)).output());
                assertThat(output.path("asset").asText()).isEqualTo("A-1");
                assertThat(output.path("approvedBy").asText()).isEqualTo("legal@example.com");
                List<HistoryEventType> history = sfn.getExecutionHistory(r -> r.executionArn(executionArn)).events()
                        .stream().map(e -> e.type()).toList();
                assertThat(history).startsWith(HistoryEventType.EXECUTION_STARTED)
                        .contains(HistoryEventType.TASK_SUBMITTED, HistoryEventType.TASK_SUCCEEDED)
                        .endsWith(HistoryEventType.EXECUTION_SUCCEEDED);
                // A second SendTaskSuccess for the same token is refused, as on AWS.
                org.junit.jupiter.api.Assertions.assertThrows(TaskTimedOutException.class,
                        () -> sfn.sendTaskSuccess(r -> r.taskToken(token).output("{}")));
            }
        }
    }

    @Test
    void anEventBridgeRuleStartsAnExecution() throws Exception {
        try (LocalClock clock = LocalClock.system();
             TestCloud cloud = TestCloud.start(TestCloud.freshStateDir("sfn-rule"), clock); SfnClient sfn = sfn(cloud);
             var events = cloud.events()) {
            String machine = sfn.createStateMachine(r -> r.name("on-event").roleArn("arn:aws:iam::000000000000:role/x")
                    .definition("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}"))
                    .stateMachineArn();
            events.putRule(r -> r.name("start-it").eventBusName("dam").eventPattern("{\"detail-type\":[\"Go\"]}"));
            events.putTargets(r -> r.rule("start-it").eventBusName("dam").targets(t -> t.id("sm").arn(machine)
                    .inputPath("$.detail")));
            events.putEvents(r -> r.entries(e -> e.eventBusName("dam").source("e2e").detailType("Go")
                    .detail("{\"asset\":\"A-9\"}")));
            await().atMost(Duration.ofSeconds(30)).until(() -> sfn.listExecutions(r -> r.stateMachineArn(machine))
                    .executions().stream().anyMatch(e -> e.status() == ExecutionStatus.SUCCEEDED));
            String arn = sfn.listExecutions(r -> r.stateMachineArn(machine)).executions().get(0).executionArn();
            assertThat(JSON.readTree(sfn.describeExecution(r -> r.executionArn(arn)).output()).path("asset").asText())
                    .isEqualTo("A-9");
        }
    }

    @Test
    void badDefinitionsAndInputsAreRefusedWithAwsErrors() {
        try (LocalClock clock = LocalClock.fixed(Instant.now());
             TestCloud cloud = TestCloud.start(TestCloud.freshStateDir("sfn-bad"), clock); SfnClient sfn = sfn(cloud)) {
            InvalidDefinitionException missingNext = org.junit.jupiter.api.Assertions.assertThrows(
                    InvalidDefinitionException.class, () -> sfn.createStateMachine(r -> r.name("broken")
                            .roleArn("arn:aws:iam::000000000000:role/sfn")
                            .definition("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\"}}}")));
            assertThat(missingNext.getMessage()).contains("/States/A");
            String machine = sfn.createStateMachine(r -> r.name("ok").roleArn("arn:aws:iam::000000000000:role/sfn")
                    .definition("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}"))
                    .stateMachineArn();
            org.junit.jupiter.api.Assertions.assertThrows(InvalidExecutionInputException.class,
                    () -> sfn.startExecution(r -> r.stateMachineArn(machine).input("{not json")));
            assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine)).executions()).isEmpty();
        }
    }
}
