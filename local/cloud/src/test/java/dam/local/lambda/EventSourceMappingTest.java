package dam.local.lambda;

import static dam.local.lambda.LambdaTestSupport.fixtureCode;
import static dam.local.lambda.LambdaTestSupport.handler;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.local.LocalCloud;
import dam.local.clock.LocalClock;
import dam.local.deploy.TemplateDeployer;
import dam.local.lambda.fixtures.StreamRecorderHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Lambda event source mappings on DynamoDB streams, through the local cloud's edge with the AWS SDK, against real
 * worker JVMs running {@link StreamRecorderHandler}.
 */
class EventSourceMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path temp;
    static LocalClock clock;
    static LocalCloud cloud;
    static DynamoDbClient ddb;
    static LambdaClient lambdaApi;
    static SqsClient sqs;

    @BeforeAll
    static void start() throws Exception {
        clock = LocalClock.fixed(Instant.parse("2026-05-01T08:00:00Z"));
        cloud = LocalCloud.start(LocalCloud.Config.forTests(temp.resolve("state"), repoRoot(), clock));
        clients();
    }

    private static void clients() {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        ddb = DynamoDbClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        lambdaApi = LambdaClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        closeCloud();
        clock.close();
    }

    private static void closeCloud() {
        ddb.close();
        lambdaApi.close();
        sqs.close();
        cloud.close();
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("local/node/node_modules/dynalite"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("local/node/node_modules/dynalite not found: run npm ci in local/node");
        }
        return dir;
    }

    // ---- helpers ----

    private static String streamedTable(String name) {
        ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("PK").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("PK").keyType(KeyType.HASH))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        await().atMost(WAIT).until(() -> ddb.describeTable(b -> b.tableName(name)).table().tableStatus()
                == TableStatus.ACTIVE);
        return ddb.describeTable(b -> b.tableName(name)).table().latestStreamArn();
    }

    /** Deploys a recorder function; returns the file its invocations are logged to. */
    private static Path recorder(String name) {
        Path log = temp.resolve(name + ".log");
        cloud.lambda().deploy(FunctionConfig.builder(name, fixtureCode(), handler(StreamRecorderHandler.class))
                .environment(Map.of("ESM_LOG", log.toString())).timeoutSeconds(30).build());
        return log;
    }

    private static Map<String, AttributeValue> item(String pk, String kind) {
        return Map.of("PK", AttributeValue.fromS(pk), "kind", AttributeValue.fromS(kind));
    }

    private static void batchPut(String table, List<Map<String, AttributeValue>> items) {
        ddb.batchWriteItem(b -> b.requestItems(Map.of(table, items.stream()
                .map(i -> WriteRequest.builder().putRequest(p -> p.item(i)).build()).toList())));
    }

    /** The events the function got, in order. */
    private static List<JsonNode> events(Path log) {
        if (!Files.exists(log)) {
            return List.of();
        }
        try {
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each invocation as "eventName:PK" of its records. */
    private static List<List<String>> batches(Path log) {
        return events(log).stream().map(e -> {
            List<String> keys = new ArrayList<>();
            e.path("Records").forEach(r -> keys.add(r.path("eventName").asText() + ":"
                    + r.path("dynamodb").path("Keys").path("PK").path("S").asText()));
            return keys;
        }).toList();
    }

    /** Waits until the mapping has finished everything its stream holds. */
    private static void awaitCaughtUp(String uuid, String streamArn) {
        await().atMost(WAIT).until(() -> cloud.eventSourceMappings().checkpoint(uuid)
                == cloud.dynamodb().streams().latestSequence(streamArn));
    }

    private static List<String> list(String... values) {
        return List.of(values);
    }

    // ---- tests ----

    @Test
    void deliversTheStreamInOrderInBatchesOfBatchSizeWithLambdasEventShape() {
        String stream = streamedTable("esm-order");
        Path log = recorder("esm-order-fn");
        batchPut("esm-order", IntStream.range(0, 7).mapToObj(i -> item("o" + i, "photo")).toList());

        var created = lambdaApi.createEventSourceMapping(b -> b
                .functionName(LambdaProvider.functionArn("esm-order-fn") + ":live").eventSourceArn(stream)
                .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(3));
        awaitCaughtUp(created.uuid(), stream);

        assertEquals(List.of(list("INSERT:o0", "INSERT:o1", "INSERT:o2"), list("INSERT:o3", "INSERT:o4",
                "INSERT:o5"), list("INSERT:o6")), batches(log));
        JsonNode record = events(log).get(0).path("Records").get(0);
        assertEquals("aws:dynamodb", record.path("eventSource").asText());
        assertEquals(stream, record.path("eventSourceARN").asText());
        assertEquals("us-east-1", record.path("awsRegion").asText());
        assertEquals("1.1", record.path("eventVersion").asText());
        assertEquals("photo", record.path("dynamodb").path("NewImage").path("kind").path("S").asText());
        assertEquals("NEW_AND_OLD_IMAGES", record.path("dynamodb").path("StreamViewType").asText());
        assertEquals(clock.instant().getEpochSecond(), record.path("dynamodb").path("ApproximateCreationDateTime")
                .asLong());
        assertTrue(record.path("dynamodb").path("SizeBytes").asInt() > 0);

        var got = lambdaApi.getEventSourceMapping(b -> b.uuid(created.uuid()));
        assertEquals(LambdaProvider.functionArn("esm-order-fn"), got.functionArn());
        assertEquals("OK", got.lastProcessingResult());
        assertEquals(List.of(created.uuid()), lambdaApi.listEventSourceMappings(b -> b.eventSourceArn(stream))
                .eventSourceMappings().stream().map(EventSourceMappingConfiguration::uuid).toList());
        assertThrows(ResourceConflictException.class, () -> lambdaApi.createEventSourceMapping(b -> b
                .functionName("esm-order-fn").eventSourceArn(stream).startingPosition(EventSourcePosition.LATEST)));

        // disabled, it keeps its place; enabled again, it delivers what came meanwhile in one batch
        lambdaApi.updateEventSourceMapping(b -> b.uuid(created.uuid()).enabled(false).batchSize(10));
        assertEquals("Disabled", lambdaApi.getEventSourceMapping(b -> b.uuid(created.uuid())).state());
        ddb.updateItem(b -> b.tableName("esm-order").key(Map.of("PK", AttributeValue.fromS("o1")))
                .updateExpression("SET kind = :k").expressionAttributeValues(Map.of(":k", AttributeValue.fromS("doc"))));
        ddb.deleteItem(b -> b.tableName("esm-order").key(Map.of("PK", AttributeValue.fromS("o2"))));
        lambdaApi.updateEventSourceMapping(b -> b.uuid(created.uuid()).enabled(true));
        awaitCaughtUp(created.uuid(), stream);
        assertEquals(list("MODIFY:o1", "REMOVE:o2"), batches(log).get(3));
        JsonNode modify = events(log).get(3).path("Records").get(0).path("dynamodb");
        assertEquals("photo", modify.path("OldImage").path("kind").path("S").asText());
        assertEquals("doc", modify.path("NewImage").path("kind").path("S").asText());

        lambdaApi.deleteEventSourceMapping(b -> b.uuid(created.uuid()));
        assertThrows(ResourceNotFoundException.class, () -> lambdaApi.getEventSourceMapping(b -> b
                .uuid(created.uuid())));
    }

    @Test
    void badMappingsAreRefusedAndNothingIsCreated() {
        String stream = streamedTable("esm-bad");
        recorder("esm-bad-fn");
        assertThrows(InvalidParameterValueException.class, () -> lambdaApi.createEventSourceMapping(b -> b
                .functionName("esm-bad-fn").eventSourceArn(stream).startingPosition(EventSourcePosition.AT_TIMESTAMP)));
        assertThrows(InvalidParameterValueException.class, () -> lambdaApi.createEventSourceMapping(b -> b
                .functionName("esm-bad-fn").eventSourceArn(stream + "-gone")
                .startingPosition(EventSourcePosition.LATEST)));
        assertThrows(InvalidParameterValueException.class, () -> lambdaApi.createEventSourceMapping(b -> b
                .functionName("esm-bad-fn").eventSourceArn(stream).startingPosition(EventSourcePosition.LATEST)
                .batchSize(10_001)));
        assertThrows(InvalidParameterValueException.class, () -> lambdaApi.createEventSourceMapping(b -> b
                .functionName("esm-bad-fn").eventSourceArn(stream).startingPosition(EventSourcePosition.LATEST)
                .filterCriteria(f -> f.filters(x -> x.pattern("{\"eventName\": \"INSERT\"}")))));
        assertThrows(ResourceNotFoundException.class, () -> lambdaApi.createEventSourceMapping(b -> b
                .functionName("no-such-fn").eventSourceArn(stream).startingPosition(EventSourcePosition.LATEST)));
        assertTrue(lambdaApi.listEventSourceMappings(b -> b.eventSourceArn(stream)).eventSourceMappings().isEmpty());
    }

    @Test
    void reportedItemFailuresAreRetriedFromTheFailedRecordOn() {
        String stream = streamedTable("esm-partial");
        Path log = recorder("esm-partial-fn");
        batchPut("esm-partial", List.of(item("p1", "photo"), item("p2", "partial"), item("p3", "photo")));

        String uuid = lambdaApi.createEventSourceMapping(b -> b.functionName("esm-partial-fn").eventSourceArn(stream)
                .startingPosition(EventSourcePosition.TRIM_HORIZON)
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES)).uuid();
        awaitCaughtUp(uuid, stream);

        assertEquals(List.of(list("INSERT:p1", "INSERT:p2", "INSERT:p3"), list("INSERT:p2", "INSERT:p3")),
                batches(log));
    }

    @Test
    void aBatchingWindowCollectsRecordsUntilTheClockReachesItsEnd() {
        String stream = streamedTable("esm-window");
        Path log = recorder("esm-window-fn");
        String uuid = lambdaApi.createEventSourceMapping(b -> b.functionName("esm-window-fn").eventSourceArn(stream)
                .startingPosition(EventSourcePosition.LATEST).batchSize(10).maximumBatchingWindowInSeconds(60))
                .uuid();
        ddb.putItem(b -> b.tableName("esm-window").item(item("w1", "photo")));
        ddb.putItem(b -> b.tableName("esm-window").item(item("w2", "photo")));
        assertTrue(events(log).isEmpty(), "the window is still open on the frozen clock");
        assertFalse(cloud.eventSourceMappings().allCaughtUp(), "two records wait in the window");

        clock.advance(Duration.ofSeconds(61));
        awaitCaughtUp(uuid, stream);

        assertEquals(List.of(list("INSERT:w1", "INSERT:w2")), batches(log));
    }

    /**
     * The whole path as {@code ./dam up} runs it: a CDK-shaped template (table with a stream, DLQ, function, its
     * live alias, and a DynamoEventSource with filter, bisection, one retry and an on-failure queue) deployed into
     * the cloud; then a poison record is isolated by bisection, retried once, and its batch described in SQS.
     */
    @Test
    void deployedTemplateBisectsRetriesAndSendsThePoisonRecordToTheOnFailureQueue() throws Exception {
        Path log = temp.resolve("esm-deployed.log");
        Path cdkOut = CdkOut.write(temp.resolve("cdk.out"), "esm-deployed", fixtureCode(),
                handler(StreamRecorderHandler.class), log);
        TemplateDeployer.Report report = cloud.deploy(cdkOut);
        String uuid = report.ref("Mapping");
        assertTrue(report.unknown().isEmpty(), report.describe());
        await().atMost(WAIT).until(() -> ddb.describeTable(b -> b.tableName("esm-deployed")).table().tableStatus()
                == TableStatus.ACTIVE); // dynalite's CREATING lasts 50 ms; the deployer does not wait for it
        String stream = ddb.describeTable(b -> b.tableName("esm-deployed")).table().latestStreamArn();
        var mapping = lambdaApi.getEventSourceMapping(b -> b.uuid(uuid));
        assertEquals(LambdaProvider.functionArn("esm-deployed-fn"), mapping.functionArn());
        assertEquals(stream, mapping.eventSourceArn());

        batchPut("esm-deployed", List.of(item("d1", "photo"), item("d2", "photo"), item("d3", "poison"),
                item("d4", "photo")));
        ddb.deleteItem(b -> b.tableName("esm-deployed").key(Map.of("PK", AttributeValue.fromS("d1"))));
        ddb.putItem(b -> b.tableName("esm-deployed").item(item("d5", "photo")));
        awaitCaughtUp(uuid, stream);
        await().atMost(WAIT).until(() -> cloud.eventSourceMappings().allCaughtUp());

        assertEquals(List.of(
                list("INSERT:d1", "INSERT:d2", "INSERT:d3", "INSERT:d4"), // fails: bisect
                list("INSERT:d1", "INSERT:d2"),
                list("INSERT:d3", "INSERT:d4"), // fails: bisect
                list("INSERT:d3"), list("INSERT:d3"), // fails, one retry, given up
                list("INSERT:d4"),
                list("INSERT:d5")), batches(log), "the REMOVE of d1 is filtered out");
        String queueUrl = sqs.getQueueUrl(b -> b.queueName("esm-deployed-dlq")).queueUrl();
        List<Message> failures = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
        assertEquals(1, failures.size());
        JsonNode failure = JSON.readTree(failures.get(0).body());
        assertEquals("RetryAttemptsExhausted", failure.path("requestContext").path("condition").asText());
        assertEquals(2, failure.path("requestContext").path("approximateInvokeCount").asInt());
        assertEquals("Unhandled", failure.path("responseContext").path("functionError").asText());
        JsonNode info = failure.path("DDBStreamBatchInfo");
        assertEquals(1, info.path("batchSize").asInt());
        assertEquals(stream, info.path("streamArn").asText());
        assertEquals(info.path("startSequenceNumber"), info.path("endSequenceNumber"));
        String poisonSequence = events(log).get(3).path("Records").get(0).path("dynamodb").path("SequenceNumber")
                .asText();
        assertEquals(poisonSequence, info.path("startSequenceNumber").asText());

        // deploying again keeps the mapping and its place in the stream: nothing is delivered twice
        int invocations = events(log).size();
        assertEquals(uuid, cloud.deploy(cdkOut).ref("Mapping"));
        ddb.putItem(b -> b.tableName("esm-deployed").item(item("d6", "photo")));
        awaitCaughtUp(uuid, stream);
        assertEquals(List.of(list("INSERT:d6")), batches(log).subList(invocations, batches(log).size()));
    }

    @Test
    void deployingTurnsOnTheStreamOfATableKeptFromBeforeTheTemplateHadOne() throws Exception {
        ddb.createTable(b -> b.tableName("esm-old").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("PK").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("PK").keyType(KeyType.HASH)));
        await().atMost(WAIT).until(() -> ddb.describeTable(b -> b.tableName("esm-old")).table().tableStatus()
                == TableStatus.ACTIVE);
        Path log = temp.resolve("esm-old.log");

        String uuid = cloud.deploy(CdkOut.write(temp.resolve("cdk-old.out"), "esm-old", fixtureCode(),
                handler(StreamRecorderHandler.class), log)).ref("Mapping");
        ddb.putItem(b -> b.tableName("esm-old").item(item("k1", "photo")));

        String stream = ddb.describeTable(b -> b.tableName("esm-old")).table().latestStreamArn();
        awaitCaughtUp(uuid, stream);
        assertEquals(List.of(list("INSERT:k1")), batches(log));
    }

    @Test
    void aRestartedCloudResumesAfterTheLastFinishedBatch() throws Exception {
        Path state = temp.resolve("restart-state");
        try (LocalCloud own = LocalCloud.start(LocalCloud.Config.forTests(state, repoRoot(), clock))) {
            var previous = cloud;
            cloud = own;
            closeClientsOnly();
            clients();
            try {
                String stream = streamedTable("esm-restart");
                Path log = recorder("esm-restart-fn");
                String uuid = lambdaApi.createEventSourceMapping(b -> b.functionName("esm-restart-fn")
                        .eventSourceArn(stream).startingPosition(EventSourcePosition.TRIM_HORIZON)).uuid();
                ddb.putItem(b -> b.tableName("esm-restart").item(item("r1", "photo")));
                awaitCaughtUp(uuid, stream);
                own.close();

                try (LocalCloud again = LocalCloud.start(LocalCloud.Config.forTests(state, repoRoot(), clock))) {
                    cloud = again;
                    closeClientsOnly();
                    clients();
                    recorder("esm-restart-fn"); // ./dam up deploys the functions again
                    assertTrue(again.eventSourceMappings().checkpoint(uuid) > 0, "the checkpoint was persisted");
                    ddb.putItem(b -> b.tableName("esm-restart").item(item("r2", "photo")));
                    awaitCaughtUp(uuid, stream);
                    assertEquals(List.of(list("INSERT:r1"), list("INSERT:r2")), batches(log));
                }
            } finally {
                cloud = previous;
                closeClientsOnly();
                clients();
            }
        }
    }

    private static void closeClientsOnly() {
        ddb.close();
        lambdaApi.close();
        sqs.close();
    }

    @Test
    void filterPatternsUseEventRulerOnTheRecord() {
        String stream = streamedTable("esm-filter");
        Path log = recorder("esm-filter-fn");
        String uuid = lambdaApi.createEventSourceMapping(b -> b.functionName("esm-filter-fn").eventSourceArn(stream)
                .startingPosition(EventSourcePosition.LATEST)
                .filterCriteria(f -> f.filters(x -> x.pattern("{\"eventName\":[\"INSERT\"],\"dynamodb\":"
                        + "{\"NewImage\":{\"kind\":{\"S\":[{\"prefix\":\"pho\"}]}}}}")))).uuid();
        batchPut("esm-filter", List.of(item("f1", "photo"), item("f2", "doc"), item("f3", "photograph")));
        ddb.updateItem(b -> b.tableName("esm-filter").key(Map.of("PK", AttributeValue.fromS("f1")))
                .updateExpression("SET kind = :k").expressionAttributeValues(Map.of(":k", AttributeValue.fromS("photo2"))));
        awaitCaughtUp(uuid, stream);

        assertEquals(List.of(list("INSERT:f1", "INSERT:f3")), batches(log));
        assertFalse(lambdaApi.getEventSourceMapping(b -> b.uuid(uuid)).filterCriteria().filters().isEmpty());
    }
}
