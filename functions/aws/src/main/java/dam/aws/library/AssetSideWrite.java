package dam.aws.library;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.AuditItems;
import dam.core.ConflictException;
import dam.core.FieldError.Codes;
import dam.core.asset.Asset;
import dam.core.audit.AuditEntry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One write of items kept next to an asset (talent releases, offers, caption tracks) together with the asset META
 * (revision guarded: the same attributes the asset repository writes) and its audit entry, as one TransactWriteItems.
 * A stale revision is a {@link ConflictException}; nothing is half-stored.
 */
final class AssetSideWrite {

    private final DynamoDbClient db;
    private final String table;
    private final ObjectMapper json;

    AssetSideWrite(DynamoDbClient db, String table, ObjectMapper json) {
        this.db = db;
        this.table = table;
        this.json = json;
    }

    /** Writes {@code items} (puts or deletes the caller built) with {@code a} and {@code audit}. */
    void commit(Asset a, List<TransactWriteItem> items, AuditEntry audit) {
        List<TransactWriteItem> writes = new ArrayList<>(items);
        // An update, not a put: the asset item's other attributes (GSI keys, brand) stay as the asset repository wrote.
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(pk(a.id()), "META"))
                .conditionExpression("#v = :expected")
                .updateExpression("SET #v = :next, #d = :data, updatedAt = :at, GSI1SK = :gsi")
                .expressionAttributeNames(Map.of("#v", "version", "#d", "data"))
                .expressionAttributeValues(Map.of(":expected", n(a.revision() - 1), ":next", n(a.revision()),
                        ":data", s(write(a)), ":at", s(a.updatedAt().toString()),
                        ":gsi", s(a.updatedAt() + "#" + a.id())))
                .build()).build());
        Map<String, AttributeValue> entry = key(pk(audit.subject()), String.format("AUDIT#%010d", audit.seq()));
        entry.put("type", s("audit"));
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(AuditItems.fill(entry, audit))
                .conditionExpression("attribute_not_exists(PK)").build()).build());
        try {
            db.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (reasons != null && reasons.stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                throw new ConflictException("revision", Codes.CONFLICT, "asset " + a.id()
                        + " changed concurrently (expected revision " + (a.revision() - 1) + "); retry");
            }
            throw new IllegalStateException("could not write to asset " + a.id() + ": " + reasons, e);
        }
    }

    TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    TransactWriteItem delete(String pk, String sk) {
        return TransactWriteItem.builder().delete(b -> b.tableName(table).key(key(pk, sk))).build();
    }

    static String pk(String assetId) {
        return "ASSET#" + assetId;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> k = new HashMap<>();
        k.put("PK", s(pk));
        k.put("SK", s(sk));
        return k;
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + o.getClass().getSimpleName(), e);
        }
    }

    <T> T read(String s, Class<T> type) {
        try {
            return json.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored item is unreadable as " + type.getSimpleName(), e);
        }
    }
}
