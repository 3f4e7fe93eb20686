package dam.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What a rule target receives: the whole event (default), a constant {@code Input}, the part selected by
 * {@code InputPath}, or an {@code InputTransformer} rendering.
 *
 * <p>JSONPath is the subset EventBridge uses in practice: {@code $}, {@code .name}, {@code ['name']} and
 * {@code [index]}. Templates follow EventBridge: in a JSON template (starting with {@code { [ "}) a placeholder
 * outside quotes inserts the value as JSON (strings quoted), inside quotes it inserts the value's text escaped for
 * JSON; in a plain-text template strings are inserted raw. A path that selects nothing inserts {@code null} (empty
 * text inside quotes). Predefined: {@code <aws.events.event>}, {@code <aws.events.event.json>},
 * {@code <aws.events.rule-arn>}, {@code <aws.events.rule-name>}, {@code <aws.events.event.ingestion-time>}.
 */
public final class TargetInput {

    private TargetInput() {
    }

    /** Renders the input for {@code target} (a PutTargets target object) from {@code event}. */
    public static String render(JsonNode target, JsonNode event, String ruleArn, String ruleName, Instant ingested) {
        if (target.hasNonNull("Input")) {
            return target.get("Input").asText();
        }
        if (target.hasNonNull("InputPath")) {
            JsonNode selected = select(event, target.get("InputPath").asText());
            return selected == null ? "null" : Json.write(selected);
        }
        JsonNode transformer = target.get("InputTransformer");
        if (transformer == null || transformer.isNull()) {
            return Json.write(event);
        }
        Map<String, JsonNode> values = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : transformer.path("InputPathsMap").properties()) {
            values.put(e.getKey(), select(event, e.getValue().asText()));
        }
        values.put("aws.events.event", event);
        values.put("aws.events.event.json", event);
        values.put("aws.events.rule-arn", TextNode.valueOf(ruleArn));
        values.put("aws.events.rule-name", TextNode.valueOf(ruleName));
        values.put("aws.events.event.ingestion-time", TextNode.valueOf(ingested.toString()));
        return fill(transformer.path("InputTemplate").asText(), values);
    }

    /** Validates a target's InputPath / InputPathsMap paths, throwing IllegalArgumentException with the reason. */
    public static void validatePath(String path) {
        select(Json.object(), path);
    }

    /** The node at {@code path}, or null when the path selects nothing. */
    public static JsonNode select(JsonNode root, String path) {
        if (path == null || !path.startsWith("$")) {
            throw new IllegalArgumentException("JSONPath must start with '$': " + path);
        }
        JsonNode node = root;
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            String key;
            Integer index = null;
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                key = path.substring(i + 1, end);
                if (key.isEmpty()) {
                    throw new IllegalArgumentException("Empty name in JSONPath " + path);
                }
                i = end;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("Unclosed '[' in JSONPath " + path);
                }
                String inner = path.substring(i + 1, end).trim();
                if (inner.length() >= 2 && (inner.startsWith("'") && inner.endsWith("'")
                        || inner.startsWith("\"") && inner.endsWith("\""))) {
                    key = inner.substring(1, inner.length() - 1);
                } else if (inner.matches("\\d+")) {
                    key = null;
                    index = Integer.parseInt(inner);
                } else {
                    throw new IllegalArgumentException("Unsupported JSONPath segment [" + inner + "] in " + path);
                }
                i = end + 1;
            } else {
                throw new IllegalArgumentException("Invalid JSONPath " + path);
            }
            if (node == null) {
                continue;
            }
            node = index != null ? (node.isArray() ? node.get(index) : null) : (node.isObject() ? node.get(key) : null);
        }
        return node;
    }

    static String fill(String template, Map<String, JsonNode> values) {
        String trimmed = template.trim();
        boolean json = trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.startsWith("\"");
        StringBuilder out = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '<') {
                int end = template.indexOf('>', i);
                String name = end > i ? template.substring(i + 1, end) : null;
                if (name != null && values.containsKey(name)) {
                    out.append(json ? jsonValue(values.get(name), inString) : textValue(values.get(name)));
                    i = end;
                    continue;
                }
            }
            if (json && c == '"') {
                inString = !inString;
            } else if (json && inString && c == '\\' && i + 1 < template.length()) {
                out.append(c).append(template.charAt(++i));
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String jsonValue(JsonNode v, boolean insideQuotes) {
        if (insideQuotes) {
            String text = v == null || v.isNull() ? "" : v.isTextual() ? v.asText() : Json.write(v);
            String quoted = Json.write(TextNode.valueOf(text));
            return quoted.substring(1, quoted.length() - 1);
        }
        return v == null ? "null" : Json.write(v);
    }

    private static String textValue(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        return v.isTextual() ? v.asText() : Json.write(v);
    }
}
