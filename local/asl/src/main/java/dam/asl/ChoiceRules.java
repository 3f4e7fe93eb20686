package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** JSONPath Choice rule evaluation (comparison operators, And/Or/Not). */
final class ChoiceRules {
    static final Set<String> OPERATORS = Set.of("StringEquals", "StringEqualsPath", "StringLessThan",
            "StringLessThanPath", "StringGreaterThan", "StringGreaterThanPath", "StringLessThanEquals",
            "StringLessThanEqualsPath", "StringGreaterThanEquals", "StringGreaterThanEqualsPath", "StringMatches",
            "NumericEquals", "NumericEqualsPath", "NumericLessThan", "NumericLessThanPath", "NumericGreaterThan",
            "NumericGreaterThanPath", "NumericLessThanEquals", "NumericLessThanEqualsPath", "NumericGreaterThanEquals",
            "NumericGreaterThanEqualsPath", "BooleanEquals", "BooleanEqualsPath", "TimestampEquals",
            "TimestampEqualsPath", "TimestampLessThan", "TimestampLessThanPath", "TimestampGreaterThan",
            "TimestampGreaterThanPath", "TimestampLessThanEquals", "TimestampLessThanEqualsPath",
            "TimestampGreaterThanEquals", "TimestampGreaterThanEqualsPath", "IsNull", "IsPresent", "IsNumeric",
            "IsString", "IsBoolean", "IsTimestamp");

    private final StateMachineDefinition def;

    ChoiceRules(StateMachineDefinition def) {
        this.def = def;
    }

    boolean matches(JsonNode rule, JsonNode input, Scope scope) {
        if (rule.has("And")) {
            for (JsonNode r : rule.get("And")) {
                if (!matches(r, input, scope)) {
                    return false;
                }
            }
            return true;
        }
        if (rule.has("Or")) {
            for (JsonNode r : rule.get("Or")) {
                if (matches(r, input, scope)) {
                    return true;
                }
            }
            return false;
        }
        if (rule.has("Not")) {
            return !matches(rule.get("Not"), input, scope);
        }
        String varPath = rule.get("Variable").asText();
        JsonNode value;
        try {
            value = def.path(varPath).read(input, scope);
        } catch (PathExpr.NotFound e) {
            value = null;
        }
        for (var it = rule.fieldNames(); it.hasNext(); ) {
            String op = it.next();
            if (OPERATORS.contains(op)) {
                return compare(op, rule.get(op), value, input, scope, varPath);
            }
        }
        throw new IllegalStateException("validated rule without operator");
    }

    private boolean compare(String op, JsonNode operand, JsonNode value, JsonNode input, Scope scope,
                            String varPath) {
        if (op.equals("IsPresent")) {
            return (value != null) == operand.asBoolean();
        }
        if (value == null) {
            throw StateFailure.runtime("Invalid path '" + varPath + "': The choice state's condition path references "
                    + "an invalid value.");
        }
        switch (op) {
            case "IsNull":
                return value.isNull() == operand.asBoolean();
            case "IsNumeric":
                return value.isNumber() == operand.asBoolean();
            case "IsString":
                return value.isTextual() == operand.asBoolean();
            case "IsBoolean":
                return value.isBoolean() == operand.asBoolean();
            case "IsTimestamp":
                return (timestamp(value) != null) == operand.asBoolean();
            case "StringMatches":
                return value.isTextual() && wildcard(value.textValue(), operand.asText());
            default:
                break;
        }
        String base = op;
        if (op.endsWith("Path")) {
            base = op.substring(0, op.length() - 4);
            try {
                operand = def.path(operand.asText()).read(input, scope);
            } catch (PathExpr.NotFound e) {
                throw StateFailure.runtime("Invalid path '" + operand.asText() + "': The choice state's condition path "
                        + "references an invalid value.");
            }
        }
        if (base.startsWith("String")) {
            if (!value.isTextual() || !operand.isTextual()) {
                return false;
            }
            return test(base.substring("String".length()), value.textValue().compareTo(operand.textValue()));
        }
        if (base.startsWith("Numeric")) {
            if (!value.isNumber() || !operand.isNumber()) {
                return false;
            }
            return test(base.substring("Numeric".length()), value.decimalValue().compareTo(operand.decimalValue()));
        }
        if (base.equals("BooleanEquals")) {
            return value.isBoolean() && operand.isBoolean() && value.booleanValue() == operand.booleanValue();
        }
        if (base.startsWith("Timestamp")) {
            OffsetDateTime a = timestamp(value);
            OffsetDateTime b = timestamp(operand);
            if (a == null || b == null) {
                return false;
            }
            return test(base.substring("Timestamp".length()), a.toInstant().compareTo(b.toInstant()));
        }
        throw new IllegalStateException("unknown operator " + op);
    }

    private static boolean test(String relation, int cmp) {
        return switch (relation) {
            case "Equals" -> cmp == 0;
            case "LessThan" -> cmp < 0;
            case "GreaterThan" -> cmp > 0;
            case "LessThanEquals" -> cmp <= 0;
            case "GreaterThanEquals" -> cmp >= 0;
            default -> throw new IllegalStateException(relation);
        };
    }

    static OffsetDateTime timestamp(JsonNode v) {
        if (!v.isTextual()) {
            return null;
        }
        String s = v.textValue();
        if (s.length() < 20 || s.charAt(10) != 'T') {
            return null;
        }
        try {
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** StringMatches: '*' matches any run of characters; '\*' and '\\' are literal. */
    static boolean wildcard(String text, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                regex.append("[\\s\\S]*");
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return text.matches(regex.toString());
    }
}
