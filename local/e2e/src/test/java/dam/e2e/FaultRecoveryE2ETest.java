package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.e2e.fixtures.FlakyCommandHandler;
import dam.local.clock.LocalClock;
import dam.local.lambda.AsyncStatus;
import dam.local.lambda.FunctionConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Issue 12 fault injection inside one running cloud (on a frozen clock): an async Lambda that throws on its first
 * attempt is retried and succeeds; a poison event ends in the function's DLQ with the error as message attributes;
 * the dynalite child killed with {@code kill -9} is noticed, shown on /_localstack/health and restarted on the same
 * data without losing an item.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultRecoveryE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private LocalClock clock;
    private Path stateDir;
    private TestCloud cloud;

    @BeforeAll
    void start() {
        clock = LocalClock.fixed(Instant.parse("2026-03-02T09:00:00Z"));
        stateDir = TestCloud.freshStateDir("fault-recovery");
        cloud = TestCloud.start(stateDir, clock);
    }

    @AfterAll
    void stop() {
        cloud.close();
        clock.close();
    }

    @Test
    void aThrowingLambdaIsRetriedAndAPoisonEventLandsInTheDeadLetterQueueWithItsReason() throws Exception {
        Path faults = Files.createTempDirectory(Path.of("target"), "faults").toAbsolutePath();
        String name = "fault-flaky-" + UUID.randomUUID().toString().substring(0, 8);
        try (SqsClient sqs = cloud.sqs(); EventBridgeClient events = cloud.events()) {
            String dlqUrl = sqs.createQueue(r -> r.queueName(name + "-dlq")).queueUrl();
            String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            Path code = Path.of(FlakyCommandHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // Lambda's defaults for async invocations: two retries (after 1 and 2 minutes), then the DLQ.
            cloud.cloud().lambda().deploy(FunctionConfig.builder(name, code,
                            FlakyCommandHandler.class.getName() + "::handleRequest")
                    .environment(Map.of("FAULT_DIR", faults.toString())).maximumRetryAttempts(2)
                    .deadLetterArn(dlqArn).build());
            String functionArn = "arn:aws:lambda:us-east-1:000000000000:function:" + name;
            events.putRule(r -> r.name(name).eventBusName("dam").eventPattern("""
                    {"detail-type":["Command Fault Test"]}"""));
            events.putTargets(r -> r.rule(name).eventBusName("dam").targets(t -> t.id("fn").arn(functionArn)));

            String flaky = putCommand(events, "{\"commandId\":\"flaky-1\"}");
            String poison = putCommand(events, "{\"commandId\":\"poison-1\",\"poison\":true}");
            // Both failed once and wait for their retry (timers on the frozen clock).
            await().atMost(Duration.ofSeconds(60)).until(() -> waitingRetry(faults, flaky, 1)
                    && waitingRetry(faults, poison, 1));
            assertThat(Files.exists(faults.resolve(flaky).resolve("done"))).isFalse();

            clock.advance(Duration.ofMinutes(1)); // first retry of both
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(faults.resolve(flaky).resolve("done"))
                    && waitingRetry(faults, poison, 2));
            assertThat(Files.readString(faults.resolve(flaky).resolve("done"))).isEqualTo("2");
            assertThat(cloud.cloud().lambda().asyncStatus(requestId(faults, flaky)).orElseThrow().state())
                    .isEqualTo(AsyncStatus.State.SUCCEEDED);

            clock.advance(Duration.ofMinutes(2)); // the poison's last retry, then the DLQ
            List<Message> dead = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                dead.addAll(sqs.receiveMessage(r -> r.queueUrl(dlqUrl).maxNumberOfMessages(10)
                        .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .waitTimeSeconds(1)).messages());
                return !dead.isEmpty();
            });
            assertThat(attempts(faults, poison)).isEqualTo(3);
            assertThat(attempts(faults, flaky)).as("a success is not retried").isEqualTo(2);
            assertThat(dead).singleElement().satisfies(m -> {
                assertThat(JSON.readTree(m.body()).path("id").asText()).isEqualTo(poison);
                assertThat(m.messageAttributes().get("ErrorMessage").stringValue())
                        .isEqualTo("poison command poison-1 cannot be applied (attempt 3)");
                assertThat(m.messageAttributes().get("RequestID").stringValue()).isNotBlank();
                assertThat(m.messageAttributes().get("ErrorCode").stringValue()).isEqualTo("200");
            });
            assertThat(cloud.cloud().lambda().pendingAsync()).isZero();
        }
    }

    private static String putCommand(EventBridgeClient events, String detail) {
        String id = events.putEvents(r -> r.entries(e -> e.eventBusName("dam").source("fault.test")
                .detailType("Command Fault Test").detail(detail))).entries().get(0).eventId();
        assertThat(id).isNotBlank();
        return id;
    }

    /** The async invocation behind an event (its request id, as the handler saw it) waits for retry n. */
    private boolean waitingRetry(Path faults, String eventId, int failedAttempts) throws java.io.IOException {
        if (attempts(faults, eventId) != failedAttempts) {
            return false;
        }
        return cloud.cloud().lambda().asyncStatus(requestId(faults, eventId))
                .map(s -> s.state() == AsyncStatus.State.WAITING_RETRY && s.attempts() == failedAttempts)
                .orElse(false);
    }

    private static String requestId(Path faults, String eventId) throws java.io.IOException {
        return Files.readString(faults.resolve(eventId).resolve("attempt-1"));
    }

    private static long attempts(Path faults, String eventId) throws java.io.IOException {
        Path dir = faults.resolve(eventId);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("attempt-")).count();
        }
    }

    @Test
    void aKilledDynaliteIsReportedAndRestartedOnTheSameDataWithoutLoss() throws Exception {
        String table = "dam";
        String pk = "FAULT#" + UUID.randomUUID();
        try (DynamoDbClient db = cloud.dynamodb()) {
            for (int batch = 0; batch < 4; batch++) {
                List<WriteRequest> puts = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    String sk = String.format("ITEM#%03d", batch * 25 + i);
                    puts.add(WriteRequest.builder().putRequest(p -> p.item(Map.of("PK", AttributeValue.fromS(pk),
                            "SK", AttributeValue.fromS(sk), "n", AttributeValue.fromN(sk.substring(5))))).build());
                }
                assertThat(db.batchWriteItem(r -> r.requestItems(Map.of(table, puts))).unprocessedItems()).isEmpty();
            }
            JsonNode before = health();
            assertThat(before.at("/services/dynamodb").asText()).isEqualTo("running");
            int restartsBefore = before.at("/dam/dynamodb/restarts").asInt();

            ProcessHandle dynalite = ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains(dynaliteDataDir()))
                    .findFirst().orElseThrow(() -> new AssertionError("no dynalite child for " + dynaliteDataDir()));
            dynalite.destroyForcibly(); // kill -9

            await().atMost(Duration.ofSeconds(60)).until(() -> health().at("/dam/dynamodb/restarts").asInt()
                    == restartsBefore + 1 && health().at("/services/dynamodb").asText().equals("running"));
            JsonNode after = health();
            assertThat(after.at("/dam/dynamodb/lastProblem").asText())
                    .contains("dynalite pid " + dynalite.pid()).contains("restarted");
            assertThat(ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("")
                    .contains(dynaliteDataDir())).filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList())
                    .singleElement().isNotEqualTo(dynalite.pid());

            List<Map<String, AttributeValue>> items = db.query(r -> r.tableName(table)
                    .keyConditionExpression("PK = :pk").expressionAttributeValues(Map.of(":pk",
                            AttributeValue.fromS(pk)))).items();
            assertThat(items).hasSize(100);
            assertThat(items).extracting(i -> i.get("n").n()).doesNotHaveDuplicates();
            db.putItem(r -> r.tableName(table).item(Map.of("PK", AttributeValue.fromS(pk),
                    "SK", AttributeValue.fromS("AFTER"))));
            assertThat(db.getItem(r -> r.tableName(table).key(Map.of("PK", AttributeValue.fromS(pk),
                    "SK", AttributeValue.fromS("AFTER")))).hasItem()).isTrue();
        }
    }

    private String dynaliteDataDir() {
        return stateDir.resolve("dynamodb").resolve("level").toString();
    }

    private JsonNode health() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cloud.endpoint() + "/_localstack/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
