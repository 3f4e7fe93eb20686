package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/** Input and output processing of both query languages (InputPath … OutputPath; JSONata templates). */
final class DataFlow {
    private final StateMachineDefinition def;

    DataFlow(StateMachineDefinition def) {
        this.def = def;
    }

    /** InputPath / OutputPath: absent means $, null means {}. */
    JsonNode selectPath(ObjectNode state, String field, JsonNode value, Scope scope) {
        JsonNode p = state.get(field);
        if (p == null) {
            return value;
        }
        if (p.isNull()) {
            return Json.object();
        }
        try {
            return def.path(p.asText()).read(value, scope);
        } catch (PathExpr.NotFound e) {
            throw StateFailure.runtime("Invalid path '" + p.asText() + "' : " + e.getMessage());
        }
    }

    /** ResultPath: absent means $ (the result), null discards the result and keeps the raw input. */
    JsonNode resultPath(JsonNode resultPathField, boolean present, JsonNode rawInput, JsonNode result) {
        if (!present) {
            return result;
        }
        if (resultPathField.isNull()) {
            return rawInput;
        }
        try {
            return def.path(resultPathField.asText()).writeInto(rawInput, result);
        } catch (PathExpr.NotFound e) {
            throw StateFailure.runtime("Unable to apply ResultPath '" + resultPathField.asText() + "' to input '"
                    + Json.write(rawInput) + "': " + e.getMessage());
        }
    }

    /** A JSONPath payload template: keys ending in .$ are evaluated, everything else is copied literally. */
    JsonNode template(JsonNode template, JsonNode input, Scope scope, Supplier<Random> random) {
        if (template.isObject()) {
            ObjectNode out = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                if (key.endsWith(".$") && e.getValue().isTextual()) {
                    out.set(key.substring(0, key.length() - 2), evalDollar(key, e.getValue().textValue(), input,
                            scope, random));
                } else {
                    out.set(key, template(e.getValue(), input, scope, random));
                }
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = Json.array();
            for (JsonNode item : template) {
                out.add(template(item, input, scope, random));
            }
            return out;
        }
        return template;
    }

    private JsonNode evalDollar(String key, String expr, JsonNode input, Scope scope, Supplier<Random> random) {
        try {
            if (Intrinsics.looksLikeCall(expr)) {
                return def.call(expr).eval(input, scope, random);
            }
            return def.path(expr).read(input, scope);
        } catch (PathExpr.NotFound e) {
            throw StateFailure.runtime("The JSONPath '" + e.path() + "' specified for the field '" + key
                    + "' could not be found in the input '" + Json.write(input) + "'");
        }
    }

    /** Evaluates a JSONata template ({% %} strings anywhere inside objects and arrays). */
    JsonNode jsonata(JsonNode template, JsonataExpr.Bindings bindings, String field) {
        if (template.isTextual() && JsonataExpr.isExpression(template.textValue())) {
            return def.jsonata(template.textValue()).eval(bindings, field);
        }
        if (template.isObject()) {
            ObjectNode out = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), jsonata(e.getValue(), bindings, field + "/" + e.getKey()));
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = Json.array();
            for (int i = 0; i < template.size(); i++) {
                out.add(jsonata(template.get(i), bindings, field + "/" + i));
            }
            return out;
        }
        return template;
    }
}
