package dam.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.ConflictException;
import dam.core.FieldError.Codes;
import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.asset.AssetVersion;
import dam.core.audit.AuditEntry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dam.aws.Keys.GSI1PK;
import static dam.aws.Keys.GSI1SK;
import static dam.aws.Keys.PK;
import static dam.aws.Keys.SK;
import static dam.aws.Keys.n;
import static dam.aws.Keys.s;
import static dam.aws.Cancellations.conditionFailed;

/**
 * {@link AssetRepository} on the single table. One TransactWriteItems per change:
 * <ul>
 *   <li>{@code CMD#<commandId>/META} — put if absent (idempotent upload requests);</li>
 *   <li>{@code ASSET#<id>/META} — put if absent (new) or if {@code version} (the asset's revision) is the previous
 *       one; GSI1 = assets of a brief ({@code ASSETS#BRIEF#<id>}) or of a brand, by update time;</li>
 *   <li>{@code ASSET#<id>/V#000003} — the version as JSON plus its state;</li>
 *   <li>{@code ASSET#<id>/AUDIT#<seq>} — the audit entry, put if absent.</li>
 * </ul>
 */
public final class DynamoAssetRepository implements AssetRepository {


    private final DynamoDbClient db;
    private final String table;
    private final ObjectMapper json;
    private final Clock clock;

    public DynamoAssetRepository(DynamoDbClient db, String table, ObjectMapper json, Clock clock) {
        this.db = db;
        this.table = table;
        this.json = json;
        this.clock = clock;
    }

    static String asset(String id) {
        return "ASSET#" + id;
    }

    static String version(int n) {
        return String.format("V#%06d", n);
    }

    @Override
    public Optional<Asset> find(String assetId) {
        return get(asset(assetId), Keys.META).map(i -> read(i.get("data").s(), Asset.class));
    }

    @Override
    public Optional<AssetVersion> findVersion(String assetId, int number) {
        return get(asset(assetId), version(number)).map(i -> read(i.get("data").s(), AssetVersion.class));
    }

    @Override
    public List<AssetVersion> versions(String assetId) {
        List<AssetVersion> out = new ArrayList<>();
        query(asset(assetId), "V#").forEach(i -> out.add(read(i.get("data").s(), AssetVersion.class)));
        return out;
    }

    @Override
    public boolean save(Asset asset, AssetVersion version, AuditEntry audit, String commandId) {
        List<TransactWriteItem> writes = new ArrayList<>();
        if (commandId != null) {
            writes.add(put(commandItem(commandId, asset, version), "attribute_not_exists(PK)", null));
        }
        int meta = writes.size();
        writes.add(asset.revision() == 1 ? put(assetItem(asset), "attribute_not_exists(PK)", null)
                : put(assetItem(asset), "#v = :expected", asset.revision() - 1));
        if (version != null) {
            writes.add(put(versionItem(version), null, null));
        }
        writes.add(put(auditItem(audit), "attribute_not_exists(PK)", null));
        try {
            db.transactWriteItems(b -> b.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (commandId != null && conditionFailed(reasons, 0)) {
                return false; // the same request was applied before
            }
            if (conditionFailed(reasons, meta) || conditionFailed(reasons, writes.size() - 1)) {
                throw new ConflictException("revision", Codes.CONFLICT, "asset " + asset.id()
                        + " changed concurrently (expected revision " + (asset.revision() - 1) + ")");
            }
            throw new IllegalStateException("could not store asset " + asset.id() + ": " + reasons, e);
        }
    }

    @Override
    public Optional<String> commandTarget(String commandId) {
        return get(Keys.command(commandId), Keys.META).map(i -> i.get("target").s());
    }

    @Override
    public List<AuditEntry> audit(String assetId) {
        List<AuditEntry> out = new ArrayList<>();
        query(asset(assetId), "AUDIT#").forEach(item -> out.add(new AuditEntry(assetId,
                Long.parseLong(item.get("seq").n()), Instant.parse(item.get("at").s()), str(item, "actor"),
                item.get("action").s(), str(item, "detail"), item.get("prevHash").s(), item.get("hash").s())));
        return out;
    }

    private Map<String, AttributeValue> assetItem(Asset a) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(asset(a.id())));
        item.put(SK, s(Keys.META));
        item.put("type", s("asset"));
        item.put("version", n(a.revision()));
        item.put("brand", s(a.brand()));
        item.put("latestVersion", n(a.latestVersion()));
        item.put("updatedAt", s(a.updatedAt().toString()));
        item.put(GSI1PK, s(a.briefId() != null ? "ASSETS#BRIEF#" + a.briefId() : "ASSETS#BRAND#" + a.brand()));
        item.put(GSI1SK, s(a.updatedAt() + "#" + a.id()));
        item.put("data", s(write(a)));
        return item;
    }

    private Map<String, AttributeValue> versionItem(AssetVersion v) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(asset(v.assetId())));
        item.put(SK, s(version(v.number())));
        item.put("type", s("assetVersion"));
        item.put("state", s(v.state().code()));
        item.put("originalKey", s(v.originalKey()));
        if (v.sha256() != null) {
            item.put("sha256", s(v.sha256()));
        }
        item.put("updatedAt", s(v.updatedAt().toString()));
        item.put("data", s(write(v)));
        return item;
    }

    private Map<String, AttributeValue> commandItem(String commandId, Asset a, AssetVersion v) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(Keys.command(commandId)));
        item.put(SK, s(Keys.META));
        item.put("type", s("command"));
        item.put("target", s(a.id() + "/" + (v == null ? a.latestVersion() : v.number())));
        item.put("at", s(clock.instant().toString()));
        item.put(Keys.TTL, n(clock.instant().plus(DynamoBriefRepository.COMMAND_TTL).getEpochSecond()));
        return item;
    }

    private static Map<String, AttributeValue> auditItem(AuditEntry a) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(asset(a.subject())));
        item.put(SK, s(Keys.audit(a.seq())));
        item.put("type", s("audit"));
        return AuditItems.fill(item, a);
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition, Long expected) {
        Put.Builder p = Put.builder().tableName(table).item(item);
        if (condition != null) {
            p.conditionExpression(condition);
        }
        if (expected != null) {
            p.expressionAttributeNames(Map.of("#v", "version")).expressionAttributeValues(Map.of(":expected",
                    n(expected)));
        }
        return TransactWriteItem.builder().put(p.build()).build();
    }

    private Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(PK, s(pk), SK, s(sk)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private List<Map<String, AttributeValue>> query(String pk, String prefix) {
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(prefix)))
                .build();
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        db.queryPaginator(q).items().forEach(out::add);
        return out;
    }


    private static String str(Map<String, AttributeValue> item, String name) {
        return Items.str(item, name);
    }

    private String write(Object o) {
        return Items.toJson(json, o);
    }

    private <T> T read(String s, Class<T> type) {
        return Items.fromJson(json, s, type);
    }
}
