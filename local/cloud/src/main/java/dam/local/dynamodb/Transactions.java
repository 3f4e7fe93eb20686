package dam.local.dynamodb;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dam.local.edge.AwsException;
import dam.local.edge.AwsResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TransactWriteItems and TransactGetItems in front of dynalite, which has neither.
 *
 * <p>Isolation: a transaction holds the provider's lock exclusively, ordinary operations share it, so no other
 * request sees or changes an item while a transaction runs. Conditions are evaluated by dynalite itself: each action
 * is applied in order with its own ConditionExpression (a ConditionCheck becomes a write that leaves the item as it
 * is). Since an item may appear only once per transaction, applying in order sees the same state AWS evaluates all
 * conditions against. If an action fails, the ones already applied are put back from their before-images; the
 * before-images are journaled first so that a crash in the middle is rolled back at the next start.
 */
final class Transactions {

    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    static final int MAX_ACTIONS = 100;
    private static final Duration TOKEN_WINDOW = Duration.ofMinutes(10);
    private static final Pattern PLACEHOLDER = Pattern.compile("[#:][A-Za-z0-9_]+");
    private static final List<String> WRITE_KINDS = List.of("ConditionCheck", "Put", "Delete", "Update");
    private static final String CANCELLED_TYPE = "com.amazonaws.dynamodb.v20120810#TransactionCanceledException";

    /** One validated action: its kind (Put, Update, Delete, ConditionCheck or Get), table, key and parameters. */
    private record Action(String kind, String table, ObjectNode key, ObjectNode params) {

        boolean hasCondition() {
            return params.hasNonNull("ConditionExpression");
        }

        boolean wantsOldItem() {
            return "ALL_OLD".equals(params.path("ReturnValuesOnConditionCheckFailure").asText());
        }
    }

    private record Token(JsonNode fingerprint, Instant expires) {
    }

    private final Dynamo dynamo;
    private final KeySchemas schemas;
    private final TransactionJournal journal;
    private final ReadWriteLock lock;
    private final Clock clock;
    private final ObjectMapper json;
    private final Runnable rollbackFailed;
    private final java.util.function.Consumer<List<StreamCapture.Written>> committed;
    private final Map<String, Token> tokens = new HashMap<>(); // guarded by the write lock

    /**
     * @param rollbackFailed called (still under the exclusive lock) when a rollback could not be completed, so the
     *                       provider restarts dynalite and replays the journal before any other request runs
     */
    Transactions(Dynamo dynamo, KeySchemas schemas, TransactionJournal journal, ReadWriteLock lock, Clock clock,
                 ObjectMapper json, Runnable rollbackFailed) {
        this(dynamo, schemas, journal, lock, clock, json, rollbackFailed, writes -> { });
    }

    /**
     * @param committed told (under the exclusive lock) which items a transaction wrote, with their before-images,
     *                  once every action is applied: the stream records them
     */
    Transactions(Dynamo dynamo, KeySchemas schemas, TransactionJournal journal, ReadWriteLock lock, Clock clock,
                 ObjectMapper json, Runnable rollbackFailed,
                 java.util.function.Consumer<List<StreamCapture.Written>> committed) {
        this.committed = committed;
        this.dynamo = dynamo;
        this.schemas = schemas;
        this.journal = journal;
        this.lock = lock;
        this.clock = clock;
        this.json = json;
        this.rollbackFailed = rollbackFailed;
    }

    AwsResponse writeItems(ObjectNode request) {
        List<Action> actions = parse(request, WRITE_KINDS);
        String token = clientToken(request);
        lock.writeLock().lock();
        try {
            if (token != null && alreadyDone(token, request)) {
                return ok(json.createObjectNode());
            }
            AwsResponse response = apply(actions);
            if (token != null && response.status() == 200) {
                tokens.put(token, new Token(fingerprint(request), clock.instant().plus(TOKEN_WINDOW)));
            }
            return response;
        } finally {
            lock.writeLock().unlock();
        }
    }

    AwsResponse getItems(ObjectNode request) {
        List<Action> actions = parse(request, List.of("Get"));
        ArrayNode responses = json.createArrayNode();
        // Exclusive, so the items read are one consistent snapshot with respect to transactions and writes.
        lock.writeLock().lock();
        try {
            for (Action a : actions) {
                ObjectNode get = a.params().deepCopy();
                get.put("ConsistentRead", true);
                ObjectNode found = dynamo.call("GetItem", get);
                ObjectNode entry = responses.addObject();
                if (found.has("Item")) {
                    entry.set("Item", found.get("Item"));
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        ObjectNode body = json.createObjectNode();
        body.set("Responses", responses);
        return ok(body);
    }

    // ---- applying ----

    private AwsResponse apply(List<Action> actions) {
        List<ObjectNode> before = new ArrayList<>(actions.size());
        List<TransactionJournal.Entry> entries = new ArrayList<>();
        for (Action a : actions) {
            ObjectNode get = json.createObjectNode().put("TableName", a.table()).put("ConsistentRead", true);
            get.set("Key", a.key());
            JsonNode item = dynamo.call("GetItem", get).get("Item");
            ObjectNode old = item == null ? null : (ObjectNode) item;
            before.add(old);
            if (!"ConditionCheck".equals(a.kind())) {
                entries.add(new TransactionJournal.Entry(a.table(), a.key(), old));
            }
        }
        Path journalFile = journal.write(entries);
        List<TransactionJournal.Entry> applied = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            try {
                applyOne(a, before.get(i));
                if (!"ConditionCheck".equals(a.kind())) {
                    applied.add(new TransactionJournal.Entry(a.table(), a.key(), before.get(i)));
                }
            } catch (DynaliteError failure) {
                List<ObjectNode> reasons = reasons(actions, before, i, failure);
                rollBack(applied, journalFile, failure);
                return cancelled(reasons);
            } catch (RuntimeException failure) {
                rollBack(applied, journalFile, failure);
                throw failure;
            }
        }
        List<StreamCapture.Written> written = new ArrayList<>();
        for (TransactionJournal.Entry e : applied) {
            written.add(new StreamCapture.Written(e.table(), e.key(), e.before()));
        }
        try {
            committed.accept(written);
        } catch (RuntimeException e) {
            // The transaction stands; only its stream records are missing.
            LOG.error("stream records of a committed transaction could not be written", e);
        }
        journal.delete(journalFile);
        return ok(json.createObjectNode());
    }

    private void applyOne(Action a, ObjectNode before) {
        ObjectNode req = a.params().deepCopy();
        req.remove("ReturnValuesOnConditionCheckFailure");
        switch (a.kind()) {
            case "Put" -> dynamo.call("PutItem", req);
            case "Update" -> dynamo.call("UpdateItem", req);
            case "Delete" -> dynamo.call("DeleteItem", req);
            case "ConditionCheck" -> checkCondition(a, before);
            default -> throw new IllegalStateException("not a write action: " + a.kind());
        }
    }

    /**
     * Lets dynalite evaluate {@code a}'s condition without changing the item: an existing item is put back as it is,
     * a missing one is "deleted" (a no-op). Either call fails with ConditionalCheckFailedException like the real one.
     */
    private void checkCondition(Action a, ObjectNode before) {
        String condition = a.params().path("ConditionExpression").asText();
        ObjectNode req = json.createObjectNode().put("TableName", a.table()).put("ConditionExpression", condition);
        // Update actions share names/values with their UpdateExpression; DynamoDB rejects unused ones.
        Set<String> used = placeholders(condition);
        copyUsed(a.params(), "ExpressionAttributeNames", used, req);
        copyUsed(a.params(), "ExpressionAttributeValues", used, req);
        if (before != null) {
            req.set("Item", before);
            dynamo.call("PutItem", req);
        } else {
            req.set("Key", a.key());
            dynamo.call("DeleteItem", req);
        }
    }

    /** Cancellation reasons like AWS: every condition is evaluated, not only the one that failed first. */
    private List<ObjectNode> reasons(List<Action> actions, List<ObjectNode> before, int failedAt,
                                     DynaliteError failure) {
        List<ObjectNode> reasons = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            if (i < failedAt) {
                reasons.add(none());
            } else if (i == failedAt) {
                reasons.add(reason(a, before.get(i), failure));
            } else if (a.hasCondition()) {
                try {
                    checkCondition(a, before.get(i));
                    reasons.add(none());
                } catch (DynaliteError e) {
                    reasons.add(reason(a, before.get(i), e));
                }
            } else {
                reasons.add(none());
            }
        }
        return reasons;
    }

    private ObjectNode reason(Action a, ObjectNode before, DynaliteError e) {
        ObjectNode r = json.createObjectNode();
        if (e.isConditionalCheckFailed()) {
            r.put("Code", "ConditionalCheckFailed").put("Message", "The conditional request failed");
            if (a.wantsOldItem() && before != null) {
                r.set("Item", before);
            }
        } else if ("ValidationException".equals(e.type())) {
            r.put("Code", "ValidationError").put("Message", e.awsMessage());
        } else {
            r.put("Code", e.type().replaceFirst("Exception$", "")).put("Message", e.awsMessage());
        }
        return r;
    }

    private ObjectNode none() {
        return json.createObjectNode().put("Code", "None");
    }

    private void rollBack(List<TransactionJournal.Entry> applied, Path journalFile, RuntimeException cause) {
        try {
            journal.restore(dynamo, applied);
            journal.delete(journalFile);
        } catch (RuntimeException e) {
            // The journal stays: the provider replays it when dynalite is back, before serving anything else.
            LOG.error("rollback of transaction {} failed; it will be rolled back from the journal at restart",
                    journalFile.getFileName(), e);
            cause.addSuppressed(e);
            rollbackFailed.run();
        }
    }

    private AwsResponse cancelled(List<ObjectNode> reasons) {
        ObjectNode body = json.createObjectNode().put("__type", CANCELLED_TYPE);
        List<String> codes = reasons.stream().map(r -> r.path("Code").asText()).toList();
        body.put("Message", "Transaction cancelled, please refer cancellation reasons for specific reasons "
                + codes.toString());
        body.putArray("CancellationReasons").addAll(reasons);
        return AwsResponse.json(400, AwsResponse.AMZ_JSON_1_0, body.toString());
    }

    private static AwsResponse ok(ObjectNode body) {
        return AwsResponse.json(AwsResponse.AMZ_JSON_1_0, body.toString());
    }

    // ---- idempotency ----

    private String clientToken(ObjectNode request) {
        JsonNode token = request.get("ClientRequestToken");
        if (token == null || token.isNull()) {
            return null;
        }
        if (!token.isTextual() || token.asText().isEmpty() || token.asText().length() > 36) {
            throw AwsException.validation("1 validation error detected: Value '" + token.asText()
                    + "' at 'clientRequestToken' failed to satisfy constraint: Member must have length between 1 and 36");
        }
        return token.asText();
    }

    private boolean alreadyDone(String token, ObjectNode request) {
        Instant now = clock.instant();
        tokens.values().removeIf(t -> !t.expires().isAfter(now));
        Token seen = tokens.get(token);
        if (seen == null) {
            return false;
        }
        if (!seen.fingerprint().equals(fingerprint(request))) {
            throw new AwsException("IdempotentParameterMismatchException",
                    "The request uses the same client token as a previous, but non-identical request.", 400);
        }
        return true;
    }

    private static JsonNode fingerprint(ObjectNode request) {
        ObjectNode copy = request.deepCopy();
        copy.remove("ClientRequestToken");
        copy.remove("ReturnConsumedCapacity");
        copy.remove("ReturnItemCollectionMetrics");
        return copy;
    }

    // ---- validation ----

    private List<Action> parse(ObjectNode request, List<String> kinds) {
        JsonNode items = request.get("TransactItems");
        if (items == null || items.isNull()) {
            throw constraint("null", "transactItems", "Member must not be null");
        }
        if (!items.isArray()) {
            throw AwsException.serialization("TransactItems must be a list");
        }
        if (items.isEmpty()) {
            throw constraint("[]", "transactItems", "Member must have length greater than or equal to 1");
        }
        if (items.size() > MAX_ACTIONS) {
            throw constraint("[" + items.size() + " items]", "transactItems",
                    "Member must have length less than or equal to " + MAX_ACTIONS);
        }
        List<Action> actions = new ArrayList<>(items.size());
        Set<List<JsonNode>> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Action a = parseAction(items.get(i), kinds, i + 1);
            if (!seen.add(List.of(json.getNodeFactory().textNode(a.table()), a.key()))) {
                throw AwsException.validation("Transaction request cannot include multiple operations on one item");
            }
            actions.add(a);
        }
        return actions;
    }

    private Action parseAction(JsonNode item, List<String> kinds, int member) {
        if (item == null || !item.isObject()) {
            throw AwsException.serialization("TransactItems member " + member + " must be an object");
        }
        List<String> present = kinds.stream().filter(item::hasNonNull).toList();
        if (present.size() != 1 || item.size() != 1) {
            throw AwsException.validation(kinds.size() == 1
                    ? "TransactItems member " + member + " must contain exactly one Get"
                    : "TransactItems can only contain one of Check, Put, Update or Delete");
        }
        String kind = present.get(0);
        JsonNode params = item.get(kind);
        if (!params.isObject()) {
            throw AwsException.serialization("TransactItems member " + member + "." + kind + " must be an object");
        }
        String path = "transactItems." + member + ".member." + Character.toLowerCase(kind.charAt(0))
                + kind.substring(1);
        JsonNode table = params.get("TableName");
        if (table == null || !table.isTextual() || table.asText().isEmpty()) {
            throw constraint("null", path + ".tableName", "Member must not be null");
        }
        String tableName = table.asText();
        ObjectNode key;
        if ("Put".equals(kind)) {
            JsonNode putItem = params.get("Item");
            if (putItem == null || !putItem.isObject()) {
                throw constraint("null", path + ".item", "Member must not be null");
            }
            key = schemas.keyOfItem(tableName, (ObjectNode) putItem);
        } else {
            JsonNode k = params.get("Key");
            if (k == null || !k.isObject()) {
                throw constraint("null", path + ".key", "Member must not be null");
            }
            schemas.checkKey(tableName, k);
            key = (ObjectNode) k;
        }
        if ("Update".equals(kind) && !params.hasNonNull("UpdateExpression")) {
            throw constraint("null", path + ".updateExpression", "Member must not be null");
        }
        if ("ConditionCheck".equals(kind) && !params.hasNonNull("ConditionExpression")) {
            throw constraint("null", path + ".conditionExpression", "Member must not be null");
        }
        JsonNode rv = params.get("ReturnValuesOnConditionCheckFailure");
        if (rv != null && !rv.isNull() && !Set.of("ALL_OLD", "NONE").contains(rv.asText())) {
            throw constraint("'" + rv.asText() + "'", path + ".returnValuesOnConditionCheckFailure",
                    "Member must satisfy enum value set: [ALL_OLD, NONE]");
        }
        return new Action(kind, tableName, key, (ObjectNode) params);
    }

    private static AwsException constraint(String value, String where, String rule) {
        return AwsException.validation("1 validation error detected: Value " + value + " at '" + where
                + "' failed to satisfy constraint: " + rule);
    }

    private static Set<String> placeholders(String expression) {
        Set<String> found = new HashSet<>();
        Matcher m = PLACEHOLDER.matcher(expression);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static void copyUsed(ObjectNode from, String field, Set<String> used, ObjectNode to) {
        JsonNode map = from.get(field);
        if (map == null || !map.isObject()) {
            return;
        }
        ObjectNode kept = to.objectNode();
        map.properties().forEach(e -> {
            if (used.contains(e.getKey())) {
                kept.set(e.getKey(), e.getValue());
            }
        });
        if (!kept.isEmpty()) {
            to.set(field, kept);
        }
    }
}
