package dam.aws.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.AuditItems;
import dam.aws.Cancellations;
import dam.core.ConflictException;
import dam.core.FieldError.Codes;
import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.Fingerprint;
import dam.core.audit.AuditEntry;
import dam.core.lifecycle.AssetLifecycle;
import dam.core.lifecycle.LifecycleStore;
import dam.core.lifecycle.RetentionPolicy;
import dam.core.lifecycle.Tombstone;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link LifecycleStore} on the single table:
 * <ul>
 *   <li>{@code ASSET#<id>/LIFECYCLE} — stage ({@code archived}/{@code restoring}) and legal hold (JSON {@code data},
 *   {@code stage} and {@code held} as attributes the search projection reads); absent = active, not held;</li>
 *   <li>{@code ASSET#<id>/TOMBSTONE} — what survives a deletion;</li>
 *   <li>{@code ASSET#<id>/RETAIN} — the retention clock, on GSI1 as {@code RETAIN#<brand>} /
 *   {@code <last used>#<asset>}, so the runner queries only assets idle long enough;</li>
 *   <li>{@code RETENTION#<brand>/POLICY} — the brand's policy; {@code RETENTION/BRANDS} lists brands with one.</li>
 * </ul>
 * Changes update the asset's META (revision guarded, an update so other attributes stay) and put the audit entry in
 * the same transaction, as every asset writer does.
 */
public final class DynamoLifecycleStore implements LifecycleStore {

    static final String LIFECYCLE = "LIFECYCLE";
    static final String TOMBSTONE = "TOMBSTONE";
    static final String RETAIN = "RETAIN";

    private final DynamoDbClient db;
    private final String table;
    private final String index;
    private final ObjectMapper json;

    /** @param index the GSI over GSI1PK/GSI1SK (Data.GSI1) */
    public DynamoLifecycleStore(DynamoDbClient db, String table, String index, ObjectMapper json) {
        this.db = db;
        this.table = table;
        this.index = index;
        this.json = json;
    }

    private record PolicyItem(RetentionPolicy policy, String by, Instant at) {
    }

    @Override
    public Optional<AssetLifecycle> find(String assetId) {
        return get(asset(assetId), LIFECYCLE).map(i -> read(i.get("data").s(), AssetLifecycle.class));
    }

    @Override
    public void save(Asset a, AssetLifecycle state, AuditEntry audit) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(asset(a.id()), "META"))
                .conditionExpression("#v = :expected")
                .updateExpression("SET #v = :next, #d = :data, updatedAt = :at, GSI1SK = :gsi")
                .expressionAttributeNames(Map.of("#v", "version", "#d", "data"))
                .expressionAttributeValues(Map.of(":expected", n(a.revision() - 1), ":next", n(a.revision()),
                        ":data", s(write(a)), ":at", s(a.updatedAt().toString()),
                        ":gsi", s(a.updatedAt() + "#" + a.id())))
                .build()).build());
        if (state.nothingToStore()) {
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                    .key(key(asset(a.id()), LIFECYCLE)).build()).build());
        } else {
            Map<String, AttributeValue> item = key(asset(a.id()), LIFECYCLE);
            item.put("type", s("lifecycle"));
            item.put("stage", s(state.stage().code()));
            item.put("held", AttributeValue.fromBool(state.held()));
            item.put("data", s(write(state)));
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build());
        }
        Map<String, AttributeValue> entry = key(asset(a.id()), String.format("AUDIT#%010d", audit.seq()));
        entry.put("type", s("audit"));
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(AuditItems.fill(entry, audit))
                .conditionExpression("attribute_not_exists(PK)").build()).build());
        try {
            db.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            if (Cancellations.conditionFailed(e.cancellationReasons(), 0)
                    || Cancellations.conditionFailed(e.cancellationReasons(), writes.size() - 1)) {
                throw new ConflictException("revision", Codes.CONFLICT, "asset " + a.id()
                        + " changed concurrently (expected revision " + (a.revision() - 1) + "); retry");
            }
            throw new IllegalStateException("could not store the lifecycle of asset " + a.id() + ": "
                    + e.cancellationReasons(), e);
        }
    }

    @Override
    public Optional<Tombstone> tombstone(String assetId) {
        return get(asset(assetId), TOMBSTONE).map(i -> read(i.get("data").s(), Tombstone.class));
    }

    @Override
    public boolean bury(Asset a, Tombstone t) {
        Map<String, AttributeValue> item = key(asset(a.id()), TOMBSTONE);
        item.put("type", s("tombstone"));
        item.put("brand", s(t.brand()));
        item.put("deletedAt", s(t.deletedAt().toString()));
        item.put("data", s(write(t)));
        AuditItems.fill(item, t.entry()); // the deletion's chain link, readable like any audit entry
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(PK)").build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key(asset(a.id()), "META"))
                        .conditionExpression("#v = :current")
                        .expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(":current", n(a.revision()))).build()).build());
        try {
            db.transactWriteItems(b -> b.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            if (Cancellations.conditionFailed(e.cancellationReasons(), 0)) {
                return false;
            }
            if (Cancellations.conditionFailed(e.cancellationReasons(), 1)) {
                throw new ConflictException("revision", Codes.CONFLICT, "asset " + a.id()
                        + " changed while it was being deleted (a legal hold?); nothing was deleted — retry");
            }
            throw new IllegalStateException("could not delete asset " + a.id() + ": " + e.cancellationReasons(), e);
        }
    }

    @Override
    public int sweep(String assetId, List<AssetVersion> versions) {
        Set<Map<String, AttributeValue>> doomed = new LinkedHashSet<>();
        for (Map<String, AttributeValue> k : keys(asset(assetId), null)) {
            String sk = k.get("SK").s();
            if (sk.equals(TOMBSTONE)) {
                continue;
            }
            doomed.add(k);
            if (sk.startsWith("SHARE#")) { // the link itself lives in its own partition
                doomed.add(key("SHARE#" + sk.substring(sk.lastIndexOf('#') + 1), "META"));
            }
        }
        for (Map<String, AttributeValue> k : keys("SIDX#AC#" + assetId, null)) {
            String sk = k.get("SK").s();
            if (sk.startsWith("C#")) { // collection memberships as the search projection recorded them
                doomed.add(key("COLLECTION#" + sk.substring(2), "ITEM#" + assetId));
            }
            doomed.add(k);
        }
        for (AssetVersion v : versions) {
            Fingerprint f = new Fingerprint(assetId, v.number(), v.sha256(), v.phash());
            String sk = "FP#" + assetId + "#" + v.number();
            if (v.sha256() != null) {
                doomed.add(key("DUP#SHA#" + v.sha256(), sk));
            }
            f.bands().forEach(b -> doomed.add(key("DUP#PH#" + b, sk)));
        }
        List<Map<String, AttributeValue>> all = new ArrayList<>(doomed);
        for (int i = 0; i < all.size(); i += 25) {
            List<WriteRequest> batch = all.subList(i, Math.min(all.size(), i + 25)).stream()
                    .map(k -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(k).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            for (int attempt = 0; !pending.isEmpty() && !pending.getOrDefault(table, List.of()).isEmpty(); attempt++) {
                if (attempt == 8) {
                    throw new IllegalStateException("could not delete the items of asset " + assetId
                            + ": unprocessed after 8 attempts");
                }
                Map<String, List<WriteRequest>> request = pending;
                BatchWriteItemResponse r = db.batchWriteItem(b -> b.requestItems(request));
                pending = r.unprocessedItems();
            }
        }
        return all.size();
    }

    @Override
    public Optional<RetentionPolicy> policy(String brand) {
        return get("RETENTION#" + brand, "POLICY").map(i -> read(i.get("data").s(), PolicyItem.class).policy());
    }

    @Override
    public void savePolicy(String brand, RetentionPolicy policy, String by, Instant at) {
        Map<String, AttributeValue> item = key("RETENTION#" + brand, "POLICY");
        item.put("type", s("retentionPolicy"));
        item.put("data", s(write(new PolicyItem(policy, by, at))));
        db.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(table).key(key("RETENTION", "BRANDS"))
                        .updateExpression("ADD brands :b")
                        .expressionAttributeValues(Map.of(":b", AttributeValue.fromSs(List.of(brand)))).build())
                        .build()));
    }

    @Override
    public List<String> policyBrands() {
        return get("RETENTION", "BRANDS").map(i -> i.get("brands").ss().stream().sorted().toList())
                .orElse(List.of());
    }

    @Override
    public void used(String assetId, String brand, Instant at) {
        // Only forward: a late or repeated event never makes an asset look idle longer than it is.
        try {
            db.updateItem(b -> b.tableName(table).key(key(asset(assetId), RETAIN))
                    .conditionExpression("attribute_not_exists(lastUsed) OR lastUsed < :at")
                    .updateExpression("SET #t = :type, lastUsed = :at, GSI1PK = :pk, GSI1SK = :sk")
                    .expressionAttributeNames(Map.of("#t", "type"))
                    .expressionAttributeValues(Map.of(":type", s("retentionClock"), ":at", s(at.toString()),
                            ":pk", s("RETAIN#" + brand), ":sk", s(sortable(at) + "#" + assetId))));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            // already at a later use: nothing to move (not an error)
        }
    }

    @Override
    public Optional<Instant> lastUsed(String assetId) {
        return get(asset(assetId), RETAIN).map(i -> Instant.parse(i.get("lastUsed").s()));
    }

    @Override
    public List<String> idleSince(String brand, Instant cutoff) {
        // "<time>#~" sorts after every "<time>#<asset id>" of that instant: ids are [A-Za-z0-9-].
        QueryRequest q = QueryRequest.builder().tableName(table).indexName(index)
                .keyConditionExpression("GSI1PK = :pk AND GSI1SK <= :cutoff")
                .expressionAttributeValues(Map.of(":pk", s("RETAIN#" + brand), ":cutoff",
                        s(sortable(cutoff) + "#~")))
                .build();
        List<String> out = new ArrayList<>();
        db.queryPaginator(q).items().forEach(i -> {
            String sk = i.get("GSI1SK").s();
            out.add(sk.substring(sk.indexOf('#') + 1));
        });
        return out;
    }

    private List<Map<String, AttributeValue>> keys(String pk, String prefix) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).consistentRead(true)
                .projectionExpression("PK, SK");
        if (prefix == null) {
            q.keyConditionExpression("PK = :pk").expressionAttributeValues(Map.of(":pk", s(pk)));
        } else {
            q.keyConditionExpression("PK = :pk AND begins_with(SK, :p)")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":p", s(prefix)));
        }
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        db.queryPaginator(q.build()).items().forEach(i -> out.add(Map.of("PK", i.get("PK"), "SK", i.get("SK"))));
        return out;
    }

    private Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(pk, sk))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** Fixed width (always milliseconds), so text order is time order. */
    static String sortable(Instant t) {
        return SORTABLE.format(t);
    }

    private static final java.time.format.DateTimeFormatter SORTABLE = java.time.format.DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private static String asset(String id) {
        return "ASSET#" + id;
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
            throw new IllegalStateException("cannot serialise " + o.getClass().getSimpleName(), e);
        }
    }

    private <T> T read(String s, Class<T> type) {
        try {
            return json.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
        }
    }
}
