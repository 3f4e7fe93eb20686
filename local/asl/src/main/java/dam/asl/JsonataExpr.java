package dam.asl;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/** One compiled JSONata expression from a {@code {% ... %}} string, evaluated with the dashjoin JSONata library. */
public final class JsonataExpr {
    private final String text;
    private final Jsonata compiled;

    private JsonataExpr(String text, Jsonata compiled) {
        this.text = text;
        this.compiled = compiled;
    }

    public static boolean isExpression(JsonNode node) {
        return node != null && node.isTextual() && isExpression(node.textValue());
    }

    public static boolean isExpression(String s) {
        return s.startsWith("{%") && s.endsWith("%}") && s.length() >= 4;
    }

    /** @throws IllegalArgumentException with the JSONata parser's message on a syntax error */
    public static JsonataExpr compile(String field) {
        String inner = field.substring(2, field.length() - 2).trim();
        try {
            Jsonata j = Jsonata.jsonata(inner);
            j.setOutputConvertNulls(false);
            return new JsonataExpr(inner, j);
        } catch (JException e) {
            throw new IllegalArgumentException("JSONata syntax error in '" + inner + "': " + e.getMessage(), e);
        }
    }

    public String text() {
        return text;
    }

    /** The {@code $states} reserved variable plus workflow variables. */
    public record Bindings(JsonNode input, JsonNode result, JsonNode errorOutput, JsonNode context, Scope scope,
                           Supplier<Random> random) {
    }

    /**
     * Evaluates for {@code field} (e.g. {@code Output/result}); undefined results and library errors become
     * States.QueryEvaluationError with AWS's wording.
     */
    public JsonNode eval(Bindings b, String field) {
        Object raw;
        synchronized (this) { // the library keeps per-evaluation state in the compiled expression
            Jsonata.Frame frame = compiled.createFrame();
            for (Map.Entry<String, JsonNode> v : b.scope().visibleVariables().entrySet()) {
                frame.bind(v.getKey(), Json.toJava(v.getValue()));
            }
            Map<String, Object> states = new java.util.LinkedHashMap<>();
            states.put("input", Json.toJava(b.input()));
            if (b.result() != null) {
                states.put("result", Json.toJava(b.result()));
            }
            if (b.errorOutput() != null) {
                states.put("errorOutput", Json.toJava(b.errorOutput()));
            }
            states.put("context", Json.toJava(b.context()));
            frame.bind("states", states);
            bindFunctions(frame, b.random());
            try {
                raw = compiled.evaluate(null, frame);
            } catch (JException e) {
                throw StateFailure.query("The JSONata expression '" + text + "' specified for the field '" + field
                        + "' threw an error during evaluation. " + (e.getError() == null ? "" : e.getError() + ": ")
                        + e.getMessage());
            } catch (RuntimeException e) {
                throw StateFailure.query("The JSONata expression '" + text + "' specified for the field '" + field
                        + "' threw an error during evaluation. " + e.getMessage());
            }
        }
        if (raw == null) {
            throw StateFailure.query("The JSONata expression '" + text + "' specified for the field '" + field
                    + "' returned nothing (undefined).");
        }
        try {
            return Json.fromJava(raw);
        } catch (Json.UnsupportedResultType | IllegalArgumentException e) {
            throw StateFailure.query("The JSONata expression '" + text + "' specified for the field '" + field
                    + "' returned an unsupported result type.");
        }
    }

    /** The functions Step Functions adds to JSONata. */
    private static void bindFunctions(Jsonata.Frame frame, Supplier<Random> random) {
        frame.bind("partition", Jsonata.function("partition", (Jsonata.FnVarArgs<Object>) args -> {
            List<?> arr = (List<?>) args.get(0);
            int size = ((Number) args.get(1)).intValue();
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < arr.size(); i += size) {
                out.add(new ArrayList<>(arr.subList(i, Math.min(arr.size(), i + size))));
            }
            return out;
        }, null));
        frame.bind("range", Jsonata.function("range", (Jsonata.FnVarArgs<Object>) args -> {
            long start = ((Number) args.get(0)).longValue();
            long end = ((Number) args.get(1)).longValue();
            long step = ((Number) args.get(2)).longValue();
            List<Object> out = new ArrayList<>();
            for (long i = start; step > 0 ? i <= end : i >= end; i += step) {
                out.add(i);
            }
            // JSONata sequences of one item are the item itself.
            return out.size() == 1 ? out.get(0) : out;
        }, null));
        frame.bind("hash", Jsonata.function("hash", (Jsonata.FnVarArgs<Object>) args -> {
            try {
                byte[] d = MessageDigest.getInstance(String.valueOf(args.get(1)))
                        .digest(String.valueOf(args.get(0)).getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(d);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalArgumentException("unsupported hash algorithm " + args.get(1), e);
            }
        }, null));
        frame.bind("random", Jsonata.function("random", (Jsonata.FnVarArgs<Object>) args ->
                args.isEmpty() ? random.get().nextDouble()
                        : new Random(((Number) args.get(0)).longValue()).nextDouble(), null));
        frame.bind("uuid", Jsonata.function("uuid", (Jsonata.FnVarArgs<Object>) args ->
                java.util.UUID.nameUUIDFromBytes(longBytes(random.get().nextLong())).toString(), null));
        frame.bind("parse", Jsonata.function("parse", (Jsonata.FnVarArgs<Object>) args -> {
            JsonNode parsed = Json.parse(String.valueOf(args.get(0)));
            if (parsed.isNumber()) {
                return new BigDecimal(parsed.asText()).doubleValue() == Math.rint(parsed.doubleValue())
                        ? (Object) parsed.decimalValue().longValue() : parsed.doubleValue();
            }
            return Json.toJava(parsed);
        }, null));
    }

    private static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }
}
