package dam.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ValidationException;
import dam.core.json.Json;
import jakarta.inject.Singleton;

/**
 * JSON in and out of the API, in the wire form of {@link Json#mapper()} (the same as events and table items).
 * Reading is strict — unknown fields, wrong types and numbers-for-strings are field errors, never silently dropped or
 * coerced. Writing escapes {@code < > & '} as {@code \\uXXXX}: the value is unchanged for any JSON parser, but a
 * response can never be sniffed or pasted into a page as markup.
 */
@Singleton
public final class ApiJson {

    private final ObjectMapper reader;
    private final ObjectMapper writer;

    public ApiJson() {
        reader = Json.mapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        for (CoercionInputShape shape : new CoercionInputShape[]{CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            reader.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        writer = Json.mapper();
        writer.getFactory().setCharacterEscapes(new HtmlSafeEscapes());
    }

    /** The request body as a JSON object; anything else is a 400 naming {@code body}. */
    public ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            throw invalid("body", Codes.REQUIRED, "a JSON object body is required");
        }
        JsonNode node;
        try {
            node = reader.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("body", Codes.INVALID, "the body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (node == null || !node.isObject()) {
            throw invalid("body", Codes.INVALID, "the body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Binds {@code node} to {@code type}; a mismatch becomes a field error at its JSON path (prefixed). */
    public <T> T read(JsonNode node, Class<T> type, String prefix) {
        try {
            return reader.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            throw invalid(path(prefix, e), Codes.INVALID, "unknown field");
        } catch (MismatchedInputException e) {
            throw invalid(path(prefix, e), Codes.INVALID, "wrong type: expected "
                    + describe(e.getTargetType()));
        } catch (JsonMappingException e) {
            throw invalid(path(prefix, e), Codes.INVALID, "cannot be read");
        } catch (JsonProcessingException e) {
            throw invalid(prefix == null ? "body" : prefix, Codes.INVALID, "cannot be read");
        }
    }

    /** Removes and checks {@code expectedVersion} (optimistic concurrency: required on every change). */
    public long takeExpectedVersion(ObjectNode node) {
        JsonNode v = node.remove("expectedVersion");
        if (v == null || v.isNull()) {
            throw invalid("expectedVersion", Codes.REQUIRED,
                    "expectedVersion (the version you read) is required");
        }
        if (!v.canConvertToExactIntegral() || !v.canConvertToLong() || v.asLong() < 1) {
            throw invalid("expectedVersion", Codes.INVALID, "expectedVersion must be a positive integer");
        }
        return v.asLong();
    }

    public String write(Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static ValidationException invalid(String field, String code, String message) {
        return new ValidationException(new FieldError(field, code, message));
    }

    /** "budget.lines[0].amount" from Jackson's reference chain. */
    private static String path(String prefix, JsonMappingException e) {
        StringBuilder sb = new StringBuilder(prefix == null ? "" : prefix);
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "an object";
    }

    /** JSON's own escapes plus {@code < > & '} as unicode escapes. */
    private static final class HtmlSafeEscapes extends CharacterEscapes {
        private final int[] escapes;

        HtmlSafeEscapes() {
            escapes = standardAsciiEscapesForJSON();
            for (char c : new char[]{'<', '>', '&', '\''}) {
                escapes[c] = ESCAPE_STANDARD;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
