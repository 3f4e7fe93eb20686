package dam.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.events.Json;
import dam.local.events.StateFile;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** One queue: its settable attributes and its messages in send order, persisted as one JSON file. */
final class SqsQueue {

    static final Map<String, String> DEFAULTS = Map.of(
            "VisibilityTimeout", "30",
            "DelaySeconds", "0",
            "MaximumMessageSize", "262144",
            "MessageRetentionPeriod", "345600",
            "ReceiveMessageWaitTimeSeconds", "0");

    final String name;
    final Instant createdAt;
    Instant modifiedAt;
    final Map<String, String> attributes = new TreeMap<>();
    final Map<String, SqsMessage> messages = new LinkedHashMap<>();
    private final StateFile file;

    SqsQueue(String name, Instant createdAt, StateFile file) {
        this.name = name;
        this.createdAt = createdAt;
        this.modifiedAt = createdAt;
        this.file = file;
        attributes.putAll(DEFAULTS);
    }

    int intAttribute(String key) {
        return Integer.parseInt(attributes.get(key));
    }

    void save() {
        ObjectNode n = Json.object();
        n.put("name", name);
        n.put("createdAt", createdAt.toString());
        n.put("modifiedAt", modifiedAt.toString());
        ObjectNode attrs = n.putObject("attributes");
        attributes.forEach(attrs::put);
        ArrayNode msgs = n.putArray("messages");
        messages.values().forEach(m -> msgs.add(m.toJson()));
        file.write(n);
    }

    void deleteFile() {
        file.delete();
    }

    static SqsQueue load(StateFile file) {
        JsonNode n = file.read();
        SqsQueue q = new SqsQueue(n.get("name").asText(), Instant.parse(n.get("createdAt").asText()), file);
        q.modifiedAt = Instant.parse(n.get("modifiedAt").asText());
        for (Map.Entry<String, JsonNode> e : n.get("attributes").properties()) {
            q.attributes.put(e.getKey(), e.getValue().asText());
        }
        for (JsonNode m : n.get("messages")) {
            SqsMessage msg = SqsMessage.fromJson(m);
            q.messages.put(msg.id, msg);
        }
        return q;
    }
}
