package dam.events;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * JSON Schemas (draft 2020-12) of every DAM event, by EventBridge detail-type, validating an event's {@code detail}.
 * Schemas are loaded once from the classpath ({@code dam/events/schemas/<kebab-case detail-type>.schema.json}; their
 * {@code $id}s under {@value #ID_PREFIX} resolve to the same folder, so shared definitions work offline).
 * Thread-safe; build one per process.
 */
public final class EventSchemas {

    public static final String ID_PREFIX = "https://dam.example/events/";
    private static final String SCHEMAS = "dam/events/schemas/";
    private static final String SAMPLES = "/dam/events/samples/";

    /** Detail-types with a schema. */
    public static final List<String> DETAIL_TYPES = List.of(
            "Command Create Brief", "Command Update Brief", "Command Rejected",
            "Brief Created", "Brief Changed", "Brief Submitted", "Brief Approved",
            "Asset Version Ingested", "Asset Version Rejected", "Command Submit Version",
            "Review Round Closed", "Asset Approved", "Command Decide Review", "Rights Changed",
            "Usage Term Changed", "Captions Changed",
            "Share Created", "Share Revoked",
            "Asset Published", "Asset Expired", "Asset Unpublish Requested", "Command Register Placement",
            "Bulk Job Progress", "Bulk Job Completed",
            "Asset Archived", "Asset Restored", "Asset Deleted");

    /**
     * One schema violation: the field in the detail ({@code brief.channels[1]}; for missing or unexpected properties
     * the property itself, {@code brief.colour}; {@code $} for the whole document), the schema keyword, and why.
     */
    public record Violation(String field, String keyword, String message) {
    }

    private final Map<String, Schema> schemas = new LinkedHashMap<>();

    private EventSchemas() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemaIdResolvers(r -> r.mapPrefix(ID_PREFIX, "classpath:" + SCHEMAS)));
        for (String type : DETAIL_TYPES) {
            Schema schema = registry.getSchema(SchemaLocation.of(ID_PREFIX + fileName(type) + ".schema.json"));
            schema.initializeValidators(); // resolve every $ref now: a broken schema fails at start, not per event
            schemas.put(type, schema);
        }
    }

    /** Loads and checks every schema. */
    public static EventSchemas load() {
        return new EventSchemas();
    }

    public Set<String> detailTypes() {
        return schemas.keySet();
    }

    public boolean knows(String detailType) {
        return schemas.containsKey(detailType);
    }

    /**
     * Validates an event detail (a JSON document) against the schema of its detail-type. Empty = valid. Malformed
     * JSON is reported as a violation too, never thrown.
     *
     * @throws IllegalArgumentException for a detail-type without a schema (ask {@link #knows} first)
     */
    public List<Violation> validate(String detailType, String detailJson) {
        Schema schema = schemas.get(detailType);
        if (schema == null) {
            throw new IllegalArgumentException("no schema for detail-type '" + detailType + "'");
        }
        List<Error> errors;
        try {
            errors = schema.validate(detailJson, InputFormat.JSON);
        } catch (RuntimeException e) {
            // The validator parses the input itself; a parse failure is the sender's fault, so report it as such.
            return List.of(new Violation("$", "json", "detail is not valid JSON: " + firstLine(e.getMessage())));
        }
        return errors.stream()
                .map(e -> new Violation(field(e), e.getKeyword(), e.getMessage()))
                .toList();
    }

    private static String field(Error e) {
        NodePath path = e.getInstanceLocation();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Number n) {
                sb.append('[').append(n).append(']');
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(element);
            }
        }
        if (e.getProperty() != null) {
            sb.append(sb.isEmpty() ? "" : ".").append(e.getProperty());
        }
        return sb.isEmpty() ? "$" : sb.toString();
    }

    /** The sample event (a whole EventBridge entry: source, detail-type, detail) for a detail-type, as JSON text. */
    public static Optional<String> sample(String detailType) {
        try (InputStream in = EventSchemas.class.getResourceAsStream(SAMPLES + fileName(detailType) + ".json")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "Command Create Brief" → "command-create-brief". */
    public static String fileName(String detailType) {
        return detailType.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
