package dam.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.clock.LocalClock;
import dam.local.dynamodb.Streams;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import dam.local.edge.ServiceProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda event source mappings for DynamoDB streams: the Create/Get/List/Update/DeleteEventSourceMapping API, a
 * {@link StreamPoller} per mapping, and the mappings with their checkpoints persisted in one JSON file so a restart
 * resumes where each left off.
 *
 * <p>It answers for the "lambda" service in front of the {@link LambdaProvider} (the edge has one provider per
 * service): event-source-mapping paths are handled here, everything else is the Lambda provider's.
 */
public final class EventSourceMappings implements ServiceProvider {

    private static final Logger LOG = LoggerFactory.getLogger(EventSourceMappings.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/2015-03-31/event-source-mappings";
    private static final Pattern COLLECTION = Pattern.compile(PREFIX + "/?");
    private static final Pattern ONE = Pattern.compile(PREFIX + "/([^/]+)/?");

    private final LambdaProvider lambda;
    private final Streams streams;
    private final LocalClock clock;
    private final Path file;
    private final FailureDestination destination;
    private final Map<String, StreamPoller> pollers = new LinkedHashMap<>(); // guarded by this
    private boolean closed; // guarded by this

    /**
     * Loads the mappings saved in {@code file} and starts their pollers.
     *
     * @param destination where discarded batches' failure records go (the SQS provider)
     */
    public EventSourceMappings(LambdaProvider lambda, Streams streams, LocalClock clock, Path file,
                               FailureDestination destination) {
        this.lambda = lambda;
        this.streams = streams;
        this.clock = clock;
        this.file = file;
        this.destination = destination;
        load();
        streams.addListener(this::recordsAdded);
    }

    @Override
    public Set<String> serviceNames() {
        return lambda.serviceNames();
    }

    @Override
    public Set<String> targetPrefixes() {
        return lambda.targetPrefixes();
    }

    @Override
    public AwsResponse handle(AwsRequest request) throws Exception {
        if (!request.path().startsWith(PREFIX)) {
            return lambda.handle(request);
        }
        String method = request.method();
        Matcher m;
        if (COLLECTION.matcher(request.path()).matches()) {
            return switch (method) {
                case "POST" -> json(202, create(body(request)));
                case "GET" -> json(200, list(query(request.rawQuery())));
                default -> throw AwsException.unknownOperation(method + " " + request.path());
            };
        }
        if ((m = ONE.matcher(request.path())).matches()) {
            String uuid = decode(m.group(1));
            return switch (method) {
                case "GET" -> json(200, get(uuid));
                case "PUT" -> json(202, update(uuid, body(request)));
                case "DELETE" -> json(202, delete(uuid));
                default -> throw AwsException.unknownOperation(method + " " + request.path());
            };
        }
        throw AwsException.unknownOperation(method + " " + request.path());
    }

    // ---- Java API (the deployer) ----

    /**
     * Creates the mapping, or updates the one between the same function and stream (a redeploy of the template).
     *
     * @return its UUID
     */
    public synchronized String upsert(JsonNode request) {
        String function = MappingConfig.functionName(request.path("FunctionName").asText(""));
        String source = request.path("EventSourceArn").asText("");
        Optional<StreamPoller> existing = pollers.values().stream()
                .filter(p -> p.config().functionName().equals(function)
                        && p.config().eventSourceArn().equals(source))
                .findFirst();
        if (existing.isPresent()) {
            return update(existing.get().config().uuid(), request).path("UUID").asText();
        }
        return create(request).path("UUID").asText();
    }

    public synchronized Optional<MappingConfig> mapping(String uuid) {
        return Optional.ofNullable(pollers.get(uuid)).map(StreamPoller::config);
    }

    /** The last sequence number the mapping finished (0 before its first batch from the trim horizon). */
    public synchronized long checkpoint(String uuid) {
        return poller(uuid).checkpoint();
    }

    /**
     * Whether every enabled mapping has finished all records its stream holds now (tests and demos await this
     * instead of sleeping: "the projection is up to date").
     */
    public synchronized boolean allCaughtUp() {
        for (StreamPoller p : pollers.values()) {
            MappingConfig c = p.config();
            if (c.enabled() && streams.exists(c.eventSourceArn())
                    && p.checkpoint() < streams.latestSequence(c.eventSourceArn())) {
                return false;
            }
        }
        return true;
    }

    public static String arn(String uuid) {
        return MappingConfig.arn(uuid);
    }

    // ---- API actions ----

    synchronized ObjectNode create(JsonNode request) {
        requireOpen();
        MappingConfig config = MappingConfig.create(UUID.randomUUID().toString(), request, clock.instant());
        requireFunction(config.functionName());
        if (!streams.exists(config.eventSourceArn())) {
            throw MappingConfig.invalid("Stream not found: " + config.eventSourceArn());
        }
        for (StreamPoller p : pollers.values()) {
            if (p.config().functionName().equals(config.functionName())
                    && p.config().eventSourceArn().equals(config.eventSourceArn())) {
                throw new AwsException("ResourceConflictException", "The event source arn ("
                        + config.eventSourceArn() + ") and function (" + config.functionName()
                        + ") provided mapping already exists. Please update or delete the existing mapping with UUID "
                        + p.config().uuid(), 409);
            }
        }
        // LATEST: records from now on; TRIM_HORIZON: everything still retained
        long start = config.startingPosition().equals("LATEST") ? streams.latestSequence(config.eventSourceArn())
                : 0;
        StreamPoller poller = newPoller(config, start);
        pollers.put(config.uuid(), poller);
        save();
        poller.start();
        LOG.info("event source mapping {}: {} → {} (batch {}, {})", config.uuid(), config.eventSourceArn(),
                config.functionName(), config.batchSize(), config.startingPosition());
        return describe(poller);
    }

    synchronized ObjectNode get(String uuid) {
        return describe(poller(uuid));
    }

    synchronized ObjectNode list(Map<String, String> query) {
        String source = query.get("EventSourceArn");
        String function = query.containsKey("FunctionName") ? MappingConfig.functionName(query.get("FunctionName"))
                : null;
        List<StreamPoller> matching = new ArrayList<>();
        for (StreamPoller p : pollers.values()) {
            if ((source == null || p.config().eventSourceArn().equals(source))
                    && (function == null || p.config().functionName().equals(function))) {
                matching.add(p);
            }
        }
        int start = 0;
        if (query.containsKey("Marker")) {
            try {
                start = Integer.parseInt(query.get("Marker"));
            } catch (NumberFormatException e) {
                throw MappingConfig.invalid("Invalid marker: " + query.get("Marker"));
            }
        }
        int max = query.containsKey("MaxItems") ? Math.max(1, Integer.parseInt(query.get("MaxItems"))) : 100;
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("EventSourceMappings");
        int end = Math.min(matching.size(), start + max);
        for (StreamPoller p : matching.subList(Math.min(start, matching.size()), end)) {
            list.add(describe(p));
        }
        if (end < matching.size()) {
            out.put("NextMarker", Integer.toString(end));
        }
        return out;
    }

    synchronized ObjectNode update(String uuid, JsonNode request) {
        requireOpen();
        StreamPoller poller = poller(uuid);
        MappingConfig next = poller.config().updated(request, clock.instant());
        requireFunction(next.functionName());
        poller.configure(next);
        save();
        return describe(poller);
    }

    synchronized ObjectNode delete(String uuid) {
        StreamPoller poller = poller(uuid);
        poller.stop();
        pollers.remove(uuid);
        save();
        ObjectNode out = describe(poller);
        out.put("State", "Deleting");
        return out;
    }

    // ---- pollers ----

    private StreamPoller newPoller(MappingConfig config, long checkpoint) {
        return new StreamPoller(config, checkpoint, lambda, streams, clock, destination, this::checkpointed);
    }

    private void recordsAdded(String streamArn) {
        List<StreamPoller> toWake = new ArrayList<>();
        synchronized (this) {
            for (StreamPoller p : pollers.values()) {
                if (p.config().eventSourceArn().equals(streamArn)) {
                    toWake.add(p);
                }
            }
        }
        toWake.forEach(StreamPoller::wake);
    }

    private synchronized void checkpointed(String uuid, long checkpoint) {
        if (pollers.containsKey(uuid)) {
            save();
        }
    }

    private ObjectNode describe(StreamPoller p) {
        MappingConfig c = p.config();
        return c.toJson(JSON, c.enabled() ? "Enabled" : "Disabled", p.lastResult());
    }

    private StreamPoller poller(String uuid) {
        StreamPoller p = pollers.get(uuid);
        if (p == null) {
            throw new AwsException("ResourceNotFoundException", "The resource you requested does not exist. "
                    + "(Event source mapping " + uuid + ")", 404);
        }
        return p;
    }

    private void requireFunction(String name) {
        if (lambda.function(name).isEmpty()) {
            throw new AwsException("ResourceNotFoundException", "Function does not exist: "
                    + LambdaProvider.functionArn(name), 404);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new AwsException("ServiceException", "the local Lambda service is stopped", 500);
        }
    }

    // ---- persistence ----

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            for (JsonNode n : root.path("mappings")) {
                MappingConfig config = JSON.treeToValue(n.path("config"), MappingConfig.class);
                StreamPoller poller = newPoller(config, n.path("checkpoint").asLong());
                pollers.put(config.uuid(), poller);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read event source mappings from " + file, e);
        }
        pollers.values().forEach(StreamPoller::start);
        LOG.info("resumed {} event source mapping(s) from {}", pollers.size(), file);
    }

    /** Caller holds this. Written to a temporary file and moved, so a crash leaves the old or the new state. */
    private void save() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("mappings");
        for (StreamPoller p : pollers.values()) {
            ObjectNode n = list.addObject();
            n.set("config", JSON.valueToTree(p.config()));
            n.put("checkpoint", p.checkpoint());
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write event source mappings to " + file, e);
        }
    }

    // ---- HTTP helpers ----

    private static JsonNode body(AwsRequest request) {
        try {
            JsonNode node = request.body() == null || request.body().length == 0 ? null
                    : JSON.readTree(request.body());
            if (node == null || !node.isObject()) {
                throw MappingConfig.invalid("The request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw MappingConfig.invalid("The request body is not valid JSON: " + e.getMessage());
        }
    }

    private static AwsResponse json(int status, ObjectNode body) throws IOException {
        return new AwsResponse(status, "application/json", Map.of(), JSON.writeValueAsBytes(body));
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            params.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return params;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Stops the pollers (a batch in flight finishes first, bounded); the Lambda provider is closed by its owner. */
    @Override
    public void close() {
        List<StreamPoller> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(pollers.values());
        }
        all.forEach(StreamPoller::stop);
        all.forEach(p -> p.join(Duration.ofSeconds(10)));
    }
}
