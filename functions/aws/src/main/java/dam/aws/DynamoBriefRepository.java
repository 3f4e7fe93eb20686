package dam.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.ConflictException;
import dam.core.FieldError.Codes;
import dam.core.audit.AuditEntry;
import dam.core.brief.Brief;
import dam.core.brief.BriefRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Duration;
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
 * {@link BriefRepository} on the single DynamoDB table (env TABLE_NAME). One TransactWriteItems per change:
 * <ul>
 *   <li>{@code CMD#<commandId>/META} — put if absent (idempotency; expires after {@link #COMMAND_TTL});</li>
 *   <li>{@code BRIEF#<id>/META} — put if absent (create) or if {@code version = expected} (update); the brief as JSON
 *       in {@code data} plus projected attributes (status, title, dueDate…, GSI1 = status queue by update time);</li>
 *   <li>{@code BRIEF#<id>/AUDIT#<seq>} — the audit entry (prevHash, hash), put if absent.</li>
 * </ul>
 */
public final class DynamoBriefRepository implements BriefRepository {

    /** Inbound retries (EventBridge, Lambda async) end within a day; a generous window costs little. */
    static final Duration COMMAND_TTL = Duration.ofDays(35);

    private final DynamoDbClient db;
    private final String table;
    private final ObjectMapper json;
    private final Clock clock;

    public DynamoBriefRepository(DynamoDbClient db, String table, ObjectMapper json, Clock clock) {
        this.db = db;
        this.table = table;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Optional<Brief> find(String id) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(PK, s(Keys.brief(id)), SK, s(Keys.META)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(read(item.get("data").s(), Brief.class));
    }

    @Override
    public Optional<String> create(Brief brief, AuditEntry audit, String commandId) {
        List<TransactWriteItem> writes = new ArrayList<>();
        if (commandId != null) {
            writes.add(commandPut(commandId, brief.id()));
        }
        writes.add(put(briefItem(brief), "attribute_not_exists(PK)", Map.of()));
        writes.add(put(auditItem(audit), "attribute_not_exists(PK)", Map.of()));
        try {
            db.transactWriteItems(b -> b.transactItems(writes));
            return Optional.empty();
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (commandId != null && conditionFailed(reasons, 0)) {
                return Optional.of(earlierBrief(commandId, reasons.get(0)));
            }
            throw new IllegalStateException("could not create brief " + brief.id() + ": " + describe(reasons), e);
        }
    }

    @Override
    public boolean update(Brief brief, long expectedVersion, AuditEntry audit, String commandId) {
        List<TransactWriteItem> writes = new ArrayList<>();
        if (commandId != null) {
            writes.add(commandPut(commandId, brief.id()));
        }
        int meta = writes.size();
        // "#v": keep clear of DynamoDB's reserved words whatever they are this year.
        writes.add(put(briefItem(brief), "#v = :expected", Map.of(":expected", n(expectedVersion))));
        writes.add(put(auditItem(audit), "attribute_not_exists(PK)", Map.of()));
        try {
            db.transactWriteItems(b -> b.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (commandId != null && conditionFailed(reasons, 0)) {
                return false; // already applied: a replay, not a conflict
            }
            if (conditionFailed(reasons, meta) || conditionFailed(reasons, meta + 1)) {
                throw new ConflictException("expectedVersion", Codes.CONFLICT, "brief " + brief.id()
                        + " is no longer at version " + expectedVersion + "; reload and retry");
            }
            throw new IllegalStateException("could not update brief " + brief.id() + ": " + describe(reasons), e);
        }
    }

    @Override
    public void updatePair(Brief first, long firstExpected, AuditEntry firstAudit, Brief second, long secondExpected,
                           AuditEntry secondAudit) {
        List<TransactWriteItem> writes = List.of(
                put(briefItem(first), "#v = :expected", Map.of(":expected", n(firstExpected))),
                put(auditItem(firstAudit), "attribute_not_exists(PK)", Map.of()),
                put(briefItem(second), "#v = :expected", Map.of(":expected", n(secondExpected))),
                put(auditItem(secondAudit), "attribute_not_exists(PK)", Map.of()));
        try {
            db.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            for (int i = 0; i < writes.size(); i++) {
                if (conditionFailed(reasons, i)) {
                    Brief stale = i < 2 ? first : second;
                    throw new ConflictException(i < 2 ? "expectedVersion" : "targetId", Codes.CONFLICT, "brief "
                            + stale.id() + " changed meanwhile; reload and retry");
                }
            }
            throw new IllegalStateException("could not update briefs " + first.id() + " and " + second.id() + ": "
                    + describe(reasons), e);
        }
    }

    @Override
    public boolean commandApplied(String commandId) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(PK, s(Keys.command(commandId)), SK, s(Keys.META)))).item();
        return item != null && !item.isEmpty();
    }

    @Override
    public List<AuditEntry> audit(String briefId) {
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :audit)")
                .expressionAttributeValues(Map.of(":pk", s(Keys.brief(briefId)), ":audit", s("AUDIT#")))
                .build();
        List<AuditEntry> out = new ArrayList<>();
        db.queryPaginator(q).items().forEach(item -> out.add(new AuditEntry(briefId,
                Long.parseLong(item.get("seq").n()), Instant.parse(item.get("at").s()), str(item, "actor"),
                item.get("action").s(), str(item, "detail"), item.get("prevHash").s(), item.get("hash").s())));
        return out;
    }

    private TransactWriteItem commandPut(String commandId, String briefId) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(Keys.command(commandId)));
        item.put(SK, s(Keys.META));
        item.put("type", s("command"));
        item.put("briefId", s(briefId));
        item.put("at", s(clock.instant().toString()));
        item.put(Keys.TTL, n(clock.instant().plus(COMMAND_TTL).getEpochSecond()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(PK)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();
    }

    private String earlierBrief(String commandId, CancellationReason reason) {
        if (reason.hasItem() && reason.item().containsKey("briefId")) {
            return reason.item().get("briefId").s();
        }
        // Not every DynamoDB implementation returns the old item; read it.
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(PK, s(Keys.command(commandId)), SK, s(Keys.META)))).item();
        if (item == null || !item.containsKey("briefId")) {
            throw new IllegalStateException("command " + commandId + " was applied but its record is unreadable");
        }
        return item.get("briefId").s();
    }

    private Map<String, AttributeValue> briefItem(Brief b) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(Keys.brief(b.id())));
        item.put(SK, s(Keys.META));
        item.put("type", s("brief"));
        item.put("version", n(b.version()));
        item.put("status", s(b.status().code()));
        item.put("title", s(b.title()));
        item.put("requester", s(b.requester()));
        item.put("dueDate", s(b.dueDate().toString()));
        item.put("updatedAt", s(b.updatedAt().toString()));
        item.put("auditHash", s(b.auditHash()));
        item.put(GSI1PK, s("BRIEFS#" + b.status().code()));
        item.put(GSI1SK, s(b.updatedAt() + "#" + b.id()));
        item.put("data", s(write(b)));
        return item;
    }

    private static Map<String, AttributeValue> auditItem(AuditEntry a) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(Keys.brief(a.subject())));
        item.put(SK, s(Keys.audit(a.seq())));
        item.put("type", s("audit"));
        return AuditItems.fill(item, a);
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition,
                                  Map<String, AttributeValue> values) {
        Put.Builder p = Put.builder().tableName(table).item(item).conditionExpression(condition);
        if (!values.isEmpty()) {
            p.expressionAttributeValues(values).expressionAttributeNames(Map.of("#v", "version"));
        }
        return TransactWriteItem.builder().put(p.build()).build();
    }


    private static String describe(List<CancellationReason> reasons) {
        return reasons == null ? "no reasons given"
                : reasons.stream().map(r -> r.code() + (r.message() == null ? "" : " (" + r.message() + ")")).toList()
                .toString();
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
