package dam.aws.library;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.ConflictException;
import dam.core.FieldError.Codes;
import dam.core.asset.Asset;
import dam.core.audit.AuditEntry;
import dam.core.library.Focal;
import dam.core.library.LibraryStore;
import dam.core.library.Preset;
import dam.core.library.RightsRecord;
import dam.core.library.RightsSummary;
import dam.core.library.VersionOrigin;
import dam.core.lifecycle.ExpiryIndex;
import dam.core.lifecycle.RightsExpiry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import dam.aws.AuditItems;

/**
 * {@link LibraryStore} on the single table:
 * <ul>
 *   <li>{@code BRAND#<brand lower case>/PRESETS} — the brand's preset list (JSON);</li>
 *   <li>{@code ASSET#<id>/FOCAL} — manual focal point; {@code ASSET#<id>/FOCAL#V#000003} — detected for a version;</li>
 *   <li>{@code ASSET#<id>/RIGHTS#<rightsId>} — one rights record (JSON); with an end, also the expiry index keys
 *       GSI1PK/GSI1SK ({@link ExpiryIndex}), removed when the expiry is applied;</li>
 *   <li>{@code ASSET#<id>/RIGHTS} — the summary search and expiry read: {@code rightsStatus} (none/active/expiring/
 *       expired/pending on the day of the last change), {@code rightsValidFrom}, {@code rightsValidUntil} (ISO dates,
 *       absent = open), {@code rightsRecords}, {@code brand}.</li>
 * </ul>
 * A rights change writes the record, the summary, the asset (revision guarded) and its audit entry in one
 * TransactWriteItems.
 */
public final class DynamoLibraryStore implements LibraryStore {

    private final DynamoDbClient db;
    private final String table;
    private final ObjectMapper json;

    public DynamoLibraryStore(DynamoDbClient db, String table, ObjectMapper json) {
        this.db = db;
        this.table = table;
        this.json = json;
    }

    static String asset(String id) {
        return "ASSET#" + id;
    }

    @Override
    public Optional<List<Preset>> presets(String brand) {
        return get(brandKey(brand), "PRESETS").map(i -> read(i.get("data").s(), new TypeReference<List<Preset>>() { }));
    }

    @Override
    public void savePresets(String brand, List<Preset> presets) {
        Map<String, AttributeValue> item = key(brandKey(brand), "PRESETS");
        item.put("type", s("presets"));
        item.put("brand", s(brand));
        item.put("data", s(write(presets)));
        db.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public Optional<Focal> manualFocal(String assetId) {
        return get(asset(assetId), "FOCAL").map(i -> read(i.get("data").s(), new TypeReference<Focal>() { }));
    }

    @Override
    public void saveManualFocal(String assetId, Focal focal) {
        if (focal == null) {
            db.deleteItem(b -> b.tableName(table).key(key(asset(assetId), "FOCAL")));
            return;
        }
        putFocal(key(asset(assetId), "FOCAL"), focal);
    }

    @Override
    public Optional<Focal> detectedFocal(String assetId, int version) {
        return get(asset(assetId), focalKey(version)).map(i -> read(i.get("data").s(), new TypeReference<Focal>() { }));
    }

    @Override
    public void saveDetectedFocal(String assetId, int version, Focal focal) {
        putFocal(key(asset(assetId), focalKey(version)), focal);
    }

    @Override
    public List<RightsRecord> rights(String assetId) {
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(asset(assetId)), ":prefix", s("RIGHTS#"))).build();
        List<RightsRecord> out = new ArrayList<>();
        db.queryPaginator(q).items().forEach(i -> out.add(read(i.get("data").s(), new TypeReference<RightsRecord>() { })));
        return out;
    }

    @Override
    public Optional<RightsSummary> rightsSummary(String assetId) {
        return get(asset(assetId), "RIGHTS").map(i -> read(i.get("data").s(),
                new TypeReference<RightsSummary>() { }));
    }

    @Override
    public void saveRights(Asset a, RightsRecord put, String removeId, RightsSummary summary, AuditEntry audit) {
        List<TransactWriteItem> writes = new ArrayList<>();
        if (put != null) {
            Map<String, AttributeValue> item = key(asset(a.id()), "RIGHTS#" + put.rightsId());
            item.put("type", s("rights"));
            item.put("data", s(write(put)));
            Instant endsAt = RightsExpiry.endsAt(put);
            if (endsAt != null) { // the expiry index (issue 9): the daily sweep finds the record by its end day
                item.put("GSI1PK", s(ExpiryIndex.partition(endsAt, a.id())));
                item.put("GSI1SK", s(ExpiryIndex.sort(endsAt, a.id(), put.rightsId())));
            }
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build());
        }
        if (removeId != null) {
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                    .key(key(asset(a.id()), "RIGHTS#" + removeId)).build()).build());
        }
        Map<String, AttributeValue> sum = key(asset(a.id()), "RIGHTS");
        sum.put("type", s("rightsSummary"));
        sum.put("brand", s(a.brand()));
        sum.put("rightsStatus", s(summary.status().code()));
        sum.put("rightsRecords", AttributeValue.fromN(Integer.toString(summary.records())));
        if (summary.validFrom() != null) {
            sum.put("rightsValidFrom", s(summary.validFrom().toString()));
        }
        if (summary.validUntil() != null) {
            sum.put("rightsValidUntil", s(summary.validUntil().toString()));
        }
        sum.put("data", s(write(summary)));
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(sum).build()).build());
        int assetIndex = writes.size();
        // An update, not a put: the asset item's other attributes (GSI keys, brand) stay as the asset repository wrote.
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(asset(a.id()), "META"))
                .conditionExpression("#v = :expected")
                .updateExpression("SET #v = :next, #d = :data, updatedAt = :at, GSI1SK = :gsi")
                .expressionAttributeNames(Map.of("#v", "version", "#d", "data"))
                .expressionAttributeValues(Map.of(":expected", n(a.revision() - 1), ":next", n(a.revision()),
                        ":data", s(write(a)), ":at", s(a.updatedAt().toString()),
                        ":gsi", s(a.updatedAt() + "#" + a.id())))
                .build()).build());
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(auditItem(audit))
                .conditionExpression("attribute_not_exists(PK)").build()).build());
        try {
            db.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (reasons != null && reasons.stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                throw new ConflictException("revision", Codes.CONFLICT, "asset " + a.id()
                        + " changed concurrently (expected revision " + (a.revision() - 1) + "); retry");
            }
            throw new IllegalStateException("could not store rights of asset " + a.id() + ": " + reasons, e);
        }
    }

    @Override
    public void saveOrigin(String assetId, int version, VersionOrigin origin) {
        Map<String, AttributeValue> item = key(asset(assetId), String.format("ORIGIN#V#%06d", version));
        item.put("type", s("versionOrigin"));
        item.put("version", n(version));
        item.put("data", s(write(origin)));
        db.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public Map<Integer, VersionOrigin> origins(String assetId) {
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(asset(assetId)), ":prefix", s("ORIGIN#V#"))).build();
        Map<Integer, VersionOrigin> out = new HashMap<>();
        db.queryPaginator(q).items().forEach(i -> out.put(Integer.parseInt(i.get("version").n()),
                read(i.get("data").s(), new TypeReference<VersionOrigin>() { })));
        return out;
    }

    /** Same layout as the asset repository's audit items (one chain per asset). */
    private static Map<String, AttributeValue> auditItem(AuditEntry a) {
        Map<String, AttributeValue> item = key(asset(a.subject()), String.format("AUDIT#%010d", a.seq()));
        item.put("type", s("audit"));
        return AuditItems.fill(item, a);
    }

    private void putFocal(Map<String, AttributeValue> item, Focal focal) {
        item.put("type", s("focal"));
        item.put("data", s(write(focal)));
        db.putItem(b -> b.tableName(table).item(item));
    }

    private static String focalKey(int version) {
        return String.format("FOCAL#V#%06d", version);
    }

    private static String brandKey(String brand) {
        return "BRAND#" + brand.strip().toLowerCase(Locale.ROOT);
    }

    private Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(pk, sk))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
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

    private <T> T read(String s, TypeReference<T> type) {
        try {
            return json.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored library item is unreadable: " + type.getType(), e);
        }
    }
}
