package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/** The conformance corpus matcher convention ({"$match": ...} objects with optional refs), as in validate.py. */
final class Matcher {
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern TS = Pattern.compile(
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:?[0-9]{2})$");

    private final Map<String, JsonNode> refs = new java.util.HashMap<>();

    boolean matches(JsonNode expected, JsonNode actual) {
        if (expected == null || expected.isNull()) {
            return actual == null || actual.isNull();
        }
        if (actual == null) {
            return false;
        }
        if (expected.isObject() && expected.has("$match")) {
            boolean ok = switch (expected.get("$match").asText()) {
                case "any" -> true;
                case "uuid" -> actual.isTextual() && UUID.matcher(actual.textValue()).matches();
                case "timestamp" -> actual.isTextual() && TS.matcher(actual.textValue()).matches();
                case "regex" -> actual.isTextual()
                        && Pattern.compile(expected.get("pattern").asText()).matcher(actual.textValue()).find();
                case "json" -> actual.isTextual() && matchesJson(expected.get("value"), actual.textValue());
                default -> false;
            };
            if (ok && expected.has("ref")) {
                String key = expected.get("ref").asText();
                JsonNode seen = refs.get(key);
                if (seen != null && !seen.equals(actual)) {
                    return false;
                }
                refs.put(key, actual);
            }
            return ok;
        }
        if (expected.isObject()) {
            if (!actual.isObject() || !fieldNames(expected).equals(fieldNames(actual))) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!matches(e.getValue(), actual.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                return false;
            }
            for (int i = 0; i < expected.size(); i++) {
                if (!matches(expected.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return expected.equals(actual);
    }

    private boolean matchesJson(JsonNode expected, String text) {
        try {
            return matches(expected, Json.parse(text));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static java.util.Set<String> fieldNames(JsonNode node) {
        java.util.Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
