package dam.aws.observe;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Powertools-style structured logs and EMF metrics for one function, without the Powertools dependency: each
 * invocation writes JSON lines to stdout (one object per line, which CloudWatch Logs Insights parses) with timestamp,
 * level, message, service, function name/version, cold start, request id, X-Ray trace id and a correlation id taken
 * from the event ({@link Correlation}); metrics are written at the end of the invocation as one CloudWatch Embedded
 * Metric Format line in namespace {@value #NAMESPACE} with the dimension {@code service}, which CloudWatch turns into
 * metrics with no API call.
 *
 * <p>A handler keeps one instance (a field) and wraps its body:
 * <pre>{@code
 * byte[] raw = input.readAllBytes();
 * Outcome o = telemetry.run(context, raw, log -> { Outcome r = handle(raw); log.count(Metrics.BRIEFS_CREATED); return r; });
 * }</pre>
 * Secrets stay out ({@link Redaction}): fields named like tokens/nonces are redacted, token-like text is scrubbed.
 */
public final class Telemetry {

    public static final String NAMESPACE = "Dam";
    /** The Java runtime sets this system property per invocation (the environment variable only holds init's). */
    static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";

    private final String service;
    private final Map<String, String> environment;
    private final Supplier<String> traceHeader;
    private final Consumer<String> sink;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicBoolean coldStart = new AtomicBoolean(true);
    private final Level threshold;

    /** Writes to stdout; function facts from the Lambda environment. */
    public Telemetry(String service) {
        this(service, System.getenv(), () -> System.getProperty(TRACE_PROPERTY, System.getenv("_X_AMZN_TRACE_ID")),
                System.out::println, Clock.systemUTC());
    }

    Telemetry(String service, Map<String, String> environment, Supplier<String> traceHeader, Consumer<String> sink,
              Clock clock) {
        if (service == null || !service.matches("[a-z][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("service must be a lower-case name like 'brief-intake', got '"
                    + service + "'");
        }
        this.service = service;
        this.environment = Map.copyOf(environment);
        this.traceHeader = Objects.requireNonNull(traceHeader, "traceHeader");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        // Lambda's advanced logging controls set AWS_LAMBDA_LOG_LEVEL when the log format is JSON.
        this.threshold = Level.parse(environment.getOrDefault("AWS_LAMBDA_LOG_LEVEL", "INFO"));
    }

    /** The work of one invocation, given its logger. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Invocation log) throws IOException;
    }

    /**
     * Runs one invocation: failures are logged at ERROR (type and scrubbed message) and rethrown unchanged, so Lambda
     * still retries them; metrics are flushed whatever happens.
     */
    public <T> T run(Context context, byte[] event, Work<T> work) throws IOException {
        return run(context, parse(event), work);
    }

    public <T> T run(Context context, JsonNode event, Work<T> work) throws IOException {
        try (Invocation log = start(context, event)) {
            try {
                return work.apply(log);
            } catch (IOException | RuntimeException | Error e) {
                log.error("invocation failed", e);
                throw e;
            }
        }
    }

    /** Starts an invocation explicitly; close it to flush its metrics. */
    public Invocation start(Context context, JsonNode event) {
        Invocation.Facts facts = new Invocation.Facts(service,
                context != null ? context.getFunctionName() : environment.get("AWS_LAMBDA_FUNCTION_NAME"),
                context != null ? context.getFunctionVersion() : environment.get("AWS_LAMBDA_FUNCTION_VERSION"),
                context != null ? context.getAwsRequestId() : null,
                traceId(traceHeader.get()),
                Correlation.from(event),
                coldStart.getAndSet(false));
        return new Invocation(facts, json, sink, clock, threshold);
    }

    /** The event as JSON for the correlation id; an unreadable event has none (the handler reports it). */
    private JsonNode parse(byte[] event) {
        try {
            return event == null || event.length == 0 ? null : json.readTree(event);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** "Root=1-abc-def;Parent=…;Sampled=1" → "1-abc-def". */
    static String traceId(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            if (part.startsWith("Root=")) {
                return part.substring(5);
            }
        }
        return null;
    }

    /** Log levels, in order. */
    public enum Level {
        DEBUG, INFO, WARN, ERROR;

        static Level parse(String value) {
            return switch (value.trim().toUpperCase(java.util.Locale.ROOT)) {
                case "TRACE", "DEBUG" -> DEBUG;
                case "WARN", "WARNING" -> WARN;
                case "ERROR", "FATAL" -> ERROR;
                default -> INFO;
            };
        }
    }
}
