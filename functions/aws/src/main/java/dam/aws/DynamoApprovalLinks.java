package dam.aws;

import dam.core.approval.ApprovalLink;
import dam.core.approval.ApprovalLinkRepository;
import dam.core.approval.Decision;
import dam.core.approval.LinkState;
import dam.core.approval.Subject;
import dam.core.audit.AuditEntry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dam.aws.Keys.PK;
import static dam.aws.Keys.SK;
import static dam.aws.Keys.n;
import static dam.aws.Keys.s;
import static dam.aws.Cancellations.conditionFailed;

/**
 * {@link ApprovalLinkRepository} on the single table (ARCHITECTURE §2):
 * <ul>
 *   <li>{@code LINK#<sha256(nonce)>/META} — the link; {@code version} 1 while pending, 2 once decided, 3 once its task
 *       was told. Every change is a Put conditioned on the version it read, so exactly one decision wins.</li>
 *   <li>{@code <TYPE>#<id>/APPROVAL_AUDIT#<seq>} — the subject's approval audit chain ("brief:b1" → {@code BRIEF#b1}),
 *       put only if the sequence number is free, in the same transaction as the link change it records.</li>
 * </ul>
 * Links expire from the table (TTL) {@link #KEEP_AFTER_EXPIRY} after their expiry; the audit chain stays.
 */
public final class DynamoApprovalLinks implements ApprovalLinkRepository {

    static final Duration KEEP_AFTER_EXPIRY = Duration.ofDays(30);
    static final String AUDIT_PREFIX = "APPROVAL_AUDIT#";
    private static final long PENDING = 1;
    private static final long DECIDED = 2;
    private static final long NOTIFIED = 3;

    private final DynamoDbClient db;
    private final String table;

    public DynamoApprovalLinks(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public Write create(ApprovalLink link, AuditEntry audit) {
        if (link.state() != LinkState.PENDING) {
            throw new IllegalArgumentException("a new link is pending");
        }
        return transact(link.handle(), put(linkItem(link, PENDING), "attribute_not_exists(PK)", null), audit, true);
    }

    @Override
    public Optional<ApprovalLink> find(String nonceHash) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(PK, s(linkKey(nonceHash)), SK, s(Keys.META)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(link(item));
    }

    @Override
    public Write decide(String nonceHash, Decision decision, String comment, Instant decidedAt, AuditEntry audit) {
        Optional<ApprovalLink> current = find(nonceHash);
        if (current.isEmpty() || current.get().state() != LinkState.PENDING) {
            return Write.NOT_PENDING;
        }
        ApprovalLink l = current.get();
        ApprovalLink decided = new ApprovalLink(l.nonceHash(), l.csrf(), l.taskToken(), l.reviewer(), l.kind(),
                l.subject(), l.issuedAt(), l.expiresAt(), LinkState.DECIDED, decision, comment, decidedAt, false);
        return transact(l.handle(), put(linkItem(decided, DECIDED), "#v = :expected", PENDING), audit, false);
    }

    @Override
    public List<ApprovalLink> pendingFor(String reviewer, Instant now, int limit) {
        List<ApprovalLink> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = db.query(b -> b.tableName(table).indexName(DynamoBriefIndex.INDEX)
                    .keyConditionExpression(Keys.GSI1PK + " = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(pendingKey(reviewer))))
                    .exclusiveStartKey(from).limit(Math.max(limit, 25)));
            for (Map<String, AttributeValue> item : page.items()) {
                ApprovalLink l = link(item);
                // The index lags the table a little and keeps expired links until their TTL: filter on both.
                if (l.state() == LinkState.PENDING && l.expiresAt().isAfter(now) && out.size() < limit) {
                    out.add(l);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && out.size() < limit);
        return out;
    }

    private static String pendingKey(String reviewer) {
        return "LINKS#PENDING#" + reviewer.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public void markNotified(String nonceHash) {
        ApprovalLink l = find(nonceHash).orElseThrow(() -> new IllegalStateException("no link " + nonceHash));
        if (l.notified()) {
            return;
        }
        ApprovalLink done = new ApprovalLink(l.nonceHash(), l.csrf(), l.taskToken(), l.reviewer(), l.kind(),
                l.subject(), l.issuedAt(), l.expiresAt(), l.state(), l.decision(), l.comment(), l.decidedAt(), true);
        try {
            db.putItem(b -> b.tableName(table).item(linkItem(done, NOTIFIED)).conditionExpression("#v = :expected")
                    .expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":expected", n(DECIDED))));
        } catch (ConditionalCheckFailedException e) {
            // Another request marked it first: the flag is set either way.
        }
    }

    @Override
    public Write append(AuditEntry audit) {
        try {
            db.putItem(b -> b.tableName(table).item(auditItem(audit)).conditionExpression("attribute_not_exists(PK)"));
            return Write.DONE;
        } catch (ConditionalCheckFailedException e) {
            return Write.CHAIN_MOVED;
        }
    }

    @Override
    public Optional<AuditEntry> auditHead(String chain) {
        QueryRequest q = auditQuery(chain).toBuilder().scanIndexForward(false).limit(1).build();
        // The highest sequence number of what came back (the newest item, read backwards).
        return db.query(q).items().stream().map(DynamoApprovalLinks::entry)
                .max(Comparator.comparingLong(AuditEntry::seq));
    }

    @Override
    public List<AuditEntry> audit(String chain) {
        List<AuditEntry> out = new ArrayList<>();
        db.queryPaginator(auditQuery(chain)).items().forEach(i -> out.add(entry(i)));
        out.sort(Comparator.comparingLong(AuditEntry::seq));
        return out;
    }

    private Write transact(String handle, TransactWriteItem linkWrite, AuditEntry audit, boolean creating) {
        TransactWriteItem auditWrite = put(auditItem(audit), "attribute_not_exists(PK)", null);
        try {
            db.transactWriteItems(b -> b.transactItems(linkWrite, auditWrite));
            return Write.DONE;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (conditionFailed(reasons, 0)) {
                if (creating) {
                    throw new IllegalStateException("link " + handle + " already exists", e);
                }
                return Write.NOT_PENDING; // decided by a concurrent request since we read it
            }
            if (conditionFailed(reasons, 1)) {
                return Write.CHAIN_MOVED;
            }
            throw new IllegalStateException("could not write link " + handle + ": " + describe(reasons), e);
        }
    }

    static String linkKey(String nonceHash) {
        return "LINK#" + nonceHash;
    }

    /** "brief:b1" → "BRIEF#b1": the chain lives in the subject's own partition. */
    static String chainKey(String chain) {
        int colon = chain.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("audit chain names look like type:id, got " + chain);
        }
        return chain.substring(0, colon).toUpperCase(Locale.ROOT) + "#" + chain.substring(colon + 1);
    }

    private QueryRequest auditQuery(String chain) {
        return QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :audit)")
                .expressionAttributeValues(Map.of(":pk", s(chainKey(chain)), ":audit", s(AUDIT_PREFIX)))
                .build();
    }

    private Map<String, AttributeValue> linkItem(ApprovalLink l, long version) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(linkKey(l.nonceHash())));
        item.put(SK, s(Keys.META));
        item.put("type", s("approvalLink"));
        item.put("version", n(version));
        item.put("csrf", s(l.csrf()));
        item.put("taskToken", s(l.taskToken()));
        item.put("reviewer", s(l.reviewer()));
        item.put("kind", s(l.kind()));
        item.put("subjectType", s(l.subject().type()));
        item.put("subjectId", s(l.subject().id()));
        item.put("subjectVersion", n(l.subject().version()));
        if (l.subject().contentSha256() != null) {
            item.put("contentSha256", s(l.subject().contentSha256()));
        }
        item.put("issuedAt", s(l.issuedAt().toString()));
        item.put("expiresAt", s(l.expiresAt().toString()));
        item.put("state", s(l.state().name().toLowerCase(Locale.ROOT)));
        if (l.decision() != null) {
            item.put("decision", s(l.decision().code()));
            item.put("decidedAt", s(l.decidedAt().toString()));
            if (l.comment() != null && !l.comment().isEmpty()) {
                item.put("comment", s(l.comment()));
            }
        }
        item.put("notified", AttributeValue.fromBool(l.notified()));
        if (l.state() == LinkState.PENDING) {
            // Only pending links are in the reviewer's queue: a decided link's item is written without these keys.
            item.put(Keys.GSI1PK, s(pendingKey(l.reviewer())));
            item.put(Keys.GSI1SK, s(l.issuedAt() + "#" + l.nonceHash()));
        }
        item.put(Keys.TTL, n(l.expiresAt().plus(KEEP_AFTER_EXPIRY).getEpochSecond()));
        return item;
    }

    private static ApprovalLink link(Map<String, AttributeValue> i) {
        String sha = str(i, "contentSha256");
        Subject subject = new Subject(i.get("subjectType").s(), i.get("subjectId").s(),
                Long.parseLong(i.get("subjectVersion").n()), sha);
        String decision = str(i, "decision");
        String decidedAt = str(i, "decidedAt");
        return new ApprovalLink(i.get(PK).s().substring("LINK#".length()), i.get("csrf").s(), i.get("taskToken").s(),
                i.get("reviewer").s(), i.get("kind").s(), subject, Instant.parse(i.get("issuedAt").s()),
                Instant.parse(i.get("expiresAt").s()), LinkState.valueOf(i.get("state").s().toUpperCase(Locale.ROOT)),
                decision == null ? null : Decision.parse(decision).orElseThrow(),
                decision == null ? null : Optional.ofNullable(str(i, "comment")).orElse(""),
                decidedAt == null ? null : Instant.parse(decidedAt),
                i.containsKey("notified") && Boolean.TRUE.equals(i.get("notified").bool()));
    }

    private static Map<String, AttributeValue> auditItem(AuditEntry a) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(chainKey(a.subject())));
        item.put(SK, s(String.format("%s%010d", AUDIT_PREFIX, a.seq())));
        item.put("type", s("approvalAudit"));
        item.put("chain", s(a.subject()));
        return AuditItems.fill(item, a);
    }

    private static AuditEntry entry(Map<String, AttributeValue> i) {
        return new AuditEntry(i.get("chain").s(), Long.parseLong(i.get("seq").n()), Instant.parse(i.get("at").s()),
                str(i, "actor"), i.get("action").s(), str(i, "detail"), i.get("prevHash").s(), i.get("hash").s());
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition, Long expectedVersion) {
        Put.Builder p = Put.builder().tableName(table).item(item).conditionExpression(condition);
        if (expectedVersion != null) {
            p.expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":expected", n(expectedVersion)));
        }
        return TransactWriteItem.builder().put(p.build()).build();
    }


    private static String describe(List<CancellationReason> reasons) {
        return reasons == null ? "no reasons given" : reasons.stream().map(CancellationReason::code).toList().toString();
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        return Items.str(item, name);
    }
}
