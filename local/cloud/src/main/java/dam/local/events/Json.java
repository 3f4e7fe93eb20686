package dam.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;

import java.time.Instant;

/** JSON helpers shared by the events, SQS and Scheduler providers (request parsing with AWS-style errors). */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** The request body as an object; an empty body is {@code {}}; anything else is a SerializationException. */
    public static ObjectNode body(AwsRequest request) {
        if (request.body() == null || request.body().length == 0) {
            return MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(request.body());
        } catch (java.io.IOException e) {
            throw new AwsException("SerializationException", "Malformed JSON request body: " + e.getMessage(), 400, e);
        }
        if (node == null || node.isMissingNode()) {
            return MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw AwsException.serialization("Request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw AwsException.validation("Field " + field + " must be a string");
        }
        return v.asText();
    }

    public static String required(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null || v.isEmpty()) {
            throw AwsException.validation("1 validation error detected: Value null at '" + lowerFirst(field)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    /** An integer field within [min, max], or {@code fallback} when absent. */
    public static int intIn(JsonNode node, String field, int min, int max, int fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() && !(v.isTextual() && v.asText().matches("-?\\d{1,10}"))) {
            throw AwsException.validation("Value " + v + " for " + field + " is not an integer");
        }
        long value = v.isTextual() ? Long.parseLong(v.asText()) : v.asLong();
        if (value < min || value > max) {
            throw AwsException.validation("Value " + value + " for " + field + " must be between " + min + " and " + max);
        }
        return (int) value;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON", e);
        }
    }

    /** Parses JSON text, or returns null when it is not valid JSON. */
    public static JsonNode parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** AWS JSON timestamps: epoch seconds with a millisecond fraction. */
    public static double epochSeconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
