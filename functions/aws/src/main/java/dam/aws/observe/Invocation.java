package dam.aws.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The logger and metrics of one invocation (see {@link Telemetry}). Fields are given as key/value pairs:
 * {@code log.info("version ingested", "assetId", id, "version", 3)}. Not shared between threads.
 */
public final class Invocation implements AutoCloseable {

    /** Keys every line carries; callers may not reuse them. */
    static final Set<String> RESERVED = Set.of("timestamp", "level", "message", "service", "cold_start",
            "function_name", "function_version", "function_request_id", "xray_trace_id", "correlation_id", "error",
            "_aws");
    static final int MAX_METRICS = 100; // EMF limit per directive
    private static final Pattern METRIC_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,254}");
    private static final int MAX_STACK_FRAMES = 12;

    record Facts(String service, String functionName, String functionVersion, String requestId, String traceId,
                 String correlationId, boolean coldStart) {
    }

    private final Facts facts;
    private final ObjectMapper json;
    private final Consumer<String> sink;
    private final Clock clock;
    private final Telemetry.Level threshold;
    private final Map<String, List<Double>> metrics = new LinkedHashMap<>();
    private final Map<String, MetricUnit> units = new LinkedHashMap<>();
    private boolean closed;

    Invocation(Facts facts, ObjectMapper json, Consumer<String> sink, Clock clock, Telemetry.Level threshold) {
        this.facts = facts;
        this.json = json;
        this.sink = sink;
        this.clock = clock;
        this.threshold = threshold;
    }

    public String correlationId() {
        return facts.correlationId();
    }

    public void debug(String message, Object... fields) {
        log(Telemetry.Level.DEBUG, message, null, fields);
    }

    public void info(String message, Object... fields) {
        log(Telemetry.Level.INFO, message, null, fields);
    }

    public void warn(String message, Object... fields) {
        log(Telemetry.Level.WARN, message, null, fields);
    }

    public void error(String message, Throwable failure, Object... fields) {
        log(Telemetry.Level.ERROR, message, failure, fields);
    }

    /** Adds 1 to a count metric. */
    public void count(String metric) {
        metric(metric, 1, MetricUnit.COUNT);
    }

    /** Records a value; several values of one metric in an invocation are sent as an EMF value array. */
    public void metric(String name, double value, MetricUnit unit) {
        if (name == null || !METRIC_NAME.matcher(name).matches() || RESERVED.contains(name)) {
            throw new IllegalArgumentException("invalid metric name '" + name + "'");
        }
        MetricUnit previous = units.putIfAbsent(name, unit);
        if (previous != null && previous != unit) {
            throw new IllegalArgumentException("metric " + name + " is in " + previous + ", not " + unit);
        }
        if (!metrics.containsKey(name) && metrics.size() == MAX_METRICS) {
            throw new IllegalStateException("more than " + MAX_METRICS + " metrics in one invocation");
        }
        metrics.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    /** Writes the EMF line (if any metric was recorded). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (metrics.isEmpty()) {
            return;
        }
        ObjectNode line = json.createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", Telemetry.NAMESPACE);
        directive.putArray("Dimensions").addArray().add("service");
        ArrayNode definitions = directive.putArray("Metrics");
        units.forEach((name, unit) -> definitions.addObject().put("Name", name).put("Unit", unit.cloudWatch()));
        line.put("service", facts.service());
        metrics.forEach((name, values) -> {
            if (values.size() == 1) {
                line.put(name, values.get(0));
            } else {
                ArrayNode array = line.putArray(name);
                values.forEach(array::add);
            }
        });
        // Not dimensions: searchable properties that tie the metric to its invocation's log lines.
        putIfPresent(line, "function_name", facts.functionName());
        putIfPresent(line, "function_request_id", facts.requestId());
        putIfPresent(line, "xray_trace_id", facts.traceId());
        putIfPresent(line, "correlation_id", facts.correlationId());
        write(line);
    }

    private void log(Telemetry.Level level, String message, Throwable failure, Object... fields) {
        if (level.compareTo(threshold) < 0) {
            return;
        }
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("log fields come in key/value pairs: " + Arrays.toString(fields));
        }
        ObjectNode line = json.createObjectNode();
        line.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        line.put("level", level.name());
        line.put("message", Redaction.scrub(message));
        line.put("service", facts.service());
        line.put("cold_start", facts.coldStart());
        putIfPresent(line, "function_name", facts.functionName());
        putIfPresent(line, "function_version", facts.functionVersion());
        putIfPresent(line, "function_request_id", facts.requestId());
        putIfPresent(line, "xray_trace_id", facts.traceId());
        putIfPresent(line, "correlation_id", facts.correlationId());
        for (int i = 0; i < fields.length; i += 2) {
            String key = String.valueOf(fields[i]);
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("log field '" + key + "' is reserved");
            }
            Object value = fields[i + 1];
            if (Redaction.isSecretKey(key)) {
                line.put(key, Redaction.REDACTED);
            } else if (value == null) {
                line.putNull(key);
            } else if (value instanceof Number || value instanceof Boolean) {
                line.set(key, json.valueToTree(value));
            } else {
                line.put(key, Redaction.scrub(value.toString()));
            }
        }
        if (failure != null) {
            ObjectNode error = line.putObject("error");
            error.put("name", failure.getClass().getName());
            error.put("message", Redaction.scrub(String.valueOf(failure.getMessage())));
            ArrayNode stack = error.putArray("stack");
            Arrays.stream(failure.getStackTrace()).limit(MAX_STACK_FRAMES).forEach(f -> stack.add(f.toString()));
        }
        write(line);
    }

    private static void putIfPresent(ObjectNode line, String key, String value) {
        if (value != null && !value.isBlank()) {
            line.put(key, value);
        }
    }

    private void write(ObjectNode line) {
        try {
            sink.accept(json.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a log line", e);
        }
    }
}
