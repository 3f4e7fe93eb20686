package dam.local.dynamodb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.zip.CRC32;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dam.local.edge.AwsException;
import dam.local.edge.AwsResponse;

/**
 * Turns successful writes to tables with a stream into stream records with exact old/new images.
 *
 * <p>Exactness: writes to an item of a streamed table are serialized per item (lock striping on table + key) and
 * hold the provider's shared lock for the whole read-write-record sequence, so no other write to that item (nor a
 * transaction, which holds that lock exclusively) can slip in between reading the old image and writing, and the
 * item's records are in write order. Old images come from ReturnValues ALL_OLD (or a consistent GetItem
 * under the locks); the caller's response is trimmed back to the ReturnValues it asked for.
 */
final class StreamCapture {

    /** The provider's forwarding path (dynalite call + its own error handling). */
    @FunctionalInterface
    interface Forwarder {
        AwsResponse forward(String operation, byte[] body);
    }

    /** One item a committed transaction wrote, with its before-image (null when it did not exist). */
    record Written(String table, ObjectNode key, ObjectNode before) {
    }

    private final Dynamo dynamo;
    private final Streams streams;
    private final ReadWriteLock providerLock;
    private final ObjectMapper json;
    private final Forwarder forwarder;
    private static final int STRIPES = 256;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    StreamCapture(Dynamo dynamo, Streams streams, ReadWriteLock providerLock, ObjectMapper json, Forwarder forwarder) {
        this.dynamo = dynamo;
        this.streams = streams;
        this.providerLock = providerLock;
        this.json = json;
        this.forwarder = forwarder;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Whether this write request touches a table with an enabled stream. */
    boolean captures(String operation, ObjectNode request) {
        if ("BatchWriteItem".equals(operation)) {
            JsonNode items = request.path("RequestItems");
            if (!items.isObject()) {
                return false;
            }
            Iterator<String> names = items.fieldNames();
            while (names.hasNext()) {
                if (streams.hasEnabledStream(names.next())) {
                    return true;
                }
            }
            return false;
        }
        return streams.hasEnabledStream(request.path("TableName").asText(""));
    }

    AwsResponse write(String operation, ObjectNode request) {
        if ("BatchWriteItem".equals(operation)) {
            return batchWrite(request);
        }
        String table = request.path("TableName").asText();
        return locked(List.of(lockKey(table, keyOf(operation, request, table))), () -> switch (operation) {
            case "PutItem" -> single(operation, request, "ALL_OLD", table);
            case "DeleteItem" -> single(operation, request, "ALL_OLD", table);
            case "UpdateItem" -> update(request, table);
            default -> throw new IllegalStateException("not a captured write: " + operation);
        });
    }

    /** The TTL deleter's DeleteItem: a REMOVE made by the service, as AWS marks it. */
    ObjectNode ttlDelete(ObjectNode request) {
        String table = request.path("TableName").asText();
        if (!streams.hasEnabledStream(table)) {
            return dynamo.call("DeleteItem", request);
        }
        ObjectNode key = request.get("Key") instanceof ObjectNode k ? keys(table, k) : null;
        return locked(List.of(lockKey(table, key)), () -> {
            ObjectNode req = request.deepCopy().put("ReturnValues", "ALL_OLD");
            ObjectNode answer = dynamo.call("DeleteItem", req);
            JsonNode old = answer.get("Attributes");
            if (old instanceof ObjectNode image) {
                streams.record(table, List.of(new Streams.Change(keys(table, image), image, null, true)));
            }
            answer.remove("Attributes");
            return answer;
        });
    }

    /** Called under the provider's exclusive lock after a transaction applied every action. */
    void transactionCommitted(List<Written> writes) {
        for (Written w : writes) {
            if (!streams.hasEnabledStream(w.table())) {
                continue;
            }
            ObjectNode after = consistentGet(w.table(), w.key());
            streams.record(w.table(), List.of(new Streams.Change(w.key(), w.before(), after, false)));
        }
    }

    // ---- single writes ----

    /** PutItem / DeleteItem: ALL_OLD gives the old image in the same call; the new one is the Put's Item. */
    private AwsResponse single(String operation, ObjectNode request, String needed, String table) {
        String asked = request.path("ReturnValues").asText("NONE");
        if (!asked.equals("NONE") && !asked.equals(needed)) {
            return viaReads(operation, request, table);
        }
        ObjectNode req = request.deepCopy().put("ReturnValues", needed);
        AwsResponse response = forwarder.forward(operation, bytes(req));
        if (response.status() != 200) {
            return response;
        }
        ObjectNode body = parse(response.body());
        ObjectNode old = body.get("Attributes") instanceof ObjectNode o ? o : null;
        ObjectNode next = "PutItem".equals(operation) ? (ObjectNode) request.get("Item") : null;
        record(table, old, next);
        if (!asked.equals(needed)) {
            body.remove("Attributes");
        }
        return rewritten(response, body);
    }

    /** UpdateItem: the old image by a consistent read under the locks, the new one from ALL_NEW. */
    private AwsResponse update(ObjectNode request, String table) {
        String asked = request.path("ReturnValues").asText("NONE");
        if (!asked.equals("NONE") && !asked.equals("ALL_NEW")) {
            return viaReads("UpdateItem", request, table);
        }
        ObjectNode old = request.get("Key") instanceof ObjectNode key ? tryGet(table, key) : null;
        ObjectNode req = request.deepCopy().put("ReturnValues", "ALL_NEW");
        AwsResponse response = forwarder.forward("UpdateItem", bytes(req));
        if (response.status() != 200) {
            return response;
        }
        ObjectNode body = parse(response.body());
        ObjectNode next = body.get("Attributes") instanceof ObjectNode n ? n : null;
        record(table, old, next);
        if (!asked.equals("ALL_NEW")) {
            body.remove("Attributes");
        }
        return rewritten(response, body);
    }

    /** Any other ReturnValues: the caller's request as is, with consistent reads before and after it. */
    private AwsResponse viaReads(String operation, ObjectNode request, String table) {
        ObjectNode key = keyOf(operation, request, table);
        if (key == null) {
            return forwarder.forward(operation, bytes(request)); // malformed: dynalite refuses it as AWS would
        }
        ObjectNode old = tryGet(table, key);
        AwsResponse response = forwarder.forward(operation, bytes(request));
        if (response.status() == 200) {
            record(table, old, consistentGet(table, key));
        }
        return response;
    }

    private void record(String table, ObjectNode old, ObjectNode next) {
        ObjectNode image = next != null ? next : old;
        if (image == null) {
            return; // e.g. deleting an item that was not there
        }
        streams.record(table, List.of(new Streams.Change(keys(table, image), old, next, false)));
    }

    // ---- BatchWriteItem ----

    private AwsResponse batchWrite(ObjectNode request) {
        JsonNode items = request.path("RequestItems");
        Set<String> tables = new TreeSet<>();
        items.fieldNames().forEachRemaining(t -> {
            if (streams.hasEnabledStream(t)) {
                tables.add(t);
            }
        });
        Map<String, List<ObjectNode>> keysByTable = new HashMap<>();
        List<String> lockKeys = new ArrayList<>();
        for (String table : tables) {
            List<ObjectNode> keys = batchKeys(table, items.path(table));
            if (keys == null) {
                // invalid (dynalite refuses it as a whole); the table-wide stripe keeps it ordered all the same
                lockKeys.add(lockKey(table, null));
            } else {
                keysByTable.put(table, keys);
                keys.forEach(k -> lockKeys.add(lockKey(table, k)));
            }
        }
        return locked(lockKeys, () -> {
            Map<String, Map<JsonNode, ObjectNode>> before = new HashMap<>();
            for (String table : tables) {
                List<ObjectNode> keys = keysByTable.get(table);
                if (keys == null) {
                    return forwarder.forward("BatchWriteItem", bytes(request));
                }
                before.put(table, batchGet(table, keys));
            }
            AwsResponse response = forwarder.forward("BatchWriteItem", bytes(request));
            if (response.status() != 200) {
                return response;
            }
            JsonNode unprocessed = parse(response.body()).path("UnprocessedItems");
            for (String table : tables) {
                Set<JsonNode> skipped = new HashSet<>();
                unprocessed.path(table).forEach(skipped::add);
                List<Streams.Change> changes = new ArrayList<>();
                for (JsonNode w : items.path(table)) {
                    if (skipped.contains(w)) {
                        continue;
                    }
                    boolean put = w.has("PutRequest");
                    ObjectNode key = put ? keys(table, (ObjectNode) w.path("PutRequest").path("Item"))
                            : (ObjectNode) w.path("DeleteRequest").path("Key");
                    ObjectNode old = before.get(table).get(key);
                    ObjectNode next = put ? (ObjectNode) w.path("PutRequest").path("Item") : null;
                    if (old != null || next != null) {
                        changes.add(new Streams.Change(key, old, next, false));
                    }
                }
                streams.record(table, changes);
            }
            return response;
        });
    }

    /** The keys a batch writes to one table, or null when the request is malformed or names an item twice. */
    private List<ObjectNode> batchKeys(String table, JsonNode writes) {
        if (!writes.isArray()) {
            return null;
        }
        List<String> names = streams.keyNames(table);
        List<ObjectNode> keys = new ArrayList<>();
        Set<ObjectNode> seen = new HashSet<>();
        for (JsonNode w : writes) {
            JsonNode source = w.has("PutRequest") ? w.path("PutRequest").path("Item")
                    : w.path("DeleteRequest").path("Key");
            if (!source.isObject()) {
                return null;
            }
            ObjectNode key = json.createObjectNode();
            for (String name : names) {
                if (!source.has(name)) {
                    return null;
                }
                key.set(name, source.get(name));
            }
            if (!seen.add(key)) {
                return null;
            }
            keys.add(key);
        }
        return keys;
    }

    private Map<JsonNode, ObjectNode> batchGet(String table, List<ObjectNode> keys) {
        Map<JsonNode, ObjectNode> found = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        ObjectNode req = json.createObjectNode();
        ObjectNode forTable = req.putObject("RequestItems").putObject(table).put("ConsistentRead", true);
        ArrayNode list = forTable.putArray("Keys");
        keys.forEach(list::add);
        ObjectNode answer = dynamo.call("BatchGetItem", req);
        for (JsonNode item : answer.path("Responses").path(table)) {
            found.put(keys(table, (ObjectNode) item), (ObjectNode) item);
        }
        // dynalite does not throttle, but read anything it left unprocessed one by one
        for (JsonNode key : answer.path("UnprocessedKeys").path(table).path("Keys")) {
            ObjectNode item = consistentGet(table, (ObjectNode) key);
            if (item != null) {
                found.put(key, item);
            }
        }
        return found;
    }

    // ---- helpers ----

    /** An item's lock name; a request whose key cannot be read locks a table-wide name instead. */
    private static String lockKey(String table, ObjectNode key) {
        return table + "\u0000" + (key == null ? "" : key.toString());
    }

    /** Runs {@code work} holding the items' stripes (in index order: no deadlock) and the provider's shared lock. */
    private <T> T locked(List<String> lockKeys, Supplier<T> work) {
        Set<Integer> indices = new TreeSet<>();
        lockKeys.forEach(k -> indices.add(Math.floorMod(k.hashCode(), STRIPES)));
        List<ReentrantLock> held = new ArrayList<>();
        try {
            for (int i : indices) {
                stripes[i].lock();
                held.add(stripes[i]);
            }
            providerLock.readLock().lock();
            try {
                return work.get();
            } finally {
                providerLock.readLock().unlock();
            }
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        }
    }

    private ObjectNode keys(String table, ObjectNode image) {
        ObjectNode key = json.createObjectNode();
        for (String name : streams.keyNames(table)) {
            if (image.has(name)) {
                key.set(name, image.get(name));
            }
        }
        return key;
    }

    private ObjectNode keyOf(String operation, ObjectNode request, String table) {
        JsonNode source = "PutItem".equals(operation) ? request.get("Item") : request.get("Key");
        if (!(source instanceof ObjectNode o)) {
            return null;
        }
        ObjectNode key = keys(table, o);
        return key.size() == streams.keyNames(table).size() ? key : null;
    }

    private ObjectNode consistentGet(String table, ObjectNode key) {
        ObjectNode get = json.createObjectNode().put("TableName", table).put("ConsistentRead", true);
        get.set("Key", key);
        JsonNode item = dynamo.call("GetItem", get).get("Item");
        return item instanceof ObjectNode o ? o : null;
    }

    /** A read that may fail on a malformed key; the write itself then fails the same way and records nothing. */
    private ObjectNode tryGet(String table, ObjectNode key) {
        try {
            return consistentGet(table, key);
        } catch (DynaliteError e) {
            return null;
        }
    }

    private AwsResponse rewritten(AwsResponse original, ObjectNode body) {
        return rewritten(original, bytes(body));
    }

    /** The response with a new body (and dynalite's CRC32 header recomputed, which SDKs check). */
    static AwsResponse rewritten(AwsResponse original, byte[] bytes) {
        Map<String, String> headers = new HashMap<>(original.headers());
        if (headers.containsKey("x-amz-crc32")) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            headers.put("x-amz-crc32", Long.toString(crc.getValue()));
        }
        return new AwsResponse(original.status(), original.contentType(), headers, bytes);
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a DynamoDB request", e);
        }
    }

    private ObjectNode parse(byte[] body) {
        try {
            return body.length == 0 ? json.createObjectNode() : (ObjectNode) json.readTree(body);
        } catch (IOException | ClassCastException e) {
            throw new AwsException("InternalServerError", "dynalite answered something that is not a JSON object",
                    500, e);
        }
    }
}
