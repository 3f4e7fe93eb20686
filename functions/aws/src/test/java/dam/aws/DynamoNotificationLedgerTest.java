package dam.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamoNotificationLedgerTest {

    /** Just the conditional put and delete the ledger uses; anything else it would call fails (default methods). */
    static final class Table implements DynamoDbClient {
        final Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        RuntimeException failPuts;

        @Override
        public synchronized PutItemResponse putItem(PutItemRequest r) {
            assertEquals("dam", r.tableName());
            assertEquals("attribute_not_exists(PK)", r.conditionExpression());
            if (failPuts != null) {
                throw failPuts;
            }
            String key = r.item().get("PK").s() + "|" + r.item().get("SK").s();
            if (items.containsKey(key)) {
                throw ConditionalCheckFailedException.builder().message("The conditional request failed").build();
            }
            items.put(key, r.item());
            return PutItemResponse.builder().build();
        }

        @Override
        public synchronized DeleteItemResponse deleteItem(DeleteItemRequest r) {
            assertEquals("dam", r.tableName());
            items.remove(r.key().get("PK").s() + "|" + r.key().get("SK").s());
            return DeleteItemResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    private final Table table = new Table();
    private final DynamoNotificationLedger ledger = new DynamoNotificationLedger(table, "dam",
            Clock.fixed(Instant.parse("2026-06-18T09:00:00Z"), ZoneOffset.UTC));

    @Test
    void firstClaimWinsAndWritesTheMarkerWithTtl() {
        assertTrue(ledger.claim("REMINDER#brief-b1-m1-t2d#2026-06-20", Instant.parse("2026-07-20T00:00:00Z")));
        assertFalse(ledger.claim("REMINDER#brief-b1-m1-t2d#2026-06-20", Instant.parse("2026-07-20T00:00:00Z")));
        assertTrue(ledger.claim("REMINDER#brief-b1-m1-due#2026-06-20", Instant.parse("2026-07-20T00:00:00Z")));

        Map<String, AttributeValue> item = table.items.get("NOTIFIED#REMINDER#brief-b1-m1-t2d#2026-06-20|META");
        assertEquals(Long.toString(Instant.parse("2026-07-20T00:00:00Z").getEpochSecond()), item.get("ttl").n());
        assertEquals("2026-06-18T09:00:00Z", item.get("claimedAt").s());
    }

    @Test
    void releaseLetsTheNextClaimWin() {
        assertTrue(ledger.claim("k", Instant.parse("2026-07-20T00:00:00Z")));
        ledger.release("k");
        assertNull(table.items.get("NOTIFIED#k|META"));
        assertTrue(ledger.claim("k", Instant.parse("2026-07-20T00:00:00Z")));
    }

    @Test
    void otherFailuresPropagate() {
        table.failPuts = new IllegalStateException("throttled");
        assertThrows(IllegalStateException.class, () -> ledger.claim("k", Instant.parse("2026-07-20T00:00:00Z")));
    }
}
