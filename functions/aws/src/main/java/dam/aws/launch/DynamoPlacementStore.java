package dam.aws.launch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import dam.core.launch.Placement;
import dam.core.launch.PlacementStore;
import dam.core.launch.ReapprovalPolicy;
import dam.core.launch.WebhookTarget;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link PlacementStore} on the single table: {@code ASSET#<id>/PLACE#<channel>#<placementId>} (put if absent; the
 * asset's placements are one Query; GSI1 {@code REAPPROVE#<due day>#<shard>} until its re-approval is recorded),
 * {@code BRAND#<brand>/REAPPROVAL} for the brand's re-approval policy and {@code WEBHOOK#<id>/META} for webhook targets ({@code url}, {@code secret}:
 * only the API's admin route writes it and only the webhook delivery function reads it).
 */
public final class DynamoPlacementStore implements PlacementStore {

    public static final int REAPPROVAL_SHARDS = 4;

    private final DynamoDbClient db;
    private final String table;
    private final ObjectMapper json;

    public DynamoPlacementStore(DynamoDbClient db, String table, ObjectMapper json) {
        this.db = db;
        this.table = table;
        this.json = json;
    }

    @Override
    public boolean add(Placement p) {
        Map<String, AttributeValue> item = key("ASSET#" + p.assetId(), "PLACE#" + p.channel() + "#" + p.id());
        item.put("type", s("placement"));
        item.put("channel", s(p.channel()));
        item.put("publishedAt", s(p.publishedAt().toString()));
        item.put("data", s(write(p)));
        if (p.reviewDueAt() != null) {
            item.put("GSI1PK", s(reapprovalPartition(p.reviewDueAt(), p.assetId())));
            item.put("GSI1SK", s(p.reviewDueAt() + "#" + p.assetId() + "#" + p.id()));
        }
        try {
            db.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false; // the same channel target was placed before
        }
    }

    @Override
    public List<Placement> placements(String assetId) {
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s("ASSET#" + assetId), ":prefix", s("PLACE#"))).build();
        List<Placement> out = new ArrayList<>();
        db.queryPaginator(q).items().forEach(i -> out.add(read(i.get("data").s())));
        return out;
    }

    @Override
    public Optional<WebhookTarget> webhookTarget(String id) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key("WEBHOOK#" + id, "META"))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue timeout = item.get("timeoutSeconds");
        return Optional.of(new WebhookTarget(id, item.get("url").s(), item.get("secret").s(),
                timeout == null ? WebhookTarget.DEFAULT_TIMEOUT_SECONDS : Integer.parseInt(timeout.n())));
    }

    @Override
    public void saveWebhookTarget(WebhookTarget t) {
        Map<String, AttributeValue> item = key("WEBHOOK#" + t.id(), "META");
        item.put("type", s("webhookTarget"));
        item.put("url", s(t.url()));
        item.put("secret", s(t.secret()));
        item.put("timeoutSeconds", AttributeValue.fromN(Integer.toString(t.timeoutSeconds())));
        db.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public Optional<ReapprovalPolicy> reapprovalPolicy(String brand) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key("BRAND#" + brand, "REAPPROVAL"))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ReapprovalPolicy(brand, Integer.parseInt(item.get("ageDays").n()),
                item.get("action").s()));
    }

    @Override
    public void saveReapprovalPolicy(ReapprovalPolicy p) {
        Map<String, AttributeValue> item = key("BRAND#" + p.brand(), "REAPPROVAL");
        item.put("type", s("reapprovalPolicy"));
        item.put("ageDays", AttributeValue.fromN(Integer.toString(p.ageDays())));
        item.put("action", s(p.action()));
        db.putItem(b -> b.tableName(table).item(item));
    }

    /** Once: the placement's data with its re-approval, and out of the index (the sweep stops seeing it). */
    @Override
    public boolean recordReapproval(Placement p) {
        try {
            db.updateItem(b -> b.tableName(table).key(key("ASSET#" + p.assetId(), "PLACE#" + p.channel() + "#"
                            + p.id()))
                    .conditionExpression("attribute_exists(PK) AND attribute_not_exists(reapprovalAt)")
                    .updateExpression("SET #d = :data, reapprovalAt = :at REMOVE GSI1PK, GSI1SK")
                    .expressionAttributeNames(Map.of("#d", "data"))
                    .expressionAttributeValues(Map.of(":data", s(write(p)),
                            ":at", s(p.reapproval().at().toString()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false; // recorded before (or the placement is gone)
        }
    }

    /**
     * The re-approval index partition (GSI1): the UTC day a placement reaches its brand's age, spread over
     * {@value #REAPPROVAL_SHARDS} shards like the expiry index, so the sweep queries day by day and reads only due
     * placements.
     */
    public static String reapprovalPartition(Instant dueAt, String assetId) {
        return reapprovalPartition(LocalDate.ofInstant(dueAt, ZoneOffset.UTC),
                Math.floorMod(assetId.hashCode(), REAPPROVAL_SHARDS));
    }

    public static String reapprovalPartition(LocalDate day, int shard) {
        return "REAPPROVE#" + day + "#" + shard;
    }

    private String write(Placement p) {
        try {
            return json.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise placement " + p.id(), e);
        }
    }

    private Placement read(String s) {
        try {
            return json.readValue(s, Placement.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored placement is unreadable", e);
        }
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
}
