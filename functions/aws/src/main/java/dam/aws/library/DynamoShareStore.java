package dam.aws.library;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.asset.Asset;
import dam.core.audit.AuditEntry;
import dam.core.library.share.Share;
import dam.core.library.share.ShareStore;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dam.aws.AuditItems;

/**
 * {@link ShareStore} on the single table:
 * <ul>
 *   <li>{@code SHARE#<id>/META} — the link (JSON {@code data}); the live fields are attributes so one conditional
 *       update changes them: {@code downloads} (ADD 1 only while {@code downloads < maxDownloads} and not revoked),
 *       {@code revokedAt}/{@code revokedBy} (set once);</li>
 *   <li>{@code ASSET#<id>/SHARE#<createdAt>#<shareId>} or {@code COLL#<id>/SHARE#…} — finds a target's links;</li>
 *   <li>{@code SHARE#KEY/META} — the HMAC key links are signed with (random 256 bits, created once by whichever
 *       instance comes first; binary attribute {@code secret}, never logged or returned).</li>
 * </ul>
 * Writes about an asset also update its {@code META} (revision guarded, as the asset repository does) and put its
 * audit entry, in the same TransactWriteItems.
 */
public final class DynamoShareStore implements ShareStore {

    private final DynamoDbClient db;
    private final String table;
    private final ObjectMapper json;

    public DynamoShareStore(DynamoDbClient db, String table, ObjectMapper json) {
        this.db = db;
        this.table = table;
        this.json = json;
    }

    @Override
    public void create(Share share, Asset asset, AuditEntry audit) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> meta = key("SHARE#" + share.id(), "META");
        meta.put("type", s("share"));
        meta.put("kind", s(share.kind().code()));
        meta.put("targetId", s(share.targetId()));
        meta.put("brand", s(share.brand()));
        meta.put("downloads", n(0));
        meta.put("maxDownloads", n(share.maxDownloads()));
        meta.put("expiresAt", s(share.expiresAt().toString()));
        meta.put("data", s(write(share)));
        writes.add(put(meta, "attribute_not_exists(PK)"));
        Map<String, AttributeValue> pointer = key(targetPk(share.kind(), share.targetId()),
                "SHARE#" + share.createdAt() + "#" + share.id());
        pointer.put("type", s("shareRef"));
        pointer.put("shareId", s(share.id()));
        writes.add(put(pointer, null));
        if (asset != null) {
            writes.add(assetUpdate(asset));
            writes.add(put(auditItem(audit), "attribute_not_exists(PK)"));
        }
        Use r = transact(writes, asset == null ? -1 : 2, 0);
        if (r == Use.ASSET_MOVED) {
            throw new dam.core.ConflictException("revision", dam.core.FieldError.Codes.CONFLICT, "asset "
                    + asset.id() + " changed concurrently; retry");
        }
        if (r != Use.DONE) {
            throw new IllegalStateException("share id " + share.id() + " already exists");
        }
    }

    @Override
    public Optional<Share> find(String id) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key("SHARE#" + id, "META"))).item();
        if (item == null || item.isEmpty() || !"share".equals(str(item, "type"))) {
            return Optional.empty();
        }
        Share stored = read(item.get("data").s());
        String revokedAt = str(item, "revokedAt");
        return Optional.of(new Share(stored.id(), stored.kind(), stored.targetId(), stored.brand(),
                stored.createdBy(), stored.createdAt(), stored.expiresAt(), stored.maxDownloads(),
                Integer.parseInt(item.get("downloads").n()), stored.presets(), stored.passwordHash(),
                revokedAt == null ? null : Instant.parse(revokedAt), str(item, "revokedBy")));
    }

    @Override
    public List<Share> forTarget(Share.Kind kind, String targetId) {
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true).scanIndexForward(false)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(targetPk(kind, targetId)), ":prefix", s("SHARE#")))
                .build();
        List<Share> out = new ArrayList<>();
        db.queryPaginator(q).items().forEach(i -> find(i.get("shareId").s()).ifPresent(out::add));
        return out;
    }

    @Override
    public Use revoke(Share revoked, Asset asset, AuditEntry audit) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key("SHARE#" + revoked.id(), "META"))
                .conditionExpression("attribute_exists(PK) AND attribute_not_exists(revokedAt)")
                .updateExpression("SET revokedAt = :at, revokedBy = :by")
                .expressionAttributeValues(Map.of(":at", s(revoked.revokedAt().toString()),
                        ":by", s(revoked.revokedBy())))
                .build()).build());
        if (asset != null) {
            writes.add(assetUpdate(asset));
            writes.add(put(auditItem(audit), "attribute_not_exists(PK)"));
        }
        return transact(writes, asset == null ? -1 : 1, 0) == Use.DONE ? Use.DONE
                : find(revoked.id()).map(s -> s.revoked() ? Use.REVOKED : Use.ASSET_MOVED).orElse(Use.REVOKED);
    }

    @Override
    public Use use(String shareId, boolean download, Asset asset, AuditEntry audit) {
        List<TransactWriteItem> writes = new ArrayList<>();
        if (download) {
            writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                    .key(key("SHARE#" + shareId, "META"))
                    .conditionExpression("attribute_exists(PK) AND attribute_not_exists(revokedAt) "
                            + "AND downloads < maxDownloads")
                    .updateExpression("ADD downloads :one")
                    .expressionAttributeValues(Map.of(":one", n(1)))
                    .build()).build());
        }
        if (asset != null) {
            writes.add(assetUpdate(asset));
            writes.add(put(auditItem(audit), "attribute_not_exists(PK)"));
        }
        if (writes.isEmpty()) {
            return Use.DONE;
        }
        Use r = transact(writes, asset == null ? -1 : writes.size() - 2, download ? 0 : -1);
        if (r == Use.CAP_REACHED) {
            return find(shareId).map(s -> s.revoked() ? Use.REVOKED : Use.CAP_REACHED).orElse(Use.REVOKED);
        }
        return r;
    }

    @Override
    public byte[] signingKey() {
        Map<String, AttributeValue> key = key("SHARE#KEY", "META");
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("type", s("shareSigningKey"));
        item.put("secret", AttributeValue.fromB(SdkBytes.fromByteArray(fresh)));
        try {
            db.putItem(b -> b.tableName(table).conditionExpression("attribute_not_exists(PK)").item(item));
            return fresh;
        } catch (ConditionalCheckFailedException e) {
            // Created by another instance first: every instance signs with that one.
            return db.getItem(b -> b.tableName(table).consistentRead(true).key(key)).item().get("secret").b()
                    .asByteArray();
        }
    }

    /**
     * Runs the transaction; a refused condition at {@code assetIndex} → ASSET_MOVED, at {@code shareIndex} →
     * CAP_REACHED (the caller tells cap from revoked by reading the share), anything else → that index's meaning.
     */
    private Use transact(List<TransactWriteItem> writes, int assetIndex, int shareIndex) {
        try {
            db.transactWriteItems(b -> b.transactItems(writes));
            return Use.DONE;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (reasons == null || reasons.size() != writes.size()) {
                throw new IllegalStateException("share write cancelled without reasons", e);
            }
            for (int i = 0; i < reasons.size(); i++) {
                if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                    if (i == assetIndex || i == assetIndex + 1 && assetIndex >= 0) {
                        return Use.ASSET_MOVED;
                    }
                    return i == shareIndex ? Use.CAP_REACHED : Use.REVOKED;
                }
            }
            if (reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()))) {
                return Use.ASSET_MOVED; // a concurrent transaction on the same items: read again and retry
            }
            throw new IllegalStateException("share write cancelled: " + reasons, e);
        }
    }

    private TransactWriteItem assetUpdate(Asset a) {
        // Only the revision and the chain head move: the asset's content and updatedAt stay as they were.
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key("ASSET#" + a.id(), "META"))
                .conditionExpression("#v = :expected")
                .updateExpression("SET #v = :next, #d = :data")
                .expressionAttributeNames(Map.of("#v", "version", "#d", "data"))
                .expressionAttributeValues(Map.of(":expected", n(a.revision() - 1), ":next", n(a.revision()),
                        ":data", s(writeAsset(a))))
                .build()).build();
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition) {
        Put.Builder p = Put.builder().tableName(table).item(item);
        if (condition != null) {
            p.conditionExpression(condition);
        }
        return TransactWriteItem.builder().put(p.build()).build();
    }

    /** Same layout as the asset repository's audit items (one chain per asset). */
    private static Map<String, AttributeValue> auditItem(AuditEntry a) {
        Map<String, AttributeValue> item = key("ASSET#" + a.subject(), String.format("AUDIT#%010d", a.seq()));
        item.put("type", s("audit"));
        return AuditItems.fill(item, a);
    }

    private static String targetPk(Share.Kind kind, String targetId) {
        return (kind == Share.Kind.ASSET ? "ASSET#" : "COLL#") + targetId;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> k = new HashMap<>();
        k.put("PK", s(pk));
        k.put("SK", s(sk));
        return k;
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private String write(Share share) {
        try {
            return json.writeValueAsString(share);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise share " + share.id(), e);
        }
    }

    private String writeAsset(Asset a) {
        try {
            return json.writeValueAsString(a);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise asset " + a.id(), e);
        }
    }

    private Share read(String s) {
        try {
            return json.readValue(s, Share.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored share is unreadable", e);
        }
    }
}
