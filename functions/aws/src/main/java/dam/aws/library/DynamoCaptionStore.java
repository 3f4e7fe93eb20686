package dam.aws.library;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.asset.Asset;
import dam.core.audit.AuditEntry;
import dam.core.captions.CaptionStore;
import dam.core.captions.CaptionTrack;
import dam.core.captions.TranscriptionJob;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dam.aws.library.AssetSideWrite.key;
import static dam.aws.library.AssetSideWrite.n;
import static dam.aws.library.AssetSideWrite.pk;
import static dam.aws.library.AssetSideWrite.s;

/**
 * Caption tracks as {@code ASSET#<id>/CAPTION#<lang>} (JSON in {@code data}), written with the asset and its audit
 * entry in one transaction; transcription jobs as {@code CAPJOB#<name>/META}, kept {@value #JOB_DAYS} days (TTL).
 */
public final class DynamoCaptionStore implements CaptionStore {

    static final int JOB_DAYS = 30;

    private final DynamoDbClient db;
    private final String table;
    private final AssetSideWrite writes;

    public DynamoCaptionStore(DynamoDbClient db, String table, ObjectMapper json) {
        this.db = db;
        this.table = table;
        this.writes = new AssetSideWrite(db, table, json);
    }

    @Override
    public List<CaptionTrack> tracks(String assetId) {
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(pk(assetId)), ":prefix", s("CAPTION#"))).build();
        List<CaptionTrack> out = new ArrayList<>();
        db.queryPaginator(q).items().forEach(i -> out.add(writes.read(i.get("data").s(), CaptionTrack.class)));
        return out;
    }

    @Override
    public void save(Asset a, CaptionTrack put, String removeLang, AuditEntry audit) {
        List<TransactWriteItem> items = new ArrayList<>();
        if (put != null) {
            Map<String, AttributeValue> item = key(pk(a.id()), "CAPTION#" + put.lang());
            item.put("type", s("captionTrack"));
            item.put("data", s(writes.write(put)));
            items.add(writes.put(item));
        }
        if (removeLang != null) {
            items.add(writes.delete(pk(a.id()), "CAPTION#" + removeLang));
        }
        writes.commit(a, items, audit);
    }

    @Override
    public void saveJob(TranscriptionJob job) {
        Map<String, AttributeValue> item = key("CAPJOB#" + job.name(), "META");
        item.put("type", s("transcriptionJob"));
        item.put("data", s(writes.write(job)));
        item.put("ttl", n(job.requestedAt().plus(Duration.ofDays(JOB_DAYS)).getEpochSecond()));
        db.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public Optional<TranscriptionJob> job(String name) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key("CAPJOB#" + name, "META"))).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(writes.read(item.get("data").s(), TranscriptionJob.class));
    }
}
