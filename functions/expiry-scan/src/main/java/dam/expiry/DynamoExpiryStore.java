package dam.expiry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.ConflictException;
import dam.core.FieldError.Codes;
import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.audit.AuditEntry;
import dam.core.lifecycle.ExpiryCheck;
import dam.core.lifecycle.ExpiryIndex;
import dam.core.lifecycle.ExpiryStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import static dam.aws.Cancellations.conditionFailed;
import dam.aws.AuditItems;

/**
 * {@link ExpiryStore} as one TransactWriteItems: the marker {@code EXPIRY#<kind>#<asset>#<subject>#<end>/META} (put
 * if absent: a second run stores nothing), the asset META (revision guarded; same attributes as the asset
 * repository's), the expired version item, the audit entry (put if absent) and the rights record's expiry index keys
 * removed (rights record, talent release or offer).
 */
public final class DynamoExpiryStore implements ExpiryStore {

    /** Markers outlive any possible duplicate delivery. */
    static final Duration MARKER_TTL = Duration.ofDays(400);

    private final DynamoDbClient db;
    private final String table;
    private final ObjectMapper json;

    public DynamoExpiryStore(DynamoDbClient db, String table, ObjectMapper json) {
        this.db = db;
        this.table = table;
        this.json = json;
    }

    static String marker(ExpiryCheck c) {
        return "EXPIRY#" + c.kind() + "#" + c.assetId() + "#" + c.subjectId() + "#" + c.endsAt();
    }

    @Override
    public boolean expire(Asset a, AssetVersion v, AuditEntry audit, ExpiryCheck c) {
        String pk = "ASSET#" + a.id();
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> mark = key(marker(c), "META");
        mark.put("type", s("expiryApplied"));
        mark.put("at", s(a.updatedAt().toString()));
        mark.put("ttl", n(a.updatedAt().plus(MARKER_TTL).getEpochSecond()));
        writes.add(put(mark, "attribute_not_exists(PK)"));
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(pk, "META"))
                .conditionExpression("#v = :expected")
                .updateExpression("SET #v = :next, #d = :data, updatedAt = :at, GSI1SK = :gsi")
                .expressionAttributeNames(Map.of("#v", "version", "#d", "data"))
                .expressionAttributeValues(Map.of(":expected", n(a.revision() - 1), ":next", n(a.revision()),
                        ":data", s(write(a)), ":at", s(a.updatedAt().toString()),
                        ":gsi", s(a.updatedAt() + "#" + a.id())))
                .build()).build());
        if (v != null) {
            Map<String, AttributeValue> item = key(pk, String.format("V#%06d", v.number()));
            item.put("type", s("assetVersion"));
            item.put("state", s(v.state().code()));
            item.put("originalKey", s(v.originalKey()));
            if (v.sha256() != null) {
                item.put("sha256", s(v.sha256()));
            }
            item.put("updatedAt", s(v.updatedAt().toString()));
            item.put("data", s(write(v)));
            writes.add(put(item, null));
        }
        writes.add(put(auditItem(audit), "attribute_not_exists(PK)"));
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(pk, ExpiryIndex.itemPrefix(c.kind()) + c.subjectId()))
                .conditionExpression("attribute_exists(PK)")
                .updateExpression("REMOVE GSI1PK, GSI1SK").build()).build());
        try {
            db.transactWriteItems(b -> b.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (conditionFailed(reasons, 0)) {
                return false; // applied before
            }
            if (reasons != null && reasons.stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                throw new ConflictException("revision", Codes.CONFLICT, "asset " + a.id()
                        + " or its rights changed concurrently; the retry re-reads them");
            }
            throw new IllegalStateException("could not expire asset " + a.id() + ": " + reasons, e);
        }
    }


    private Map<String, AttributeValue> auditItem(AuditEntry a) {
        Map<String, AttributeValue> item = key("ASSET#" + a.subject(), String.format("AUDIT#%010d", a.seq()));
        item.put("type", s("audit"));
        return AuditItems.fill(item, a);
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition) {
        Put.Builder p = Put.builder().tableName(table).item(item);
        if (condition != null) {
            p.conditionExpression(condition);
        }
        return TransactWriteItem.builder().put(p.build()).build();
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> k = new HashMap<>();
        k.put("PK", s(pk));
        k.put("SK", s(sk));
        return k;
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + o.getClass().getSimpleName(), e);
        }
    }
}
