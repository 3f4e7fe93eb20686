package dam.local.dynamodb;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dam.local.clock.LocalClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** The provider as an AWS SDK v2 client sees it (through a minimal HTTP wrapper standing in for the edge). */
class DynamoDbSdkTest {

    @TempDir
    Path dataDir;
    LocalClock clock;
    DynamoDbProvider provider;
    TinyEdge edge;
    DynamoDbClient ddb;

    @BeforeEach
    void start() throws Exception {
        clock = LocalClock.fixed(Instant.parse("2026-01-01T00:00:00Z"));
        provider = new DynamoDbProvider(clock, dataDir, DynamoTestSupport.nodeModules());
        edge = new TinyEdge(provider);
        ddb = DynamoDbClient.builder()
                .endpointOverride(edge.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        ddb.createTable(b -> b.tableName("dam").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("PK"), attr("SK"), attr("GSI1PK"), attr("GSI1SK"))
                .keySchema(key("PK", KeyType.HASH), key("SK", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("GSI1")
                        .keySchema(key("GSI1PK", KeyType.HASH), key("GSI1SK", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
        // (the SDK waiter polls every 20 s; dynalite is ACTIVE after 50 ms)
        await().atMost(Duration.ofSeconds(10)).until(() -> ddb.describeTable(b -> b.tableName("dam")).table()
                .tableStatus() == TableStatus.ACTIVE);
    }

    @AfterEach
    void stop() {
        ddb.close();
        edge.close();
        provider.close();
        clock.close();
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static Map<String, AttributeValue> k(String pk, String sk) {
        return Map.of("PK", s(pk), "SK", s(sk));
    }

    @Test
    void putGetAndGsiQueryWithTheSdk() {
        ddb.putItem(b -> b.tableName("dam").item(Map.of("PK", s("ASSET#1"), "SK", s("META"),
                "GSI1PK", s("BRIEF#1"), "GSI1SK", s("2026"), "blob", AttributeValue.fromB(SdkBytes.fromUtf8String("x")))));
        var item = ddb.getItem(b -> b.tableName("dam").key(k("ASSET#1", "META")).consistentRead(true)).item();
        assertEquals("BRIEF#1", item.get("GSI1PK").s());
        assertEquals("x", item.get("blob").b().asUtf8String());
        var q = ddb.query(b -> b.tableName("dam").indexName("GSI1").keyConditionExpression("GSI1PK = :b")
                .expressionAttributeValues(Map.of(":b", s("BRIEF#1"))));
        assertEquals(1, q.count());
        ConditionalCheckFailedException failed = assertThrows(ConditionalCheckFailedException.class,
                () -> ddb.putItem(b -> b.tableName("dam").item(k("ASSET#1", "META"))
                        .conditionExpression("attribute_not_exists(PK)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertEquals("BRIEF#1", failed.item().get("GSI1PK").s(), "ALL_OLD returns the item, as AWS does");
        ConditionalCheckFailedException plain = assertThrows(ConditionalCheckFailedException.class,
                () -> ddb.deleteItem(b -> b.tableName("dam").key(k("ASSET#1", "META"))
                        .conditionExpression("attribute_not_exists(PK)")));
        assertFalse(plain.hasItem());
    }

    @Test
    void transactionsWithTheSdk() {
        ddb.putItem(b -> b.tableName("dam").item(Map.of("PK", s("ASSET#1"), "SK", s("META"),
                "version", AttributeValue.fromN("1"))));

        ddb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().update(u -> u.tableName("dam").key(k("ASSET#1", "META"))
                        .updateExpression("SET version = :two").conditionExpression("version = :one")
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                                ":two", AttributeValue.fromN("2")))).build(),
                TransactWriteItem.builder().put(p -> p.tableName("dam")
                        .item(Map.of("PK", s("ASSET#1"), "SK", s("AUDIT#1")))).build()));

        var got = ddb.transactGetItems(b -> b.transactItems(
                g -> g.get(x -> x.tableName("dam").key(k("ASSET#1", "META"))),
                g -> g.get(x -> x.tableName("dam").key(k("ASSET#1", "AUDIT#1"))),
                g -> g.get(x -> x.tableName("dam").key(k("ASSET#1", "NONE")))));
        assertEquals("2", got.responses().get(0).item().get("version").n());
        assertTrue(got.responses().get(1).hasItem());
        assertFalse(got.responses().get(2).hasItem());

        TransactionCanceledException cancelled = assertThrows(TransactionCanceledException.class,
                () -> ddb.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName("dam")
                                .item(Map.of("PK", s("ASSET#2"), "SK", s("META")))).build(),
                        TransactWriteItem.builder().conditionCheck(c -> c.tableName("dam").key(k("ASSET#1", "META"))
                                .conditionExpression("version = :one")
                                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))
                                .build())));
        List<String> codes = cancelled.cancellationReasons().stream().map(CancellationReason::code).toList();
        assertEquals(List.of("None", "ConditionalCheckFailed"), codes);
        assertEquals("2", cancelled.cancellationReasons().get(1).item().get("version").n());
        assertEquals(400, cancelled.statusCode());
        assertFalse(ddb.getItem(b -> b.tableName("dam").key(k("ASSET#2", "META"))).hasItem(), "nothing applied");
    }

    @Test
    void timeToLiveWithTheSdk() {
        ddb.updateTimeToLive(b -> b.tableName("dam").timeToLiveSpecification(t -> t.enabled(true).attributeName("ttl")));
        var d = ddb.describeTimeToLive(b -> b.tableName("dam")).timeToLiveDescription();
        assertEquals(TimeToLiveStatus.ENABLED, d.timeToLiveStatus());
        assertEquals("ttl", d.attributeName());
    }

    @Test
    void errorsReachTheSdkAsAwsErrors() {
        DynamoDbException notFound = assertThrows(DynamoDbException.class,
                () -> ddb.getItem(b -> b.tableName("missing").key(k("A", "B"))));
        assertEquals("ResourceNotFoundException", notFound.awsErrorDetails().errorCode());
        DynamoDbException duplicate = assertThrows(DynamoDbException.class,
                () -> ddb.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().delete(x -> x.tableName("dam").key(k("A", "B"))).build(),
                        TransactWriteItem.builder().delete(x -> x.tableName("dam").key(k("A", "B"))).build())));
        assertEquals("ValidationException", duplicate.awsErrorDetails().errorCode());
    }
}
