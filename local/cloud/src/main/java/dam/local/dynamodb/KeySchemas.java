package dam.local.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dam.local.edge.AwsException;

/** Key attribute names per table (from DescribeTable, cached until the table is deleted or created again). */
final class KeySchemas {

    private final Dynamo dynamo;
    private final ObjectMapper json;
    private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

    KeySchemas(Dynamo dynamo, ObjectMapper json) {
        this.dynamo = dynamo;
        this.json = json;
    }

    /** Hash key name first, then the range key name if any. */
    List<String> keyNames(String table) {
        List<String> known = cache.get(table);
        if (known != null) {
            return known;
        }
        ObjectNode described = dynamo.call("DescribeTable", json.createObjectNode().put("TableName", table));
        List<String> names = new ArrayList<>(2);
        JsonNode schema = described.path("Table").path("KeySchema");
        for (String type : List.of("HASH", "RANGE")) {
            for (JsonNode k : schema) {
                if (type.equals(k.path("KeyType").asText())) {
                    names.add(k.path("AttributeName").asText());
                }
            }
        }
        cache.put(table, List.copyOf(names));
        return names;
    }

    /** The key of {@code item} (a Put's Item), or a ValidationException naming the missing key attribute. */
    ObjectNode keyOfItem(String table, ObjectNode item) {
        ObjectNode key = json.createObjectNode();
        for (String name : keyNames(table)) {
            JsonNode value = item.get(name);
            if (value == null) {
                throw AwsException.validation(
                        "One or more parameter values were invalid: Missing the key " + name + " in the item");
            }
            key.set(name, value);
        }
        return key;
    }

    /** Checks that {@code key} has exactly the table's key attributes. */
    void checkKey(String table, JsonNode key) {
        List<String> names = keyNames(table);
        if (key == null || !key.isObject() || key.size() != names.size()
                || !names.stream().allMatch(key::has)) {
            throw AwsException.validation("The provided key element does not match the schema");
        }
    }

    void forget(String table) {
        cache.remove(table);
    }
}
