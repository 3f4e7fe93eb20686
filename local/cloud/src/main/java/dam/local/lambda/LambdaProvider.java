package dam.local.lambda;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.clock.LocalClock;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import dam.local.edge.ServiceProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local Lambda service. Each function runs in worker JVMs started on demand, each running the unmodified AWS
 * runtime interface client against a Lambda Runtime API served by this provider on loopback — so a function gets its
 * own environment variables, heap limit, serialization and crash isolation, as in AWS.
 *
 * <p>Java API for the deployer ({@link #deploy}, {@link #invoke}, {@link #invokeAsync}) and the REST API the SDK's
 * LambdaClient uses (Invoke, GetFunction, GetFunctionConfiguration, ListFunctions, DeleteFunction).
 *
 * <p>Timeouts run on real time (they bound real CPU work); async retry back-off runs on the {@link LocalClock}.
 */
public final class LambdaProvider implements ServiceProvider {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";
    static final int MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
    static final int MAX_ASYNC_PAYLOAD = 256 * 1024;
    /** How long a synchronous caller waits for a free worker before it is throttled, unless told otherwise. */
    private static final Duration SYNC_QUEUE_WAIT = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(LambdaProvider.class);
    private static final Pattern FUNCTIONS = Pattern.compile("/2015-03-31/functions/?");
    private static final Pattern FUNCTION = Pattern.compile("/2015-03-31/functions/([^/]+)/?");
    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations/?");
    private static final Pattern CONFIGURATION = Pattern.compile("/2015-03-31/functions/([^/]+)/configuration/?");
    private static final DateTimeFormatter LAST_MODIFIED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private final LocalClock clock;
    private final Path stateDir;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final Map<String, FunctionPool> functions = new ConcurrentHashMap<>();
    private final Map<String, FunctionLog> logs = new ConcurrentHashMap<>();
    private final ExecutorService httpExecutor = Executors.newCachedThreadPool(daemon("lambda-runtime-api"));
    private final ExecutorService eventExecutor = Executors.newCachedThreadPool(daemon("lambda-worker-exit"));
    private final ExecutorService asyncExecutor = Executors.newCachedThreadPool(daemon("lambda-async"));
    private final Worker.Launch launch;
    private final Duration syncQueueWait;
    private final AsyncInvoker async;
    private volatile boolean closed;

    public LambdaProvider(LocalClock clock, Path stateDir, URI edgeEndpoint, FailureSink failures) {
        this(clock, stateDir, edgeEndpoint, failures, SYNC_QUEUE_WAIT);
    }

    /** @param syncQueueWait how long a synchronous invoke waits for a free worker before TooManyRequestsException */
    public LambdaProvider(LocalClock clock, Path stateDir, URI edgeEndpoint, FailureSink failures,
                          Duration syncQueueWait) {
        this.clock = clock;
        this.syncQueueWait = syncQueueWait;
        this.stateDir = stateDir;
        // The runtime API answers with small header and body writes: without TCP_NODELAY, Nagle + delayed ACK add
        // ~40 ms to each /next and /response. The JDK server reads this once, when it is first used in the JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        RuntimeDistribution runtime = RuntimeDistribution.locate(stateDir.resolve("lambda").resolve("runtime"));
        this.launch = new Worker.Launch(runtime, edgeEndpoint, httpExecutor, eventExecutor);
        this.async = new AsyncInvoker(clock, asyncExecutor, failures, functions::get);
    }

    public static String functionArn(String name) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
    }

    /**
     * Creates or replaces a function. A replaced function's idle workers stop now and its busy ones when they
     * finish; the next event starts a worker on the new code. Deploying the same configuration and code again
     * changes nothing (workers stay warm across a re-deploy of an unchanged template).
     *
     * @throws IllegalArgumentException when the code cannot be used (nothing is changed then)
     */
    public void deploy(FunctionConfig config) {
        requireOpen();
        Path functionsDir = stateDir.resolve("lambda").resolve("functions");
        FunctionCode code = FunctionCode.prepare(config.name(), config.code(), functionsDir);
        FunctionPool current = this.functions.get(config.name());
        if (current != null && current.config().equals(config) && current.code().sha256().equals(code.sha256())) {
            LOG.info("{} unchanged: its workers stay warm", config.name());
            return;
        }
        FunctionLog log = logs.computeIfAbsent(config.name(),
                name -> new FunctionLog(stateDir.resolve("logs").resolve(name + ".log")));
        ClassDataSharing cds = ClassDataSharing.forFunction(stateDir.resolve("lambda").resolve("cds"), code,
                launch.runtime(), eventExecutor, log);
        FunctionPool pool = new FunctionPool(config, functionArn(config.name()), code, launch, log, clock.instant(),
                cds);
        FunctionPool previous = this.functions.put(config.name(), pool);
        if (previous != null) {
            previous.retire();
        }
        LOG.info("deployed {} ({} from {}, {} MB, {} s, up to {} workers)", config.name(), config.handler(),
                code.source(), config.memoryMb(), config.timeoutSeconds(), config.maxWorkers());
    }

    /** Removes a function; returns false if there was none. Busy workers finish their event first. */
    public boolean delete(String nameOrArn) {
        FunctionPool removed = functions.remove(functionName(nameOrArn));
        if (removed != null) {
            removed.close();
        }
        return removed != null;
    }

    public Optional<FunctionConfig> function(String nameOrArn) {
        return Optional.ofNullable(functions.get(functionName(nameOrArn))).map(FunctionPool::config);
    }

    public List<String> functionNames() {
        return functions.keySet().stream().sorted().toList();
    }

    /** Synchronous (RequestResponse) invocation; function errors come back in the result, not as exceptions. */
    public InvokeResult invoke(String nameOrArn, byte[] payload) {
        return invoke(nameOrArn, payload, null);
    }

    /** @param clientContext the client context JSON, or null */
    public InvokeResult invoke(String nameOrArn, byte[] payload, String clientContext) {
        requireOpen();
        FunctionPool pool = pool(nameOrArn);
        checkPayload(payload, MAX_SYNC_PAYLOAD);
        try {
            return pool.invoke(UUID.randomUUID().toString(), payload, clientContext, syncQueueWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsException("ServiceException", "invocation interrupted: the local cloud is stopping", 500, e);
        }
    }

    /** Asynchronous (Event) invocation: queued, retried, then sent to the failure targets. Returns the request id. */
    public String invokeAsync(String nameOrArn, byte[] payload) {
        requireOpen();
        FunctionPool pool = pool(nameOrArn);
        checkPayload(payload, MAX_ASYNC_PAYLOAD);
        String requestId = UUID.randomUUID().toString();
        async.submit(requestId, pool.config().name(), payload);
        return requestId;
    }

    public Optional<AsyncStatus> asyncStatus(String requestId) {
        return async.status(requestId);
    }

    /** Asynchronous events not yet finished (queued, running or waiting for a retry). */
    public int pendingAsync() {
        return async.pending();
    }

    public FunctionStats stats(String nameOrArn) {
        return pool(nameOrArn).stats();
    }

    public Path logFile(String nameOrArn) {
        return pool(nameOrArn).logFile();
    }

    /**
     * Stops the function's idle workers, as Lambda reclaims idle execution environments: the next invoke is a cold
     * start. Busy workers finish their event. Returns how many were stopped.
     */
    public int stopIdleWorkers(String nameOrArn) {
        return pool(nameOrArn).stopIdleWorkers();
    }

    /** The function's class data archive (whether written yet or not), empty when its code cannot use one. */
    public Optional<Path> classDataArchive(String nameOrArn) {
        return Optional.ofNullable(pool(nameOrArn).classDataSharing().archive());
    }

    @Override
    public Set<String> serviceNames() {
        return Set.of("lambda");
    }

    @Override
    public AwsResponse handle(AwsRequest request) throws Exception {
        String path = request.path();
        String method = request.method();
        Matcher m;
        if ((m = INVOKE.matcher(path)).matches() && method.equals("POST")) {
            return invokeApi(request, m.group(1));
        }
        if ((m = CONFIGURATION.matcher(path)).matches() && method.equals("GET")) {
            return json(200, configuration(qualified(request, m.group(1))));
        }
        if (FUNCTIONS.matcher(path).matches() && method.equals("GET")) {
            return listFunctions(request);
        }
        if ((m = FUNCTION.matcher(path)).matches() && method.equals("GET")) {
            return getFunction(qualified(request, m.group(1)));
        }
        if ((m = FUNCTION.matcher(path)).matches() && method.equals("DELETE")) {
            if (!delete(qualified(request, m.group(1)).config().name())) {
                throw notFound(decode(m.group(1)));
            }
            return new AwsResponse(204, AwsResponse.AMZ_JSON_1_1, Map.of(), new byte[0]);
        }
        throw AwsException.unknownOperation(method + " " + path);
    }

    private AwsResponse invokeApi(AwsRequest request, String rawName) throws IOException {
        FunctionPool pool = qualified(request, rawName);
        String type = Optional.ofNullable(request.header("X-Amz-Invocation-Type")).orElse("RequestResponse");
        byte[] payload = request.body() == null ? new byte[0] : request.body();
        switch (type) {
            case "DryRun" -> {
                checkPayload(payload, MAX_SYNC_PAYLOAD);
                return new AwsResponse(204, "application/json", Map.of(), new byte[0]);
            }
            case "Event" -> {
                String id = invokeAsync(pool.config().name(), payload);
                return new AwsResponse(202, "application/json", Map.of("x-amzn-RequestId", id), new byte[0]);
            }
            case "RequestResponse" -> {
                InvokeResult result = invoke(pool.config().name(), payload, clientContext(request));
                Map<String, String> headers = new HashMap<>();
                headers.put("x-amzn-RequestId", result.requestId());
                headers.put("X-Amz-Executed-Version", "$LATEST");
                if (result.failed()) {
                    headers.put("X-Amz-Function-Error", result.functionError());
                }
                if ("Tail".equals(request.header("X-Amz-Log-Type"))) {
                    headers.put("X-Amz-Log-Result", Base64.getEncoder().encodeToString(
                            result.logTail().getBytes(StandardCharsets.UTF_8)));
                }
                return new AwsResponse(200, "application/json", headers, result.payload());
            }
            default -> throw AwsException.validation("1 validation error detected: Value '" + type
                    + "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[Event, RequestResponse, DryRun]");
        }
    }

    private String clientContext(AwsRequest request) {
        String encoded = request.header("X-Amz-Client-Context");
        if (encoded == null) {
            return null;
        }
        try {
            String context = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            json.readTree(context);
            return context;
        } catch (IllegalArgumentException | IOException e) {
            throw new AwsException("InvalidRequestContentException",
                    "Client context must be a valid Base64-encoded JSON object.", 400);
        }
    }

    private AwsResponse getFunction(FunctionPool pool) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.set("Configuration", configuration(pool));
        ObjectNode code = root.putObject("Code");
        code.put("RepositoryType", "S3");
        code.put("Location", pool.code().source().toUri().toString());
        root.putObject("Concurrency").put("ReservedConcurrentExecutions", pool.config().maxWorkers());
        return json(200, root);
    }

    private AwsResponse listFunctions(AwsRequest request) throws IOException {
        Map<String, String> query = query(request.rawQuery());
        List<String> names = functionNames();
        int start = 0;
        if (query.containsKey("Marker")) {
            try {
                start = Integer.parseInt(query.get("Marker"));
            } catch (NumberFormatException e) {
                throw new AwsException("InvalidParameterValueException", "Invalid marker", 400);
            }
        }
        int max = query.containsKey("MaxItems") ? Math.max(1, Integer.parseInt(query.get("MaxItems"))) : 50;
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("Functions");
        int end = Math.min(names.size(), start + max);
        for (String name : names.subList(Math.min(start, names.size()), end)) {
            FunctionPool pool = functions.get(name);
            if (pool != null) {
                list.add(configuration(pool));
            }
        }
        if (end < names.size()) {
            root.put("NextMarker", Integer.toString(end));
        }
        return json(200, root);
    }

    private ObjectNode configuration(FunctionPool pool) {
        FunctionConfig config = pool.config();
        ObjectNode node = json.createObjectNode();
        node.put("FunctionName", config.name());
        node.put("FunctionArn", pool.arn());
        node.put("Runtime", config.runtime());
        node.put("Role", "arn:aws:iam::" + ACCOUNT + ":role/" + config.name() + "-role");
        node.put("Handler", config.handler());
        node.put("CodeSize", pool.code().size());
        node.put("CodeSha256", pool.code().sha256());
        node.put("Description", "");
        node.put("Timeout", config.timeoutSeconds());
        node.put("MemorySize", config.memoryMb());
        node.put("LastModified", LAST_MODIFIED.format(pool.lastModified()));
        node.put("Version", "$LATEST");
        node.put("PackageType", "Zip");
        node.put("State", "Active");
        node.put("LastUpdateStatus", "Successful");
        node.putArray("Architectures").add("x86_64");
        node.putObject("TracingConfig").put("Mode", "PassThrough");
        node.putObject("EphemeralStorage").put("Size", 512);
        ObjectNode variables = node.putObject("Environment").putObject("Variables");
        config.environment().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> variables.put(e.getKey(), e.getValue()));
        if (config.deadLetterArn() != null) {
            node.putObject("DeadLetterConfig").put("TargetArn", config.deadLetterArn());
        }
        return node;
    }

    /** The function a path names, refusing qualifiers other than $LATEST (no versions or aliases locally). */
    private FunctionPool qualified(AwsRequest request, String rawName) {
        String qualifier = query(request.rawQuery()).get("Qualifier");
        if (qualifier != null && !qualifier.equals("$LATEST")) {
            throw new AwsException("ResourceNotFoundException", "Function not found: "
                    + functionArn(functionName(decode(rawName))) + ":" + qualifier
                    + " (the local cloud serves $LATEST only)", 404);
        }
        return pool(decode(rawName));
    }

    private FunctionPool pool(String nameOrArn) {
        FunctionPool pool = functions.get(functionName(nameOrArn));
        if (pool == null) {
            throw notFound(nameOrArn);
        }
        return pool;
    }

    private static AwsException notFound(String nameOrArn) {
        return new AwsException("ResourceNotFoundException", "Function not found: "
                + functionArn(functionName(nameOrArn)), 404);
    }

    /**
     * A function name from any of the forms Lambda accepts: name, name:qualifier, full ARN, partial ARN
     * (account:function:name). Qualifiers other than $LATEST are refused.
     */
    static String functionName(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isBlank()) {
            throw AwsException.validation("function name is required");
        }
        String[] parts = nameOrArn.split(":");
        String name;
        String qualifier = null;
        if (nameOrArn.startsWith("arn:") && parts.length >= 7 && parts[5].equals("function")) {
            name = parts[6];
            qualifier = parts.length > 7 ? parts[7] : null;
        } else if (parts.length >= 3 && parts[1].equals("function")) {
            name = parts[2];
            qualifier = parts.length > 3 ? parts[3] : null;
        } else if (parts.length <= 2) {
            name = parts[0];
            qualifier = parts.length == 2 ? parts[1] : null;
        } else {
            throw AwsException.validation("not a function name or ARN: " + nameOrArn);
        }
        if (qualifier != null && !qualifier.equals("$LATEST")) {
            throw new AwsException("ResourceNotFoundException", "Function not found: " + functionArn(name) + ":"
                    + qualifier + " (the local cloud serves $LATEST only)", 404);
        }
        return name;
    }

    /** Invoke accepts JSON only, as Lambda does. */
    private void checkPayload(byte[] payload, int limit) {
        if (payload.length > limit) {
            throw new AwsException("RequestTooLargeException", "Request must be smaller than " + limit
                    + " bytes for the InvokeFunction operation", 413);
        }
        if (payload.length == 0) {
            return;
        }
        try {
            json.readTree(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AwsException("InvalidRequestContentException", "Could not parse request body into json: "
                    + e.getOriginalMessage(), 400);
        } catch (IOException e) {
            throw new AwsException("InvalidRequestContentException", "Could not read request body: " + e, 400);
        }
    }

    private AwsResponse json(int status, ObjectNode body) throws IOException {
        return new AwsResponse(status, "application/json", Map.of(), json.writeValueAsBytes(body));
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            params.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return params;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private void requireOpen() {
        if (closed) {
            throw new AwsException("ServiceException", "the local Lambda service is stopped", 500);
        }
    }

    /** Kills every worker (and what it started) and stops the runtime API servers. */
    @Override
    public void close() {
        closed = true;
        asyncExecutor.shutdownNow();
        List<FunctionPool> pools = new ArrayList<>(functions.values());
        functions.clear();
        pools.forEach(FunctionPool::close);
        pools.forEach(pool -> pool.awaitWorkersGone(Duration.ofSeconds(5)));
        httpExecutor.shutdownNow();
        eventExecutor.shutdown();
        logs.values().forEach(FunctionLog::close);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
