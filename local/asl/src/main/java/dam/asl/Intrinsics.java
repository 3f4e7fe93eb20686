package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The {@code States.*} intrinsic functions of JSONPath states: a parsed call tree evaluated against the state input.
 * This is ASL's own small call syntax, not JSONPath; the path arguments inside it are evaluated by {@link PathExpr}.
 */
public final class Intrinsics {
    private static final Set<String> NAMES = Set.of("States.Format", "States.StringToJson", "States.JsonToString",
            "States.Array", "States.ArrayPartition", "States.ArrayContains", "States.ArrayRange",
            "States.ArrayGetItem", "States.ArrayLength", "States.ArrayUnique", "States.Base64Encode",
            "States.Base64Decode", "States.Hash", "States.JsonMerge", "States.MathRandom", "States.MathAdd",
            "States.StringSplit", "States.UUID");

    private Intrinsics() {
    }

    public static boolean looksLikeCall(String text) {
        return text.startsWith("States.");
    }

    /** A parsed expression: literal, path or call. */
    public sealed interface Expr permits Literal, Path, Call {
        JsonNode eval(JsonNode input, Scope scope, Supplier<Random> random);
    }

    record Literal(JsonNode value) implements Expr {
        public JsonNode eval(JsonNode input, Scope scope, Supplier<Random> random) {
            return value;
        }
    }

    record Path(PathExpr path) implements Expr {
        public JsonNode eval(JsonNode input, Scope scope, Supplier<Random> random) {
            return path.read(input, scope);
        }
    }

    record Call(String name, List<Expr> args, String text) implements Expr {
        public JsonNode eval(JsonNode input, Scope scope, Supplier<Random> random) {
            List<JsonNode> values = new ArrayList<>(args.size());
            for (Expr a : args) {
                values.add(a.eval(input, scope, random));
            }
            try {
                return apply(name, values, random);
            } catch (StateFailure e) {
                throw e;
            } catch (RuntimeException e) {
                throw new StateFailure(Errors.RUNTIME, "The function " + text + " failed: " + e.getMessage());
            }
        }
    }

    /** @throws IllegalArgumentException for malformed syntax, unknown functions or wrong argument counts */
    public static Call parse(String text) {
        Parser p = new Parser(text);
        Expr e = p.expr();
        p.skipWs();
        if (p.pos != text.length() || !(e instanceof Call call)) {
            throw new IllegalArgumentException("The value for the field must be a valid intrinsic function: " + text);
        }
        return call;
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        void skipWs() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        Expr expr() {
            skipWs();
            if (pos >= s.length()) {
                throw new IllegalArgumentException("unexpected end of intrinsic function: " + s);
            }
            char c = s.charAt(pos);
            if (c == '\'') {
                return new Literal(Json.NODES.textNode(string()));
            }
            if (c == '$') {
                return new Path(PathExpr.compile(pathText()));
            }
            if (s.startsWith("States.", pos)) {
                int start = pos;
                int open = s.indexOf('(', pos);
                if (open < 0) {
                    throw new IllegalArgumentException("missing '(' in " + s);
                }
                String name = s.substring(pos, open).trim();
                if (!NAMES.contains(name)) {
                    throw new IllegalArgumentException("Unsupported intrinsic function: " + name);
                }
                pos = open + 1;
                List<Expr> args = new ArrayList<>();
                skipWs();
                if (pos < s.length() && s.charAt(pos) == ')') {
                    pos++;
                } else {
                    while (true) {
                        args.add(expr());
                        skipWs();
                        if (pos >= s.length()) {
                            throw new IllegalArgumentException("missing ')' in " + s);
                        }
                        char d = s.charAt(pos++);
                        if (d == ')') {
                            break;
                        }
                        if (d != ',') {
                            throw new IllegalArgumentException("unexpected '" + d + "' in " + s);
                        }
                    }
                }
                checkArity(name, args.size());
                return new Call(name, args, s.substring(start, pos));
            }
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ')') {
                pos++;
            }
            String lit = s.substring(start, pos).trim();
            try {
                JsonNode v = Json.parse(lit);
                if (v.isContainerNode() || v.isTextual()) {
                    throw new IllegalArgumentException("bad literal");
                }
                return new Literal(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid intrinsic function argument '" + lit + "' in " + s, e);
            }
        }

        String string() {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) {
                    char n = s.charAt(pos++);
                    // Escapes keep the backslash for the template braces, so States.Format can tell \{ from {.
                    if (n == '{' || n == '}') {
                        sb.append('\\');
                    }
                    sb.append(n);
                } else if (c == '\'') {
                    return sb.toString();
                } else {
                    sb.append(c);
                }
            }
            throw new IllegalArgumentException("unterminated string in " + s);
        }

        String pathText() {
            int start = pos;
            int depth = 0;
            char quote = 0;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '[' || c == '(') {
                    depth++;
                } else if (c == ']' || c == ')') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (c == ',' && depth == 0) {
                    break;
                }
                pos++;
            }
            return s.substring(start, pos).trim();
        }
    }

    private static void checkArity(String name, int n) {
        boolean ok = switch (name) {
            case "States.Format" -> n >= 1;
            case "States.Array" -> true;
            case "States.UUID" -> n == 0;
            case "States.StringToJson", "States.JsonToString", "States.ArrayLength", "States.ArrayUnique",
                    "States.Base64Encode", "States.Base64Decode" -> n == 1;
            case "States.ArrayPartition", "States.ArrayContains", "States.ArrayGetItem", "States.Hash",
                    "States.MathAdd", "States.StringSplit" -> n == 2;
            case "States.ArrayRange", "States.JsonMerge" -> n == 3;
            case "States.MathRandom" -> n == 2 || n == 3;
            default -> false;
        };
        if (!ok) {
            throw new IllegalArgumentException("The function " + name + " was given the wrong number of arguments ("
                    + n + ")");
        }
    }

    static JsonNode apply(String name, List<JsonNode> a, Supplier<Random> random) {
        switch (name) {
            case "States.Format":
                return Json.NODES.textNode(format(text(a.get(0), name), a.subList(1, a.size())));
            case "States.StringToJson":
                return Json.parse(text(a.get(0), name));
            case "States.JsonToString":
                return Json.NODES.textNode(Json.write(a.get(0)));
            case "States.Array": {
                ArrayNode out = Json.array();
                a.forEach(out::add);
                return out;
            }
            case "States.ArrayPartition": {
                ArrayNode arr = array(a.get(0), name);
                int size = integer(a.get(1), name);
                if (size <= 0) {
                    throw new IllegalArgumentException("chunk size must be positive");
                }
                ArrayNode out = Json.array();
                ArrayNode chunk = null;
                for (JsonNode item : arr) {
                    if (chunk == null || chunk.size() == size) {
                        chunk = out.addArray();
                    }
                    chunk.add(item);
                }
                return out;
            }
            case "States.ArrayContains": {
                for (JsonNode item : array(a.get(0), name)) {
                    if (Values.equal(item, a.get(1))) {
                        return Json.NODES.booleanNode(true);
                    }
                }
                return Json.NODES.booleanNode(false);
            }
            case "States.ArrayRange": {
                int start = integer(a.get(0), name);
                int end = integer(a.get(1), name);
                int step = integer(a.get(2), name);
                if (step == 0) {
                    throw new IllegalArgumentException("step must not be zero");
                }
                ArrayNode out = Json.array();
                for (long i = start; step > 0 ? i <= end : i >= end; i += step) {
                    out.add(i);
                    if (out.size() > 1000) {
                        throw new IllegalArgumentException("the range exceeds 1000 elements");
                    }
                }
                return out;
            }
            case "States.ArrayGetItem": {
                ArrayNode arr = array(a.get(0), name);
                int idx = integer(a.get(1), name);
                if (idx < 0 || idx >= arr.size()) {
                    throw new IllegalArgumentException("index " + idx + " out of bounds");
                }
                return arr.get(idx);
            }
            case "States.ArrayLength":
                return Json.NODES.numberNode(array(a.get(0), name).size());
            case "States.ArrayUnique": {
                ArrayNode out = Json.array();
                for (JsonNode item : array(a.get(0), name)) {
                    boolean seen = false;
                    for (JsonNode o : out) {
                        seen |= Values.equal(o, item);
                    }
                    if (!seen) {
                        out.add(item);
                    }
                }
                return out;
            }
            case "States.Base64Encode":
                return Json.NODES.textNode(Base64.getEncoder()
                        .encodeToString(text(a.get(0), name).getBytes(StandardCharsets.UTF_8)));
            case "States.Base64Decode":
                return Json.NODES.textNode(new String(Base64.getDecoder().decode(text(a.get(0), name)),
                        StandardCharsets.UTF_8));
            case "States.Hash": {
                String data = a.get(0).isTextual() ? a.get(0).textValue() : Json.write(a.get(0));
                String alg = text(a.get(1), name);
                if (!Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512").contains(alg)) {
                    throw new IllegalArgumentException("unsupported hash algorithm " + alg);
                }
                try {
                    byte[] digest = MessageDigest.getInstance(alg).digest(data.getBytes(StandardCharsets.UTF_8));
                    return Json.NODES.textNode(HexFormat.of().formatHex(digest));
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
            case "States.JsonMerge": {
                if (!a.get(0).isObject() || !a.get(1).isObject()) {
                    throw new IllegalArgumentException("both arguments must be JSON objects");
                }
                if (!a.get(2).isBoolean() || a.get(2).booleanValue()) {
                    throw new IllegalArgumentException("only shallow merge (false) is supported");
                }
                ObjectNode out = ((ObjectNode) a.get(0)).deepCopy();
                for (Iterator<Map.Entry<String, JsonNode>> it = a.get(1).fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.set(e.getKey(), e.getValue());
                }
                return out;
            }
            case "States.MathRandom": {
                int start = number(a.get(0), name).intValue();
                int end = number(a.get(1), name).intValue();
                Random r = a.size() == 3 ? new Random(integer(a.get(2), name)) : random.get();
                if (end <= start) {
                    throw new IllegalArgumentException("end must be greater than start");
                }
                return Json.NODES.numberNode(start + r.nextInt(end - start));
            }
            case "States.MathAdd": {
                long x = roundHalfUp(number(a.get(0), name));
                long y = roundHalfUp(number(a.get(1), name));
                return Json.NODES.numberNode(x + y);
            }
            case "States.StringSplit": {
                String str = text(a.get(0), name);
                String delims = text(a.get(1), name);
                ArrayNode out = Json.array();
                StringBuilder cur = new StringBuilder();
                for (char c : str.toCharArray()) {
                    if (delims.indexOf(c) >= 0) {
                        if (cur.length() > 0) {
                            out.add(cur.toString());
                        }
                        cur.setLength(0);
                    } else {
                        cur.append(c);
                    }
                }
                if (cur.length() > 0) {
                    out.add(cur.toString());
                }
                return out;
            }
            case "States.UUID":
                return Json.NODES.textNode(randomUuid(random.get()));
            default:
                throw new IllegalArgumentException("Unsupported intrinsic function: " + name);
        }
    }

    private static String randomUuid(Random r) {
        byte[] bytes = new byte[16];
        r.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (bytes[i] & 0xff);
            lsb = (lsb << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }

    /** Java Math.round semantics (half up, towards positive infinity), as AWS applies to MathAdd operands. */
    private static long roundHalfUp(BigDecimal v) {
        return v.add(new BigDecimal("0.5")).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private static String format(String template, List<JsonNode> args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '\\' && i + 1 < template.length()) {
                out.append(template.charAt(++i));
            } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                if (next >= args.size()) {
                    throw new IllegalArgumentException("more placeholders than arguments");
                }
                out.append(javaStyle(args.get(next++), true));
                i++;
            } else {
                out.append(c);
            }
        }
        if (next != args.size()) {
            throw new IllegalArgumentException("the number of arguments does not match the placeholders");
        }
        return out.toString();
    }

    /** Renders a value as Java's Map/List toString does (AWS's Format output for objects). */
    static String javaStyle(JsonNode v, boolean top) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(javaStyle(x, false)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v.isObject()) {
            List<String> parts = new ArrayList<>();
            v.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + javaStyle(e.getValue(), false)));
            return "{" + String.join(", ", parts) + "}";
        }
        return v.toString();
    }

    private static String text(JsonNode v, String fn) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException("expected a string argument but got " + Json.typeName(v));
        }
        return v.textValue();
    }

    private static ArrayNode array(JsonNode v, String fn) {
        if (!v.isArray()) {
            throw new IllegalArgumentException("expected an array argument but got " + Json.typeName(v));
        }
        return (ArrayNode) v;
    }

    private static BigDecimal number(JsonNode v, String fn) {
        if (!v.isNumber()) {
            throw new IllegalArgumentException("expected a number argument but got " + Json.typeName(v));
        }
        return v.decimalValue();
    }

    private static int integer(JsonNode v, String fn) {
        BigDecimal d = number(v, fn);
        try {
            return d.stripTrailingZeros().intValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("expected an integer argument but got " + d);
        }
    }

    static JsonNode nullNode() {
        return NullNode.instance;
    }
}
