package dam.aws.bulk;

import dam.core.bulk.BulkItem;
import dam.core.bulk.BulkJob;
import dam.core.bulk.BulkJobStore;
import dam.core.bulk.BulkStatus;
import dam.core.bulk.ItemOutcome;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link BulkJobStore} on the single table:
 * <ul>
 *   <li>{@code BULK#<id>/META} — the job; counters {@code done}/{@code failed} grow by ADD only; {@code progress}
 *       (the last progress step announced) and {@code completedRuns} (runs whose completion event went out);</li>
 *   <li>{@code BULK#<id>/ITEM#<asset#version#preset#format>} — one item's outcome (derivative key or error), put only
 *       if absent in the same TransactWriteItems as the counter's ADD: an item counts once however often its batch
 *       runs;</li>
 *   <li>{@code BULKS#<owner>/<createdAt>#<id>} — finds an owner's jobs, newest first.</li>
 * </ul>
 */
public final class DynamoBulkJobStore implements BulkJobStore {

    /** A transaction holds at most 100 writes: 99 item puts + the counter update. */
    private static final int PER_TRANSACTION = 99;

    private final DynamoDbClient db;
    private final String table;

    public DynamoBulkJobStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public void create(BulkJob job) {
        Map<String, AttributeValue> meta = key(job.jobId(), "META");
        meta.put("type", s("bulk-job"));
        meta.put("owner", s(job.owner()));
        meta.put("status", s(job.status().name()));
        meta.put("format", s(job.format()));
        meta.put("presets", AttributeValue.fromL(job.presets().stream().map(DynamoBulkJobStore::s).toList()));
        meta.put("total", n(job.total()));
        meta.put("done", n(job.done()));
        meta.put("failed", n(job.failed()));
        meta.put("skipped", n(job.skipped()));
        meta.put("run", n(job.run()));
        meta.put("progress", n(0));
        meta.put("createdAt", s(job.createdAt().toString()));
        meta.put("updatedAt", s(job.updatedAt().toString()));
        Map<String, AttributeValue> mine = new HashMap<>();
        mine.put("PK", s("BULKS#" + job.owner()));
        mine.put("SK", s(job.createdAt() + "#" + job.jobId()));
        mine.put("jobId", s(job.jobId()));
        try {
            db.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(meta)
                            .conditionExpression("attribute_not_exists(PK)")).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(mine)).build()));
        } catch (TransactionCanceledException e) {
            throw new IllegalStateException("bulk job " + job.jobId() + " exists", e);
        }
    }

    @Override
    public Optional<BulkJob> find(String jobId) {
        Map<String, AttributeValue> item = db.getItem(g -> g.tableName(table).key(key(jobId, "META"))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(job(jobId, item));
    }

    @Override
    public List<BulkJob> byOwner(String owner, int limit) {
        List<Map<String, AttributeValue>> refs = db.query(q -> q.tableName(table)
                .keyConditionExpression("PK = :pk").scanIndexForward(false).limit(limit)
                .expressionAttributeValues(Map.of(":pk", s("BULKS#" + owner)))).items();
        List<BulkJob> out = new ArrayList<>();
        for (Map<String, AttributeValue> ref : refs) {
            find(ref.get("jobId").s()).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public Set<String> recorded(String jobId, Collection<String> itemIds) {
        Set<String> out = new HashSet<>();
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(itemIds));
        for (int i = 0; i < ids.size(); i += 100) {
            List<Map<String, AttributeValue>> keys = ids.subList(i, Math.min(ids.size(), i + 100)).stream()
                    .map(id -> key(jobId, "ITEM#" + id)).toList();
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(keys)
                    .consistentRead(true).projectionExpression("SK").build());
            while (!pending.isEmpty()) {
                Map<String, KeysAndAttributes> ask = pending;
                BatchGetItemResponse r = db.batchGetItem(b -> b.requestItems(ask));
                r.responses().getOrDefault(table, List.of()).forEach(item -> out.add(item.get("SK").s()
                        .substring("ITEM#".length())));
                pending = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
            }
        }
        return out;
    }

    @Override
    public BulkJob record(String jobId, List<ItemOutcome> outcomes) {
        for (int i = 0; i < outcomes.size(); i += PER_TRANSACTION) {
            recordChunk(jobId, new ArrayList<>(outcomes.subList(i, Math.min(outcomes.size(), i + PER_TRANSACTION))));
        }
        return find(jobId).orElseThrow(() -> new IllegalStateException("bulk job " + jobId + " vanished"));
    }

    /** Puts + ADD in one transaction; items recorded meanwhile (a racing retry) are dropped and the rest retried. */
    private void recordChunk(String jobId, List<ItemOutcome> chunk) {
        while (!chunk.isEmpty()) {
            long done = chunk.stream().filter(ItemOutcome::ok).count();
            long failed = chunk.size() - done;
            List<TransactWriteItem> writes = new ArrayList<>();
            for (ItemOutcome o : chunk) {
                Map<String, AttributeValue> item = key(jobId, "ITEM#" + o.item().id());
                item.put("ok", AttributeValue.fromBool(o.ok()));
                if (o.ok()) {
                    item.put("key", s(o.key()));
                } else {
                    item.put("error", s(o.error() == null ? "" : o.error()));
                }
                writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(SK)")).build());
            }
            writes.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(key(jobId, "META"))
                    .conditionExpression("attribute_exists(PK)")
                    .updateExpression("ADD done :d, failed :f")
                    .expressionAttributeValues(Map.of(":d", n(done), ":f", n(failed)))).build());
            try {
                db.transactWriteItems(t -> t.transactItems(writes));
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (reasons.size() != writes.size()
                        || "ConditionalCheckFailed".equals(reasons.get(reasons.size() - 1).code())) {
                    throw e; // the job is gone, or not a duplicate item: nothing to drop
                }
                List<ItemOutcome> rest = new ArrayList<>();
                for (int i = 0; i < chunk.size(); i++) {
                    if (!"ConditionalCheckFailed".equals(reasons.get(i).code())) {
                        rest.add(chunk.get(i));
                    }
                }
                if (rest.size() == chunk.size()) {
                    throw e; // cancelled for another reason (a conflicting transaction): the batch retries
                }
                chunk = rest;
            }
        }
    }

    @Override
    public List<ItemOutcome> outcomes(String jobId) {
        List<ItemOutcome> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = db.query(QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :item)")
                    .expressionAttributeValues(Map.of(":pk", s("BULK#" + jobId), ":item", s("ITEM#")))
                    .exclusiveStartKey(from).build());
            for (Map<String, AttributeValue> item : r.items()) {
                BulkItem bulkItem = item(item.get("SK").s().substring("ITEM#".length()));
                out.add(item.get("ok").bool() ? ItemOutcome.done(bulkItem, item.get("key").s())
                        : ItemOutcome.failed(bulkItem, item.containsKey("error") ? item.get("error").s() : ""));
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    private static BulkItem item(String id) {
        String[] p = id.split("#", -1);
        if (p.length != 4) {
            throw new IllegalStateException("not a bulk item id: " + id);
        }
        return new BulkItem(p[0], Integer.parseInt(p[1]), p[2], p[3]);
    }

    @Override
    public boolean advanceProgress(String jobId, long step) {
        try {
            db.updateItem(u -> u.tableName(table).key(key(jobId, "META"))
                    .conditionExpression("attribute_exists(PK) AND progress < :s")
                    .updateExpression("SET progress = :s")
                    .expressionAttributeValues(Map.of(":s", n(step))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public BulkJob finish(String jobId, BulkStatus status, String error, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":s", s(status.name()), ":at", s(at.toString())));
        String update = "SET #status = :s, updatedAt = :at";
        if (error != null) {
            values.put(":e", s(error.length() > 2000 ? error.substring(0, 2000) : error));
            update += ", #error = :e";
        } else {
            update += " REMOVE #error";
        }
        String expression = update;
        db.updateItem(u -> u.tableName(table).key(key(jobId, "META")).conditionExpression("attribute_exists(PK)")
                .updateExpression(expression)
                .expressionAttributeNames(Map.of("#status", "status", "#error", "error"))
                .expressionAttributeValues(values));
        return find(jobId).orElseThrow();
    }

    @Override
    public Optional<BulkJob> restart(String jobId, Instant at) {
        try {
            db.updateItem(u -> u.tableName(table).key(key(jobId, "META"))
                    .conditionExpression("#status = :failed")
                    .updateExpression("SET #status = :running, updatedAt = :at ADD run :one REMOVE #error")
                    .expressionAttributeNames(Map.of("#status", "status", "#error", "error"))
                    .expressionAttributeValues(Map.of(":failed", s(BulkStatus.FAILED.name()),
                            ":running", s(BulkStatus.RUNNING.name()), ":at", s(at.toString()), ":one", n(1))));
            return find(jobId);
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean claimCompletion(String jobId, int run) {
        try {
            db.updateItem(u -> u.tableName(table).key(key(jobId, "META"))
                    .conditionExpression("attribute_exists(PK) AND NOT contains(completedRuns, :run)")
                    .updateExpression("ADD completedRuns :runs")
                    .expressionAttributeValues(Map.of(":run", n(run), ":runs", AttributeValue.fromNs(
                            List.of(Integer.toString(run))))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static BulkJob job(String jobId, Map<String, AttributeValue> i) {
        return new BulkJob(jobId, i.get("owner").s(), BulkStatus.valueOf(i.get("status").s()), i.get("format").s(),
                i.get("presets").l().stream().map(AttributeValue::s).toList(), num(i, "total"), num(i, "done"),
                num(i, "failed"), num(i, "skipped"), (int) num(i, "run"), Instant.parse(i.get("createdAt").s()),
                Instant.parse(i.get("updatedAt").s()), i.containsKey("error") ? i.get("error").s() : null);
    }

    private static long num(Map<String, AttributeValue> i, String name) {
        AttributeValue v = i.get(name);
        return v == null ? 0 : Long.parseLong(v.n());
    }

    private static Map<String, AttributeValue> key(String jobId, String sk) {
        Map<String, AttributeValue> k = new HashMap<>();
        k.put("PK", s("BULK#" + jobId));
        k.put("SK", s(sk));
        return k;
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
