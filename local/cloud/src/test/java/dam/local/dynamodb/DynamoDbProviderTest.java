package dam.local.dynamodb;

import static dam.local.dynamodb.DynamoTestSupport.createTable;
import static dam.local.dynamodb.DynamoTestSupport.getItem;
import static dam.local.dynamodb.DynamoTestSupport.key;
import static dam.local.dynamodb.DynamoTestSupport.ok;
import static dam.local.dynamodb.DynamoTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import dam.local.clock.LocalClock;
import dam.local.edge.AwsException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamoDbProviderTest {

    @TempDir
    Path dataDir;
    LocalClock clock;
    DynamoDbProvider provider;

    @BeforeEach
    void start() {
        clock = LocalClock.fixed(Instant.parse("2026-01-01T00:00:00Z"));
        provider = new DynamoDbProvider(clock, dataDir, DynamoTestSupport.nodeModules());
        createTable(provider);
    }

    @AfterEach
    void stop() {
        provider.close();
        clock.close();
    }

    private void put(String pk, String sk, String extra) {
        ok(provider, "PutItem", "{\"TableName\":\"dam\",\"Item\":{\"PK\":{\"S\":\"" + pk + "\"},\"SK\":{\"S\":\""
                + sk + "\"}" + extra + "}}");
    }

    @Test
    void putGetAndQueryTheGsiAreForwardedToDynalite() {
        put("ASSET#1", "META", ",\"GSI1PK\":{\"S\":\"BRIEF#7\"},\"GSI1SK\":{\"S\":\"ASSET#1\"},\"n\":{\"N\":\"3\"}");
        put("ASSET#2", "META", ",\"GSI1PK\":{\"S\":\"BRIEF#7\"},\"GSI1SK\":{\"S\":\"ASSET#2\"}");
        put("ASSET#3", "META", ",\"GSI1PK\":{\"S\":\"BRIEF#8\"},\"GSI1SK\":{\"S\":\"ASSET#3\"}");

        assertEquals("3", getItem(provider, "ASSET#1", "META").path("n").path("N").asText());
        JsonNode q = ok(provider, "Query", """
                {"TableName":"dam","IndexName":"GSI1","KeyConditionExpression":"GSI1PK = :b",
                 "ExpressionAttributeValues":{":b":{"S":"BRIEF#7"}}}""");
        assertEquals(2, q.path("Count").asInt());
        assertEquals("ASSET#1", q.path("Items").get(0).path("PK").path("S").asText());
        assertEquals("ASSET#2", q.path("Items").get(1).path("PK").path("S").asText());
    }

    @Test
    void transactWriteAppliesEveryActionOfEveryKind() {
        put("ASSET#1", "META", ",\"version\":{\"N\":\"1\"}");
        put("ASSET#1", "OLD", "");
        put("BRIEF#1", "META", ",\"state\":{\"S\":\"open\"}");

        JsonNode r = ok(provider, "TransactWriteItems", """
                {"TransactItems":[
                  {"Update":{"TableName":"dam","Key":%s,"UpdateExpression":"SET version = version + :one",
                             "ConditionExpression":"version = :v","ExpressionAttributeValues":{":one":{"N":"1"},":v":{"N":"1"}}}},
                  {"Put":{"TableName":"dam","Item":{"PK":{"S":"ASSET#1"},"SK":{"S":"AUDIT#1"},"what":{"S":"edited"}},
                          "ConditionExpression":"attribute_not_exists(PK)"}},
                  {"Delete":{"TableName":"dam","Key":%s}},
                  {"ConditionCheck":{"TableName":"dam","Key":%s,"ConditionExpression":"#s = :open",
                                     "ExpressionAttributeNames":{"#s":"state"},"ExpressionAttributeValues":{":open":{"S":"open"}}}}
                ]}""".formatted(key("ASSET#1", "META"), key("ASSET#1", "OLD"), key("BRIEF#1", "META")));

        assertEquals(0, r.size(), "success answers {}");
        assertEquals("2", getItem(provider, "ASSET#1", "META").path("version").path("N").asText());
        assertEquals("edited", getItem(provider, "ASSET#1", "AUDIT#1").path("what").path("S").asText());
        assertNull(getItem(provider, "ASSET#1", "OLD"));
        assertEquals("open", getItem(provider, "BRIEF#1", "META").path("state").path("S").asText());
        assertTrue(provider.dataDir().resolve("journal").toFile().list().length == 0, "journal cleared");
    }

    @Test
    void cancelledTransactionAppliesNothingAndGivesReasonsLikeAws() {
        put("ASSET#1", "META", ",\"version\":{\"N\":\"5\"}");
        put("ASSET#2", "META", ",\"version\":{\"N\":\"1\"}");
        put("ASSET#3", "META", ",\"keep\":{\"S\":\"me\"}");

        var answer = send(provider, "TransactWriteItems", """
                {"TransactItems":[
                  {"Put":{"TableName":"dam","Item":{"PK":{"S":"NEW#1"},"SK":{"S":"META"}}}},
                  {"Delete":{"TableName":"dam","Key":%s}},
                  {"Update":{"TableName":"dam","Key":%s,"UpdateExpression":"SET version = :two",
                             "ConditionExpression":"version = :one",
                             "ExpressionAttributeValues":{":one":{"N":"1"},":two":{"N":"2"}},
                             "ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},
                  {"ConditionCheck":{"TableName":"dam","Key":%s,"ConditionExpression":"attribute_exists(PK)"}},
                  {"Update":{"TableName":"dam","Key":%s,"UpdateExpression":"SET version = :two",
                             "ConditionExpression":"version = :one",
                             "ExpressionAttributeValues":{":one":{"N":"1"},":two":{"N":"2"}}}}
                ]}""".formatted(key("ASSET#3", "META"), key("ASSET#1", "META"), key("NOPE", "META"),
                key("ASSET#2", "META")));

        assertEquals(400, answer.status());
        assertEquals("TransactionCanceledException", answer.type());
        List<String> codes = new ArrayList<>();
        answer.body().path("CancellationReasons").forEach(r -> codes.add(r.path("Code").asText()));
        assertEquals(List.of("None", "None", "ConditionalCheckFailed", "ConditionalCheckFailed", "None"), codes);
        JsonNode failed = answer.body().path("CancellationReasons").get(2);
        assertEquals("The conditional request failed", failed.path("Message").asText());
        assertEquals("5", failed.path("Item").path("version").path("N").asText(), "ALL_OLD returns the item");
        assertTrue(answer.body().path("CancellationReasons").get(3).path("Item").isMissingNode(),
                "no Item without ALL_OLD");
        assertTrue(answer.body().path("Message").asText().contains("[None, None, ConditionalCheckFailed, "
                + "ConditionalCheckFailed, None]"), answer.body().toString());

        // Nothing applied: the put and delete before the failure were rolled back, the update after never ran.
        assertNull(getItem(provider, "NEW#1", "META"));
        assertEquals("me", getItem(provider, "ASSET#3", "META").path("keep").path("S").asText());
        assertEquals("5", getItem(provider, "ASSET#1", "META").path("version").path("N").asText());
        assertEquals("1", getItem(provider, "ASSET#2", "META").path("version").path("N").asText());
        assertEquals(0, provider.dataDir().resolve("journal").toFile().list().length);
    }

    @Test
    void anActionDynaliteRejectsCancelsWithValidationErrorAndRollsBack() {
        put("ASSET#1", "META", ",\"n\":{\"N\":\"1\"}");
        var answer = send(provider, "TransactWriteItems", """
                {"TransactItems":[
                  {"Put":{"TableName":"dam","Item":{"PK":{"S":"NEW#1"},"SK":{"S":"META"}}}},
                  {"Update":{"TableName":"dam","Key":%s,"UpdateExpression":"ADD n :s",
                             "ExpressionAttributeValues":{":s":{"S":"text"}}}}
                ]}""".formatted(key("ASSET#1", "META")));
        assertEquals("TransactionCanceledException", answer.type());
        JsonNode reason = answer.body().path("CancellationReasons").get(1);
        assertEquals("ValidationError", reason.path("Code").asText());
        assertTrue(reason.path("Message").asText().contains("operand type"), reason.toString());
        assertNull(getItem(provider, "NEW#1", "META"), "the put before it was rolled back");
    }

    @Test
    void transactionValidationErrorsChangeNothing() {
        put("ASSET#1", "META", "");
        var duplicate = send(provider, "TransactWriteItems", """
                {"TransactItems":[
                  {"Put":{"TableName":"dam","Item":{"PK":{"S":"NEW#1"},"SK":{"S":"META"}}}},
                  {"Put":{"TableName":"dam","Item":{"PK":{"S":"ASSET#1"},"SK":{"S":"META"},"x":{"S":"y"}}}},
                  {"Delete":{"TableName":"dam","Key":%s}}
                ]}""".formatted(key("ASSET#1", "META")));
        assertEquals("ValidationException", duplicate.type());
        assertTrue(duplicate.body().path("message").asText().contains("multiple operations on one item"));

        StringBuilder many = new StringBuilder("{\"TransactItems\":[");
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append("{\"Put\":{\"TableName\":\"dam\",\"Item\":")
                    .append(key("MANY#" + i, "META")).append("}}");
        }
        var tooMany = send(provider, "TransactWriteItems", many.append("]}").toString());
        assertEquals("ValidationException", tooMany.type());
        assertTrue(tooMany.body().path("message").asText().contains("less than or equal to 100"));

        var missingKey = send(provider, "TransactWriteItems",
                "{\"TransactItems\":[{\"Put\":{\"TableName\":\"dam\",\"Item\":{\"PK\":{\"S\":\"X\"}}}}]}");
        assertEquals("ValidationException", missingKey.type());
        assertTrue(missingKey.body().path("message").asText().contains("Missing the key SK"));

        var noTable = send(provider, "TransactWriteItems",
                "{\"TransactItems\":[{\"Delete\":{\"TableName\":\"nope\",\"Key\":" + key("A", "B") + "}}]}");
        assertEquals("ResourceNotFoundException", noTable.type());

        assertNull(getItem(provider, "NEW#1", "META"));
        assertNull(getItem(provider, "MANY#0", "META"));
        assertNull(getItem(provider, "ASSET#1", "META").get("x"));
    }

    @Test
    void clientRequestTokenMakesARetryANoOp() {
        put("COUNTER", "META", ",\"n\":{\"N\":\"0\"}");
        String tx = """
                {"ClientRequestToken":"tok-1","TransactItems":[
                  {"Update":{"TableName":"dam","Key":%s,"UpdateExpression":"ADD n :one",
                             "ExpressionAttributeValues":{":one":{"N":"1"}}}}]}""".formatted(key("COUNTER", "META"));
        ok(provider, "TransactWriteItems", tx);
        ok(provider, "TransactWriteItems", tx);
        assertEquals("1", getItem(provider, "COUNTER", "META").path("n").path("N").asText());

        var mismatch = send(provider, "TransactWriteItems", tx.replace(":one\":{\"N\":\"1\"}", ":one\":{\"N\":\"5\"}"));
        assertEquals("IdempotentParameterMismatchException", mismatch.type());
        assertEquals("1", getItem(provider, "COUNTER", "META").path("n").path("N").asText());

        clock.advance(java.time.Duration.ofMinutes(11)); // the token window is 10 minutes
        ok(provider, "TransactWriteItems", tx);
        assertEquals("2", getItem(provider, "COUNTER", "META").path("n").path("N").asText());
    }

    @Test
    void transactGetReadsSeveralItemsWithProjection() {
        put("ASSET#1", "META", ",\"a\":{\"S\":\"1\"},\"b\":{\"S\":\"2\"}");
        JsonNode r = ok(provider, "TransactGetItems", """
                {"TransactItems":[
                  {"Get":{"TableName":"dam","Key":%s,"ProjectionExpression":"#a","ExpressionAttributeNames":{"#a":"a"}}},
                  {"Get":{"TableName":"dam","Key":%s}}]}""".formatted(key("ASSET#1", "META"), key("NONE", "META")));
        JsonNode first = r.path("Responses").get(0).path("Item");
        assertEquals("1", first.path("a").path("S").asText());
        assertTrue(first.path("b").isMissingNode(), "projection applied");
        assertEquals(0, r.path("Responses").get(1).size(), "missing item answers {}");
    }

    @Test
    void concurrentWritesAreNeitherLostNorClobberedByRollbacks() throws Exception {
        put("COUNTER", "META", ",\"n\":{\"N\":\"0\"}");
        // Plain ADDs run alongside transactions that add 100 and then fail (rolled back from the before-image) and
        // transactions that add 1 and succeed. Without exclusive transactions a rollback would erase plain ADDs
        // that landed in between; the final count must be exactly plain ADDs + successful transactions.
        String add = "{\"Update\":{\"TableName\":\"dam\",\"Key\":" + key("COUNTER", "META")
                + ",\"UpdateExpression\":\"ADD n :d\",\"ExpressionAttributeValues\":{\":d\":{\"N\":\"%d\"}}}}";
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<int[]>> futures = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    int plain = 0;
                    int committed = 0;
                    for (int i = 0; i < 16; i++) {
                        if (thread % 2 == 0) {
                            ok(provider, "UpdateItem", "{\"TableName\":\"dam\",\"Key\":" + key("COUNTER", "META")
                                    + ",\"UpdateExpression\":\"ADD n :one\","
                                    + "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}");
                            plain++;
                        } else if (i % 2 == 0) {
                            var a = send(provider, "TransactWriteItems", "{\"TransactItems\":[" + add.formatted(100)
                                    + ",{\"ConditionCheck\":{\"TableName\":\"dam\",\"Key\":" + key("MISSING", "X")
                                    + ",\"ConditionExpression\":\"attribute_exists(PK)\"}}]}");
                            assertEquals("TransactionCanceledException", a.type());
                        } else {
                            var a = send(provider, "TransactWriteItems", "{\"TransactItems\":[" + add.formatted(1)
                                    + ",{\"Put\":{\"TableName\":\"dam\",\"Item\":" + key("LOG", thread + "-" + i)
                                    + "}}]}");
                            assertEquals(200, a.status(), a.body().toString());
                            committed++;
                        }
                    }
                    return new int[] {plain, committed};
                }));
            }
            int expected = 0;
            for (Future<int[]> f : futures) {
                int[] counts = f.get();
                expected += counts[0] + counts[1];
            }
            assertEquals(48 + 24, expected);
            assertEquals(Integer.toString(expected),
                    getItem(provider, "COUNTER", "META").path("n").path("N").asText());
            JsonNode logs = ok(provider, "Query", "{\"TableName\":\"dam\",\"KeyConditionExpression\":\"PK = :p\","
                    + "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"LOG\"}}}");
            assertEquals(24, logs.path("Count").asInt());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badInputGetsClearErrors() {
        AwsException unknown = assertThrows(AwsException.class,
                () -> provider.handle(DynamoTestSupport.request("ExecuteStatement", "{}")));
        assertEquals("UnknownOperationException", unknown.code());

        AwsException malformed = assertThrows(AwsException.class,
                () -> provider.handle(DynamoTestSupport.request("PutItem", "{\"TableName\":")));
        assertEquals("SerializationException", malformed.code());

        AwsException malformedTx = assertThrows(AwsException.class,
                () -> provider.handle(DynamoTestSupport.request("TransactWriteItems", "{oops")));
        assertEquals("SerializationException", malformedTx.code());

        var noTable = send(provider, "GetItem", "{\"TableName\":\"nope\",\"Key\":" + key("A", "B") + "}");
        assertEquals(400, noTable.status());
        assertEquals("ResourceNotFoundException", noTable.type());
    }

    @Test
    void timeToLiveSettingIsPersistedAndDescribed() {
        assertEquals("DISABLED", ok(provider, "DescribeTimeToLive", "{\"TableName\":\"dam\"}")
                .path("TimeToLiveDescription").path("TimeToLiveStatus").asText());
        JsonNode r = ok(provider, "UpdateTimeToLive",
                "{\"TableName\":\"dam\",\"TimeToLiveSpecification\":{\"Enabled\":true,\"AttributeName\":\"ttl\"}}");
        assertTrue(r.path("TimeToLiveSpecification").path("Enabled").asBoolean());
        JsonNode d = ok(provider, "DescribeTimeToLive", "{\"TableName\":\"dam\"}").path("TimeToLiveDescription");
        assertEquals("ENABLED", d.path("TimeToLiveStatus").asText());
        assertEquals("ttl", d.path("AttributeName").asText());
        assertTrue(provider.dataDir().resolve("ttl.json").toFile().isFile());

        var again = send(provider, "UpdateTimeToLive",
                "{\"TableName\":\"dam\",\"TimeToLiveSpecification\":{\"Enabled\":true,\"AttributeName\":\"ttl\"}}");
        assertEquals("ValidationException", again.type());
        var noTable = send(provider, "UpdateTimeToLive",
                "{\"TableName\":\"nope\",\"TimeToLiveSpecification\":{\"Enabled\":true,\"AttributeName\":\"ttl\"}}");
        assertEquals("ResourceNotFoundException", noTable.type());
    }
}
