package dam.local.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the CloudFormation intrinsic functions CDK emits: Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select,
 * Fn::Split, Fn::If (with the template's conditions) and the pseudo parameters.
 */
final class Intrinsics {

    private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, String> pseudo;
    private final Function<String, Resolved> resources;
    private final Function<String, Boolean> conditions;

    Intrinsics(Map<String, String> pseudo, Function<String, Resolved> resources, Function<String, Boolean> conditions) {
        this.pseudo = pseudo;
        this.resources = resources;
        this.conditions = conditions;
    }

    boolean resolveCondition(String name) {
        return conditions.apply(name);
    }

    /** Logical ids a value refers to (for ordering the deployment). */
    static Set<String> references(JsonNode node) {
        Set<String> out = new TreeSet<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, Set<String> out) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            if (node.size() == 1 && node.has("Ref") && node.get("Ref").isTextual()) {
                String ref = node.get("Ref").asText();
                if (!ref.startsWith("AWS::")) {
                    out.add(ref);
                }
                return;
            }
            if (node.size() == 1 && node.has("Fn::GetAtt")) {
                JsonNode ga = node.get("Fn::GetAtt");
                out.add(ga.isArray() ? ga.get(0).asText() : ga.asText().split("\\.")[0]);
                return;
            }
            if (node.size() == 1 && node.has("Fn::Sub")) {
                JsonNode sub = node.get("Fn::Sub");
                String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
                Matcher m = SUB_VAR.matcher(text);
                while (m.find()) {
                    String name = m.group(1).split("\\.")[0];
                    if (!name.startsWith("AWS::") && !(sub.isArray() && sub.get(1).has(m.group(1)))) {
                        out.add(name);
                    }
                }
                if (sub.isArray()) {
                    collect(sub.get(1), out);
                }
                return;
            }
            node.fields().forEachRemaining(e -> collect(e.getValue(), out));
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }

    JsonNode resolve(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : node) {
                JsonNode r = resolve(item);
                if (!isNoValue(r)) {
                    out.add(r);
                }
            }
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        if (node.size() == 1) {
            String fn = node.fieldNames().next();
            JsonNode arg = node.get(fn);
            switch (fn) {
                case "Ref":
                    return TextNode.valueOf(ref(arg.asText()));
                case "Fn::GetAtt":
                    return TextNode.valueOf(getAtt(arg));
                case "Fn::Join":
                    return join(arg);
                case "Fn::Sub":
                    return TextNode.valueOf(sub(arg));
                case "Fn::Select":
                    return resolve(arg.get(1)).get(resolve(arg.get(0)).asInt());
                case "Fn::Split": {
                    ArrayNode parts = JsonNodeFactory.instance.arrayNode();
                    for (String p : resolve(arg.get(1)).asText().split(Pattern.quote(arg.get(0).asText()), -1)) {
                        parts.add(p);
                    }
                    return parts;
                }
                case "Fn::If":
                    return resolve(conditions.apply(arg.get(0).asText()) ? arg.get(1) : arg.get(2));
                case "Fn::GetAZs":
                    return JsonNodeFactory.instance.arrayNode().add(pseudo.get("AWS::Region") + "a");
                default:
                    if (fn.startsWith("Fn::")) {
                        throw new DeployException("unsupported intrinsic function " + fn);
                    }
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode r = resolve(e.getValue());
            if (!isNoValue(r)) {
                out.set(e.getKey(), r);
            }
        }
        return out;
    }

    private static boolean isNoValue(JsonNode n) {
        return n != null && n.isTextual() && n.asText().equals("AWS::NoValue");
    }

    private String ref(String name) {
        if (name.equals("AWS::NoValue")) {
            return "AWS::NoValue";
        }
        if (name.startsWith("AWS::")) {
            String v = pseudo.get(name);
            if (v == null) {
                throw new DeployException("unsupported pseudo parameter " + name);
            }
            return v;
        }
        return resolved(name).ref();
    }

    private String getAtt(JsonNode arg) {
        String id;
        String attr;
        if (arg.isArray()) {
            id = arg.get(0).asText();
            attr = resolve(arg.get(1)).asText();
        } else {
            String[] parts = arg.asText().split("\\.", 2);
            id = parts[0];
            attr = parts[1];
        }
        String v = resolved(id).attributes().get(attr);
        if (v == null) {
            throw new DeployException("attribute " + attr + " of " + id + " is not available locally");
        }
        return v;
    }

    private Resolved resolved(String logicalId) {
        Resolved r = resources.apply(logicalId);
        if (r == null) {
            throw new DeployException("reference to unknown or not yet deployed resource " + logicalId);
        }
        return r;
    }

    private JsonNode join(JsonNode arg) {
        String sep = arg.get(0).asText();
        StringBuilder sb = new StringBuilder();
        JsonNode items = resolve(arg.get(1));
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(sep);
            }
            sb.append(items.get(i).asText());
        }
        return TextNode.valueOf(sb.toString());
    }

    private String sub(JsonNode arg) {
        String text = arg.isArray() ? arg.get(0).asText() : arg.asText();
        JsonNode vars = arg.isArray() ? resolve(arg.get(1)) : null;
        Matcher m = SUB_VAR.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if (vars != null && vars.has(name)) {
                value = vars.get(name).asText();
            } else if (name.contains(".")) {
                String[] parts = name.split("\\.", 2);
                value = resolved(parts[0]).attributes().get(parts[1]);
            } else {
                value = ref(name);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        // ${!Literal} escapes a literal ${Literal}.
        return sb.toString().replace("${!", "${");
    }
}
