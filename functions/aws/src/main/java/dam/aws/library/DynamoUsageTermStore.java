package dam.aws.library;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.asset.Asset;
import dam.core.audit.AuditEntry;
import dam.core.lifecycle.ExpiryIndex;
import dam.core.lifecycle.UsageTerm;
import dam.core.lifecycle.UsageTermStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dam.aws.library.AssetSideWrite.key;
import static dam.aws.library.AssetSideWrite.pk;
import static dam.aws.library.AssetSideWrite.s;

/**
 * Talent releases and offers as {@code ASSET#<id>/TALENT#<releaseId>} and {@code ASSET#<id>/OFFER#<offerId>} (JSON in
 * {@code data}) carrying the expiry index keys GSI1PK/GSI1SK of their end ({@link ExpiryIndex}), like rights records:
 * the daily sweep finds them by their end day and the expiry removes the keys.
 */
public final class DynamoUsageTermStore implements UsageTermStore {

    private final DynamoDbClient db;
    private final String table;
    private final AssetSideWrite writes;

    public DynamoUsageTermStore(DynamoDbClient db, String table, ObjectMapper json) {
        this.db = db;
        this.table = table;
        this.writes = new AssetSideWrite(db, table, json);
    }

    @Override
    public List<UsageTerm> terms(String assetId, String kind) {
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(pk(assetId)), ":prefix", s(ExpiryIndex.itemPrefix(kind))))
                .build();
        List<UsageTerm> out = new ArrayList<>();
        db.queryPaginator(q).items().forEach(i -> out.add(writes.read(i.get("data").s(), UsageTerm.class)));
        return out;
    }

    @Override
    public void save(Asset a, UsageTerm put, String kind, String removeId, AuditEntry audit) {
        List<TransactWriteItem> items = new ArrayList<>();
        if (put != null) {
            Map<String, AttributeValue> item = key(pk(a.id()), ExpiryIndex.itemPrefix(put.kind()) + put.termId());
            item.put("type", s("usageTerm"));
            item.put("kind", s(put.kind()));
            item.put("data", s(writes.write(put)));
            Instant endsAt = put.endsAt();
            item.put("GSI1PK", s(ExpiryIndex.partition(endsAt, a.id())));
            item.put("GSI1SK", s(ExpiryIndex.sort(endsAt, a.id(), put.termId())));
            items.add(writes.put(item));
        }
        if (removeId != null) {
            items.add(writes.delete(pk(a.id()), ExpiryIndex.itemPrefix(kind) + removeId));
        }
        writes.commit(a, items, audit);
    }
}
