package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A parsed and validated ASL definition. Every JSONPath, intrinsic function and JSONata expression is compiled once
 * here (so syntax errors surface at create time) and cached for the interpreter.
 */
public final class StateMachineDefinition {
    public static final String JSONPATH = "JSONPath";
    public static final String JSONATA = "JSONata";
    private static final Set<String> TYPES = Set.of("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel",
            "Map");

    private final JsonNode json;
    private final Block root;
    private final Map<String, Block> blocks = new LinkedHashMap<>();
    private final Map<String, PathExpr> paths = new ConcurrentHashMap<>();
    private final Map<String, Intrinsics.Call> calls = new ConcurrentHashMap<>();
    private final Map<String, JsonataExpr> jsonata = new ConcurrentHashMap<>();

    private StateMachineDefinition(JsonNode json, Predicate<String> resourceSupported) {
        this.json = json;
        String ql = json.path("QueryLanguage").asText(JSONPATH);
        if (!ql.equals(JSONPATH) && !ql.equals(JSONATA)) {
            throw new DefinitionException("SCHEMA_VALIDATION_FAILED", "/QueryLanguage",
                    "Value is not a valid query language: " + ql);
        }
        JsonNode timeout = json.get("TimeoutSeconds");
        if (timeout != null && (!timeout.canConvertToInt() || timeout.intValue() < 0)) {
            throw new DefinitionException("SCHEMA_VALIDATION_FAILED", "/TimeoutSeconds",
                    "Value must be a non-negative integer");
        }
        this.root = block(json, "", ql, resourceSupported);
    }

    /** Parses and validates; {@code resourceSupported} decides which Task resources exist. */
    public static StateMachineDefinition parse(String text, Predicate<String> resourceSupported) {
        JsonNode json;
        try {
            json = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DefinitionException("INVALID_JSON_DESCRIPTION", "/", "Invalid JSON: " + e.getMessage());
        }
        if (!json.isObject()) {
            throw new DefinitionException("SCHEMA_VALIDATION_FAILED", "/", "The definition must be a JSON object");
        }
        return new StateMachineDefinition(json, resourceSupported);
    }

    public JsonNode json() {
        return json;
    }

    public Block root() {
        return root;
    }

    public Block block(String pointer) {
        Block b = blocks.get(pointer);
        if (b == null) {
            throw new IllegalStateException("no block at " + pointer);
        }
        return b;
    }

    public Integer timeoutSeconds() {
        JsonNode t = json.get("TimeoutSeconds");
        return t == null ? null : t.intValue();
    }

    public PathExpr path(String text) {
        return paths.computeIfAbsent(text, PathExpr::compile);
    }

    public Intrinsics.Call call(String text) {
        return calls.computeIfAbsent(text, Intrinsics::parse);
    }

    public JsonataExpr jsonata(String text) {
        return jsonata.computeIfAbsent(text, JsonataExpr::compile);
    }

    // ---------------------------------------------------------------- validation

    private Block block(JsonNode node, String pointer, String ql, Predicate<String> resources) {
        JsonNode startAt = node.get("StartAt");
        JsonNode states = node.get("States");
        if (startAt == null || !startAt.isTextual()) {
            throw new DefinitionException("SCHEMA_VALIDATION_FAILED", pointer + "/StartAt",
                    "These fields are required: [StartAt]");
        }
        if (states == null || !states.isObject() || states.isEmpty()) {
            throw new DefinitionException("SCHEMA_VALIDATION_FAILED", pointer + "/States",
                    "These fields are required: [States]");
        }
        Map<String, ObjectNode> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                throw new DefinitionException("SCHEMA_VALIDATION_FAILED", pointer + "/States/" + e.getKey(),
                        "A state must be a JSON object");
            }
            map.put(e.getKey(), (ObjectNode) e.getValue());
        }
        if (!map.containsKey(startAt.asText())) {
            throw new DefinitionException("MISSING_TRANSITION_TARGET", pointer + "/StartAt",
                    "Missing 'Next' target: " + startAt.asText());
        }
        JsonNode processorConfig = node.get("ProcessorConfig");
        Block block = new Block(pointer, startAt.asText(), map, ql, processorConfig);
        blocks.put(pointer, block);
        for (Map.Entry<String, ObjectNode> e : map.entrySet()) {
            state(block, e.getKey(), e.getValue(), pointer + "/States/" + e.getKey(), ql, resources);
        }
        return block;
    }

    private void state(Block block, String name, ObjectNode s, String at, String inheritedQl,
                       Predicate<String> resources) {
        if (name.length() > 80) {
            throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at, "State names must be at most 80 characters");
        }
        String type = s.path("Type").asText(null);
        if (type == null || !TYPES.contains(type)) {
            throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at + "/Type",
                    "Field 'Type' must be one of " + TYPES + " but was " + s.get("Type"));
        }
        String ql = s.has("QueryLanguage") ? s.get("QueryLanguage").asText() : inheritedQl;
        if (!ql.equals(JSONPATH) && !ql.equals(JSONATA)) {
            throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at + "/QueryLanguage",
                    "Value is not a valid query language: " + ql);
        }
        if (ql.equals(JSONATA) && inheritedQl.equals(JSONATA) && s.has("QueryLanguage")
                && !s.get("QueryLanguage").asText().equals(JSONATA)) {
            throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at + "/QueryLanguage",
                    "A JSONata state machine cannot contain JSONPath states");
        }
        boolean jsonata = ql.equals(JSONATA);
        if (jsonata) {
            for (String f : new String[]{"InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector",
                    "ItemsPath"}) {
                if (s.has(f)) {
                    throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at + "/" + f,
                            "The field '" + f + "' is not supported by the JSONata query language");
                }
            }
            compileJsonata(s, at);
        } else {
            for (String f : new String[]{"Arguments", "Output", "Items"}) {
                if (s.has(f)) {
                    throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at + "/" + f,
                            "The field '" + f + "' is only supported by the JSONata query language");
                }
            }
            for (String f : new String[]{"InputPath", "OutputPath", "ItemsPath", "SecondsPath", "TimestampPath",
                    "ErrorPath", "CausePath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "MaxConcurrencyPath",
                    "ToleratedFailureCountPath", "ToleratedFailurePercentagePath"}) {
                if (s.has(f) && !s.get(f).isNull()) {
                    pathField(s.get(f), at + "/" + f, false);
                }
            }
            if (s.has("ResultPath") && !s.get("ResultPath").isNull()) {
                pathField(s.get("ResultPath"), at + "/ResultPath", true);
            }
            for (String f : new String[]{"Parameters", "ResultSelector", "ItemSelector", "Assign"}) {
                if (s.has(f)) {
                    template(s.get(f), at + "/" + f);
                }
            }
        }
        boolean terminal = type.equals("Choice") || type.equals("Succeed") || type.equals("Fail");
        if (!terminal) {
            boolean end = s.path("End").asBoolean(false);
            JsonNode next = s.get("Next");
            if (end && next != null) {
                throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at + "/Next",
                        "Next and End are mutually exclusive");
            }
            if (!end) {
                if (next == null) {
                    throw new DefinitionException("MISSING_TRANSITION_TARGET", at,
                            "State '" + name + "' must have either 'Next' or 'End: true'");
                }
                target(block, next, at + "/Next");
            }
        }
        switch (type) {
            case "Task" -> {
                JsonNode resource = s.get("Resource");
                if (resource == null || !resource.isTextual()) {
                    throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at + "/Resource",
                            "These fields are required: [Resource]");
                }
                if (!resources.test(resource.asText())) {
                    throw new DefinitionException("INVALID_RESOURCE", at + "/Resource",
                            "Resource type not valid or not supported: " + resource.asText());
                }
            }
            case "Choice" -> {
                JsonNode choices = s.get("Choices");
                if (choices == null || !choices.isArray() || choices.isEmpty()) {
                    throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at + "/Choices",
                            "These fields are required: [Choices]");
                }
                for (int i = 0; i < choices.size(); i++) {
                    JsonNode rule = choices.get(i);
                    String rat = at + "/Choices/" + i;
                    target(block, rule.get("Next"), rat + "/Next");
                    if (jsonata) {
                        JsonNode condition = rule.get("Condition");
                        if (condition == null || !(condition.isBoolean() || JsonataExpr.isExpression(condition))) {
                            throw new DefinitionException("SCHEMA_VALIDATION_FAILED", rat + "/Condition",
                                    "A JSONata Choice rule needs a Condition expression");
                        }
                    } else {
                        choiceRule(rule, rat, true);
                        if (rule.has("Assign")) {
                            template(rule.get("Assign"), rat + "/Assign");
                        }
                    }
                }
                if (s.has("Default")) {
                    target(block, s.get("Default"), at + "/Default");
                }
            }
            case "Wait" -> {
                int n = 0;
                for (String f : new String[]{"Seconds", "Timestamp", "SecondsPath", "TimestampPath"}) {
                    n += s.has(f) ? 1 : 0;
                }
                if (n != 1) {
                    throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at,
                            "A Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath");
                }
            }
            case "Parallel" -> {
                JsonNode branches = s.get("Branches");
                if (branches == null || !branches.isArray() || branches.isEmpty()) {
                    throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at + "/Branches",
                            "These fields are required: [Branches]");
                }
                for (int i = 0; i < branches.size(); i++) {
                    block(branches.get(i), at + "/Branches/" + i, inheritedQl, resources);
                }
            }
            case "Map" -> {
                String field = s.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
                JsonNode processor = s.get(field);
                if (processor == null || !processor.isObject()) {
                    throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at + "/ItemProcessor",
                            "These fields are required: [ItemProcessor]");
                }
                block(processor, at + "/" + field, inheritedQl, resources);
                if (s.has("ItemReader")) {
                    String r = s.get("ItemReader").path("Resource").asText("");
                    if (!r.startsWith("arn:aws:states:::s3:")) {
                        throw new DefinitionException("INVALID_RESOURCE", at + "/ItemReader/Resource",
                                "Resource type not valid or not supported: " + r);
                    }
                }
            }
            default -> {
            }
        }
        retryCatch(block, s, at, jsonata);
    }

    private void retryCatch(Block block, ObjectNode s, String at, boolean jsonata) {
        JsonNode retry = s.get("Retry");
        if (retry != null) {
            for (int i = 0; i < retry.size(); i++) {
                errorEquals(retry.get(i), at + "/Retry/" + i);
                JsonNode jitter = retry.get(i).get("JitterStrategy");
                if (jitter != null && !Set.of("FULL", "NONE").contains(jitter.asText())) {
                    throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at + "/Retry/" + i + "/JitterStrategy",
                            "JitterStrategy must be FULL or NONE");
                }
            }
        }
        JsonNode katch = s.get("Catch");
        if (katch != null) {
            for (int i = 0; i < katch.size(); i++) {
                errorEquals(katch.get(i), at + "/Catch/" + i);
                target(block, katch.get(i).get("Next"), at + "/Catch/" + i + "/Next");
                if (!jsonata && katch.get(i).has("ResultPath") && !katch.get(i).get("ResultPath").isNull()) {
                    pathField(katch.get(i).get("ResultPath"), at + "/Catch/" + i + "/ResultPath", true);
                }
            }
        }
    }

    private static void errorEquals(JsonNode rule, String at) {
        JsonNode eq = rule.get("ErrorEquals");
        if (eq == null || !eq.isArray() || eq.isEmpty()) {
            throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at + "/ErrorEquals",
                    "These fields are required: [ErrorEquals]");
        }
    }

    private static void target(Block block, JsonNode next, String at) {
        if (next == null || !next.isTextual()) {
            throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at, "A 'Next' state name is required");
        }
        if (!block.states().containsKey(next.asText())) {
            throw new DefinitionException("MISSING_TRANSITION_TARGET", at, "Missing 'Next' target: " + next.asText());
        }
    }

    private void pathField(JsonNode value, String at, boolean reference) {
        if (!value.isTextual()) {
            throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at, "The value must be a JSONPath string");
        }
        try {
            PathExpr p = path(value.asText());
            if (reference && !p.isDefinite()) {
                throw new DefinitionException("INVALID_JSON_PATH", at,
                        "The value for the field must be a valid Reference Path: " + value.asText());
            }
        } catch (IllegalArgumentException e) {
            throw new DefinitionException("INVALID_JSON_PATH", at, "Invalid JSONPath '" + value.asText() + "': "
                    + e.getMessage());
        }
    }

    /** JSONPath payload templates: keys ending in .$ hold a path or an intrinsic function. */
    private void template(JsonNode node, String at) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String fat = at + "/" + e.getKey();
                if (e.getKey().endsWith(".$")) {
                    if (!e.getValue().isTextual()) {
                        throw new DefinitionException("SCHEMA_VALIDATION_FAILED", fat,
                                "The value of a field ending in '.$' must be a JSONPath or intrinsic function");
                    }
                    String v = e.getValue().asText();
                    try {
                        if (Intrinsics.looksLikeCall(v)) {
                            call(v);
                        } else {
                            path(v);
                        }
                    } catch (IllegalArgumentException ex) {
                        throw new DefinitionException("INVALID_JSON_PATH", fat, ex.getMessage());
                    }
                } else {
                    template(e.getValue(), fat);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                template(node.get(i), at + "/" + i);
            }
        }
    }

    private void choiceRule(JsonNode rule, String at, boolean top) {
        if (rule.has("And") || rule.has("Or")) {
            JsonNode list = rule.has("And") ? rule.get("And") : rule.get("Or");
            for (int i = 0; i < list.size(); i++) {
                choiceRule(list.get(i), at + (rule.has("And") ? "/And/" : "/Or/") + i, false);
            }
        } else if (rule.has("Not")) {
            choiceRule(rule.get("Not"), at + "/Not", false);
        } else {
            JsonNode var = rule.get("Variable");
            if (var == null) {
                throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at + "/Variable",
                        "These fields are required: [Variable]");
            }
            pathField(var, at + "/Variable", false);
            boolean found = false;
            for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (ChoiceRules.OPERATORS.contains(f)) {
                    found = true;
                    if (f.endsWith("Path")) {
                        pathField(rule.get(f), at + "/" + f, false);
                    }
                }
            }
            if (!found) {
                throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at,
                        "A Choice rule needs a comparison operator");
            }
        }
    }

    private void compileJsonata(JsonNode node, String at) {
        if (node.isTextual() && JsonataExpr.isExpression(node.textValue())) {
            try {
                jsonata(node.textValue());
            } catch (IllegalArgumentException e) {
                throw new DefinitionException("SCHEMA_VALIDATION_FAILED", at, e.getMessage());
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                // Nested state machines are validated as their own blocks.
                if (!e.getKey().equals("Branches") && !e.getKey().equals("ItemProcessor")
                        && !e.getKey().equals("Iterator")) {
                    compileJsonata(e.getValue(), at + "/" + e.getKey());
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                compileJsonata(node.get(i), at + "/" + i);
            }
        }
    }
}
