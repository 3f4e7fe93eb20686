package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled JSONPath reference as ASL uses it: {@code $...} on the input, {@code $$...} on the context object, or
 * {@code $name...} on a workflow variable. Evaluation is Jayway JsonPath's.
 */
public final class PathExpr {
    private static final Configuration CONF = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .build();

    enum Root { INPUT, CONTEXT, VARIABLE }

    private final String text;
    private final Root root;
    private final String variable;
    private final JsonPath path; // null = the whole root value

    private PathExpr(String text, Root root, String variable, JsonPath path) {
        this.text = text;
        this.root = root;
        this.variable = variable;
        this.path = path;
    }

    /** @throws IllegalArgumentException with the JsonPath parser's message when the path is malformed */
    public static PathExpr compile(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("The value for the field must be a valid JSONPath: " + text);
        }
        checkBrackets(text);
        try {
            if (text.startsWith("$$")) {
                String rest = text.substring(2);
                return new PathExpr(text, Root.CONTEXT, null, rest.isEmpty() ? null : JsonPath.compile("$" + rest));
            }
            if (text.length() > 1 && isNameStart(text.charAt(1))) {
                int end = 1;
                while (end < text.length() && isNamePart(text.charAt(end))) {
                    end++;
                }
                String rest = text.substring(end);
                return new PathExpr(text, Root.VARIABLE, text.substring(1, end),
                        rest.isEmpty() ? null : JsonPath.compile("$" + rest));
            }
            return new PathExpr(text, Root.INPUT, null, text.equals("$") ? null : JsonPath.compile(text));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Jayway silently accepts an unclosed '[' (e.g. "$.a["); AWS rejects it, so do we. */
    private static void checkBrackets(String text) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && --depth < 0) {
                break;
            }
        }
        if (depth != 0 || quote != 0) {
            throw new IllegalArgumentException("Unbalanced brackets or quotes in JSONPath: " + text);
        }
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    public String text() {
        return text;
    }

    boolean isContext() {
        return root == Root.CONTEXT;
    }

    /**
     * Reads the value. Definite paths that find nothing throw {@link NotFound}; indefinite paths yield an array.
     */
    public JsonNode read(JsonNode input, Scope scope) {
        JsonNode base;
        switch (root) {
            case CONTEXT -> base = scope.context();
            case VARIABLE -> {
                base = scope.variable(variable);
                if (base == null) {
                    throw new NotFound(text, "Variable '" + variable + "' is not defined");
                }
            }
            default -> base = input;
        }
        if (path == null) {
            return base;
        }
        try {
            return toNode(path.read(base, CONF));
        } catch (PathNotFoundException e) {
            throw new NotFound(text, e.getMessage());
        } catch (RuntimeException e) {
            // Jayway reports type mismatches (e.g. a property of an array) with assorted exceptions.
            throw new NotFound(text, e.getMessage());
        }
    }

    static JsonNode toNode(Object value) {
        if (value == null) {
            return NullNode.instance;
        }
        if (value instanceof JsonNode n) {
            return n;
        }
        if (value instanceof BigDecimal d) {
            return Json.NODES.numberNode(d);
        }
        if (value instanceof Double || value instanceof Float) {
            return Json.NODES.numberNode(new BigDecimal(value.toString()));
        }
        if (value instanceof List<?> list) {
            ArrayNode a = Json.array();
            list.forEach(v -> a.add(toNode(v)));
            return a;
        }
        return Json.fromJava(value);
    }

    /**
     * Returns a copy of {@code target} with {@code value} stored at this reference path, creating missing objects on
     * the way (ResultPath semantics).
     */
    public JsonNode writeInto(JsonNode target, JsonNode value) {
        if (root != Root.INPUT) {
            throw new IllegalStateException("ResultPath must reference the state input: " + text);
        }
        if (path == null) {
            return value;
        }
        List<Object> segments = segments();
        JsonNode copy = target == null || !target.isContainerNode() ? Json.object() : target.deepCopy();
        if (!copy.isObject() && !(segments.get(0) instanceof Integer)) {
            copy = Json.object();
        }
        JsonNode current = copy;
        for (int i = 0; i < segments.size(); i++) {
            Object seg = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (seg instanceof Integer idx) {
                if (!current.isArray() || idx >= current.size()) {
                    throw new NotFound(text, "Unable to write to index " + idx);
                }
                ArrayNode arr = (ArrayNode) current;
                if (last) {
                    arr.set(idx, value);
                } else {
                    JsonNode next = arr.get(idx);
                    if (!next.isContainerNode()) {
                        next = Json.object();
                        arr.set(idx, next);
                    }
                    current = next;
                }
            } else {
                if (!current.isObject()) {
                    throw new NotFound(text, "Unable to write field " + seg + " into a non-object");
                }
                ObjectNode obj = (ObjectNode) current;
                if (last) {
                    obj.set((String) seg, value);
                } else {
                    JsonNode next = obj.get((String) seg);
                    if (next == null || !next.isContainerNode()) {
                        next = Json.object();
                        obj.set((String) seg, next);
                    }
                    current = next;
                }
            }
        }
        return copy;
    }

    /** Segments of a definite path from Jayway's normalised form, e.g. {@code $['a']['b'][0]}. */
    private List<Object> segments() {
        String norm = path.getPath();
        List<Object> out = new ArrayList<>();
        int i = 1;
        while (i < norm.length()) {
            if (norm.charAt(i) != '[') {
                throw new IllegalArgumentException("not a reference path: " + text);
            }
            if (norm.charAt(i + 1) == '\'') {
                StringBuilder sb = new StringBuilder();
                int j = i + 2;
                while (norm.charAt(j) != '\'') {
                    if (norm.charAt(j) == '\\') {
                        j++;
                    }
                    sb.append(norm.charAt(j++));
                }
                out.add(sb.toString());
                i = j + 2;
            } else {
                int close = norm.indexOf(']', i);
                out.add(Integer.parseInt(norm.substring(i + 1, close).trim()));
                i = close + 1;
            }
        }
        return out;
    }

    /** Whether this is a reference path (definite: no wildcards, filters, slices or deep scans). */
    public boolean isDefinite() {
        return path == null || path.isDefinite();
    }

    @Override
    public String toString() {
        return text;
    }

    /** A path that selected nothing. */
    public static final class NotFound extends RuntimeException {
        private final String pathText;

        NotFound(String pathText, String message) {
            super(message, null, false, false);
            this.pathText = pathText;
        }

        public String path() {
            return pathText;
        }
    }
}
