package dam.local.dynamodb;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** DynamoDB's item size rules (attribute names + values), for a stream record's SizeBytes. */
final class ItemSize {

    private ItemSize() {
    }

    /** Size of a map of attributes (an item, its key or an image); 0 for a missing node. */
    static int of(JsonNode attributes) {
        if (attributes == null || !attributes.isObject()) {
            return 0;
        }
        int size = 0;
        for (Map.Entry<String, JsonNode> e : attributes.properties()) {
            size += utf8(e.getKey()) + value(e.getValue());
        }
        return size;
    }

    private static int value(JsonNode typed) {
        if (typed == null || !typed.isObject() || typed.isEmpty()) {
            return 0;
        }
        Map.Entry<String, JsonNode> only = typed.properties().iterator().next();
        JsonNode v = only.getValue();
        return switch (only.getKey()) {
            case "S" -> utf8(v.asText());
            case "N" -> number(v.asText());
            case "B" -> binary(v.asText());
            case "BOOL", "NULL" -> 1;
            case "SS" -> sum(v, "S");
            case "NS" -> sum(v, "N");
            case "BS" -> sum(v, "B");
            case "L" -> {
                int size = 3;
                for (JsonNode element : v) {
                    size += 1 + value(element);
                }
                yield size;
            }
            case "M" -> 3 + v.size() + of(v);
            default -> 0;
        };
    }

    private static int sum(JsonNode set, String type) {
        int size = 0;
        for (JsonNode element : set) {
            size += switch (type) {
                case "S" -> utf8(element.asText());
                case "N" -> number(element.asText());
                default -> binary(element.asText());
            };
        }
        return size;
    }

    /** Roughly one byte per two significant digits plus one, as DynamoDB documents. */
    private static int number(String text) {
        try {
            String digits = new BigDecimal(text).stripTrailingZeros().unscaledValue().abs().toString();
            return 1 + (digits.length() + 1) / 2;
        } catch (NumberFormatException e) {
            return utf8(text);
        }
    }

    private static int binary(String base64) {
        try {
            return Base64.getDecoder().decode(base64).length;
        } catch (IllegalArgumentException e) {
            return utf8(base64);
        }
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
