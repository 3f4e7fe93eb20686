package dam.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.events.Json;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One stored message; mutable receive state is guarded by the provider's lock. */
final class SqsMessage {

    /** A message attribute: String/Number types carry stringValue, Binary types carry base64 binaryValue. */
    record Attribute(String dataType, String stringValue, String binaryValue) {
        ObjectNode toJson() {
            ObjectNode n = Json.object();
            n.put("DataType", dataType);
            if (binaryValue != null) {
                n.put("BinaryValue", binaryValue);
            } else {
                n.put("StringValue", stringValue);
            }
            return n;
        }
    }

    final String id;
    final String body;
    final Map<String, Attribute> attributes;
    final Instant sentAt;
    Instant visibleAt;
    int receiveCount;
    Instant firstReceivedAt;
    String receiptHandle;

    SqsMessage(String id, String body, Map<String, Attribute> attributes, Instant sentAt, Instant visibleAt) {
        this.id = id;
        this.body = body;
        this.attributes = attributes;
        this.sentAt = sentAt;
        this.visibleAt = visibleAt;
    }

    ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("id", id);
        n.put("body", body);
        n.set("attributes", attributesJson(attributes));
        n.put("sentAt", sentAt.toString());
        n.put("visibleAt", visibleAt.toString());
        n.put("receiveCount", receiveCount);
        if (firstReceivedAt != null) {
            n.put("firstReceivedAt", firstReceivedAt.toString());
        }
        if (receiptHandle != null) {
            n.put("receiptHandle", receiptHandle);
        }
        return n;
    }

    static SqsMessage fromJson(JsonNode n) {
        SqsMessage m = new SqsMessage(n.get("id").asText(), n.get("body").asText(), attributesFrom(n.get("attributes")),
                Instant.parse(n.get("sentAt").asText()), Instant.parse(n.get("visibleAt").asText()));
        m.receiveCount = n.path("receiveCount").asInt();
        m.firstReceivedAt = n.hasNonNull("firstReceivedAt") ? Instant.parse(n.get("firstReceivedAt").asText()) : null;
        m.receiptHandle = n.hasNonNull("receiptHandle") ? n.get("receiptHandle").asText() : null;
        return m;
    }

    static ObjectNode attributesJson(Map<String, Attribute> attributes) {
        ObjectNode n = Json.object();
        attributes.forEach((k, v) -> n.set(k, v.toJson()));
        return n;
    }

    static Map<String, Attribute> attributesFrom(JsonNode n) {
        Map<String, Attribute> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            JsonNode a = e.getValue();
            out.put(e.getKey(), new Attribute(a.path("DataType").asText(null), Json.text(a, "StringValue"),
                    Json.text(a, "BinaryValue")));
        }
        return out;
    }
}
