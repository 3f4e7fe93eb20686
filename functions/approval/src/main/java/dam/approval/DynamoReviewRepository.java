package dam.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.audit.AuditEntry;
import dam.core.review.Annotation;
import dam.core.review.Review;
import dam.core.review.ReviewRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import static dam.aws.Cancellations.conditionFailed;
import dam.aws.AuditItems;

/**
 * {@link ReviewRepository} on the single table, in the asset's partition:
 * <ul>
 *   <li>{@code ASSET#<id>/REVIEW} — the review as one JSON document ({@code doc}) with its {@code revision};</li>
 *   <li>{@code ASSET#<id>/ANN#<id>} — one item per annotation (its thread inside), with its {@code revision};</li>
 *   <li>{@code ASSET#<id>/APPROVAL_AUDIT#<seq>} — the review chain, the same items (and format) the approval links
 *       write ({@code dam.aws.DynamoApprovalLinks}), put only if the sequence number is free.</li>
 * </ul>
 * Item and audit entry go in one TransactWriteItems; the item is conditioned on the revision it replaces.
 */
public final class DynamoReviewRepository implements ReviewRepository {

    static final String AUDIT_PREFIX = "APPROVAL_AUDIT#";

    private final DynamoDbClient db;
    private final String table;
    private final ObjectMapper json;

    public DynamoReviewRepository(DynamoDbClient db, String table, ObjectMapper json) {
        this.db = db;
        this.table = table;
        this.json = json;
    }

    @Override
    public Optional<Review> find(String assetId) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("PK", s(pk(assetId)), "SK", s("REVIEW")))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item, Review.class));
    }

    @Override
    public Write save(Review review, AuditEntry audit) {
        return transact(item(pk(review.assetId()), "REVIEW", "review", review.revision(), review), review.revision(),
                audit);
    }

    @Override
    public List<Annotation> annotations(String assetId) {
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :ann)")
                .expressionAttributeValues(Map.of(":pk", s(pk(assetId)), ":ann", s("ANN#"))).build();
        List<Annotation> out = new ArrayList<>();
        db.queryPaginator(q).items().forEach(i -> out.add(read(i, Annotation.class)));
        out.sort(Comparator.comparing(Annotation::createdAt).thenComparing(Annotation::id));
        return out;
    }

    @Override
    public Optional<Annotation> annotation(String assetId, String id) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("PK", s(pk(assetId)), "SK", s("ANN#" + id)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item, Annotation.class));
    }

    @Override
    public Write save(Annotation a, AuditEntry audit) {
        return transact(item(pk(a.assetId()), "ANN#" + a.id(), "annotation", a.revision(), a), a.revision(), audit);
    }

    private Write transact(Map<String, AttributeValue> item, long revision, AuditEntry audit) {
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (revision == 1) {
            put.conditionExpression("attribute_not_exists(PK)");
        } else {
            put.conditionExpression("revision = :prev").expressionAttributeValues(Map.of(":prev", n(revision - 1)));
        }
        TransactWriteItem auditPut = TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(auditItem(audit)).conditionExpression("attribute_not_exists(PK)").build()).build();
        try {
            db.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().put(put.build()).build(),
                    auditPut));
            return Write.DONE;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (conditionFailed(reasons, 0)) {
                return Write.STALE;
            }
            if (conditionFailed(reasons, 1)) {
                return Write.CHAIN_MOVED;
            }
            throw new IllegalStateException("could not write " + item.get("SK").s() + ": "
                    + (reasons == null ? "no reasons" : reasons.stream().map(CancellationReason::code).toList()), e);
        }
    }

    private Map<String, AttributeValue> item(String pk, String sk, String type, long revision, Object doc) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("PK", s(pk));
        item.put("SK", s(sk));
        item.put("type", s(type));
        item.put("revision", n(revision));
        try {
            item.put("doc", s(json.writeValueAsString(doc)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + type, e);
        }
        return item;
    }

    private <T> T read(Map<String, AttributeValue> item, Class<T> type) {
        try {
            return json.readValue(item.get("doc").s(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " " + item.get("PK").s() + "/"
                    + item.get("SK").s() + " is unreadable", e);
        }
    }

    /** Same attributes as DynamoApprovalLinks' audit items: one chain, two writers. */
    static Map<String, AttributeValue> auditItem(AuditEntry a) {
        String chain = a.subject();
        int colon = chain.indexOf(':');
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("PK", s(chain.substring(0, colon).toUpperCase(java.util.Locale.ROOT) + "#"
                + chain.substring(colon + 1)));
        item.put("SK", s(String.format("%s%010d", AUDIT_PREFIX, a.seq())));
        item.put("type", s("approvalAudit"));
        item.put("chain", s(chain));
        return AuditItems.fill(item, a);
    }


    private static String pk(String assetId) {
        return "ASSET#" + assetId;
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
