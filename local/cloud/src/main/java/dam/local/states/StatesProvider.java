package dam.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.asl.DefinitionException;
import dam.asl.Engine;
import dam.asl.EngineClock;
import dam.asl.ExecutionInfo;
import dam.asl.ExecutionStatus;
import dam.asl.FileExecutionStore;
import dam.asl.HistoryEvent;
import dam.asl.Json;
import dam.asl.ObjectStorePort;
import dam.asl.StartRequest;
import dam.asl.TaskTokenException;
import dam.local.clock.LocalClock;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import dam.local.edge.ServiceProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Step Functions on the local edge (JSON 1.0, {@code X-Amz-Target: AWSStepFunctions.*}) backed by the dam-asl
 * engine. State machines and executions are journaled under {@code stateDir} and resume after a restart.
 */
public final class StatesProvider implements ServiceProvider {
    public static final String DEFAULT_ACCOUNT = "000000000000";
    public static final String DEFAULT_REGION = "us-east-1";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final Duration SYNC_WAIT = Duration.ofMinutes(5);

    /** A registered state machine; the definition is the text as given (ASL is stored verbatim). */
    record Machine(String arn, String name, String definition, String roleArn, String type, Instant created,
                   Instant updated) {
    }

    private final Path machinesFile;
    private final Map<String, Machine> machines = new LinkedHashMap<>();
    private final ExecutorService executor;
    private final Engine engine;

    private final java.util.concurrent.atomic.AtomicBoolean recovered = new java.util.concurrent.atomic.AtomicBoolean();

    /** Resumes the journaled executions at once (what a provider whose task targets already exist wants). */
    public StatesProvider(LocalClock clock, Path stateDir, Integrations integrations) {
        this(clock, stateDir, integrations, true);
    }

    /**
     * @param recoverNow false to resume journaled executions only on {@link #recoverExecutions()}: the local cloud
     *                   does so after its template is deployed again, because Lambda functions are not persisted —
     *                   a task resumed before the deploy fails with "Function not found" (found by the kill -9 test)
     */
    public StatesProvider(LocalClock clock, Path stateDir, Integrations integrations, boolean recoverNow) {
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + stateDir, e);
        }
        this.machinesFile = stateDir.resolve("state-machines.json");
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "states-engine");
            t.setDaemon(true);
            return t;
        });
        EngineClock engineClock = new EngineClock() {
            @Override
            public Instant now() {
                return clock.instant();
            }

            @Override
            public void schedule(Instant at, Runnable task) {
                clock.schedule(at, task);
            }
        };
        ObjectStorePort objects = new ObjectStorePort() {
            @Override
            public byte[] get(String bucket, String key) {
                return integrations.s3GetObject(bucket, key);
            }

            @Override
            public void put(String bucket, String key, byte[] body) {
                integrations.s3PutObject(bucket, key, body);
            }
        };
        this.engine = new Engine(engineClock, new StatesTaskHandler(integrations, this), objects,
                new FileExecutionStore(stateDir), executor, DEFAULT_REGION);
        loadMachines();
        if (recoverNow) {
            recoverExecutions();
        }
    }

    /**
     * Loads the journaled executions and resumes the running ones from their last persisted state (a task step that
     * was in flight runs again: handlers are idempotent). Only the first call does anything; returns how many resumed.
     */
    public int recoverExecutions() {
        if (!recovered.compareAndSet(false, true)) {
            return 0;
        }
        return engine.recover();
    }

    Engine engine() {
        return engine;
    }

    @Override
    public Set<String> serviceNames() {
        return Set.of("states");
    }

    @Override
    public Set<String> targetPrefixes() {
        return Set.of("AWSStepFunctions");
    }

    // ------------------------------------------------------------------ plain Java API (deployer, EventBridge)

    /** Creates (or, with an identical definition, returns) a state machine; returns its ARN. */
    public String createStateMachine(String name, String definitionJson, String roleArn) {
        return create(name, definitionJson, roleArn, "STANDARD").arn();
    }

    /** Starts an execution; {@code name} may be null (a UUID is used). */
    public ExecutionInfo startExecution(String stateMachineArn, String name, String inputJson) {
        Machine m = machine(stateMachineArn);
        String execName = name == null ? UUID.randomUUID().toString() : name;
        if (!NAME.matcher(execName).matches()) {
            throw new AwsException("InvalidName", "Invalid Name: '" + execName + "'", 400);
        }
        JsonNode input;
        try {
            input = Json.parse(inputJson == null ? "{}" : inputJson);
        } catch (IllegalArgumentException e) {
            throw new AwsException("InvalidExecutionInput", "Invalid State Machine Execution Input: '"
                    + e.getMessage() + "'", 400);
        }
        String execArn = m.arn().replace(":stateMachine:", ":execution:") + ":" + execName;
        synchronized (this) {
            var existing = engine.describe(execArn);
            if (existing.isPresent()) {
                // AWS: same name and input while running returns the running execution; otherwise the name is taken.
                ExecutionInfo e = existing.get();
                if (e.status() == ExecutionStatus.RUNNING && e.input().equals(input)) {
                    return e;
                }
                throw new AwsException("ExecutionAlreadyExists", "Execution Already Exists: '" + execArn + "'", 400);
            }
            return engine.start(new StartRequest(execArn, m.arn(), m.roleArn(), m.definition(), input));
        }
    }

    // ------------------------------------------------------------------ API dispatch

    @Override
    public AwsResponse handle(AwsRequest request) {
        String op = request.operation();
        JsonNode body;
        try {
            String text = request.body() == null || request.body().length == 0 ? "{}" : request.bodyText();
            body = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw AwsException.serialization("Malformed JSON request body: " + e.getMessage());
        }
        if (!body.isObject()) {
            throw AwsException.serialization("The request body must be a JSON object");
        }
        ObjectNode out = switch (op == null ? "" : op) {
            case "CreateStateMachine" -> createStateMachine(body);
            case "UpdateStateMachine" -> updateStateMachine(body);
            case "DescribeStateMachine" -> describeStateMachine(body);
            case "ListStateMachines" -> listStateMachines(body);
            case "DeleteStateMachine" -> deleteStateMachine(body);
            case "StartExecution" -> startExecution(body);
            case "StartSyncExecution" -> startSyncExecution(body);
            case "DescribeExecution" -> describeExecution(body);
            case "ListExecutions" -> listExecutions(body);
            case "GetExecutionHistory" -> history(body);
            case "StopExecution" -> stopExecution(body);
            case "SendTaskSuccess" -> sendTaskSuccess(body);
            case "SendTaskFailure" -> sendTaskFailure(body);
            case "SendTaskHeartbeat" -> sendTaskHeartbeat(body);
            default -> throw AwsException.unknownOperation(op);
        };
        return AwsResponse.json(AwsResponse.AMZ_JSON_1_0, Json.write(out));
    }

    private static String required(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw AwsException.validation("1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v.asText();
    }

    private ObjectNode createStateMachine(JsonNode body) {
        Machine m = create(required(body, "name"), required(body, "definition"), required(body, "roleArn"),
                body.path("type").asText("STANDARD"));
        ObjectNode out = Json.object();
        out.put("stateMachineArn", m.arn());
        out.put("creationDate", epochSeconds(m.created()));
        return out;
    }

    private synchronized Machine create(String name, String definition, String roleArn, String type) {
        if (!NAME.matcher(name).matches()) {
            throw new AwsException("InvalidName", "Invalid Name: '" + name + "'", 400);
        }
        if (!type.equals("STANDARD") && !type.equals("EXPRESS")) {
            throw AwsException.validation("Invalid type: " + type);
        }
        validate(definition);
        String arn = "arn:aws:states:" + DEFAULT_REGION + ":" + DEFAULT_ACCOUNT + ":stateMachine:" + name;
        Machine existing = machines.get(arn);
        if (existing != null) {
            if (existing.definition().equals(definition) && existing.roleArn().equals(roleArn)) {
                return existing;
            }
            throw new AwsException("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'", 400);
        }
        Instant now = engine.now();
        Machine m = new Machine(arn, name, definition, roleArn, type, now, now);
        machines.put(arn, m);
        saveMachines();
        return m;
    }

    private void validate(String definition) {
        try {
            engine.parse(definition);
        } catch (DefinitionException e) {
            throw new AwsException("InvalidDefinition", e.getMessage(), 400);
        }
    }

    private synchronized ObjectNode updateStateMachine(JsonNode body) {
        Machine m = machine(required(body, "stateMachineArn"));
        String definition = body.path("definition").asText(m.definition());
        validate(definition);
        Machine updated = new Machine(m.arn(), m.name(), definition, body.path("roleArn").asText(m.roleArn()),
                m.type(), m.created(), engine.now());
        machines.put(m.arn(), updated);
        saveMachines();
        ObjectNode out = Json.object();
        out.put("updateDate", epochSeconds(updated.updated()));
        return out;
    }

    private synchronized Machine machine(String arn) {
        Machine m = machines.get(arn);
        if (m == null) {
            throw new AwsException("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'", 400);
        }
        return m;
    }

    private ObjectNode describeStateMachine(JsonNode body) {
        Machine m = machine(required(body, "stateMachineArn"));
        ObjectNode out = Json.object();
        out.put("stateMachineArn", m.arn());
        out.put("name", m.name());
        out.put("status", "ACTIVE");
        out.put("definition", m.definition());
        out.put("roleArn", m.roleArn());
        out.put("type", m.type());
        out.put("creationDate", epochSeconds(m.created()));
        out.putObject("loggingConfiguration").put("level", "OFF").put("includeExecutionData", false);
        return out;
    }

    private ObjectNode listStateMachines(JsonNode body) {
        List<Machine> all;
        synchronized (this) {
            all = new ArrayList<>(machines.values());
        }
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("stateMachines");
        page(all, body, out).forEach(m -> list.addObject().put("stateMachineArn", m.arn()).put("name", m.name())
                .put("type", m.type()).put("creationDate", epochSeconds(m.created())));
        return out;
    }

    private synchronized ObjectNode deleteStateMachine(JsonNode body) {
        String arn = required(body, "stateMachineArn");
        if (machines.remove(arn) != null) {
            saveMachines();
        }
        return Json.object();
    }

    private ObjectNode startExecution(JsonNode body) {
        ExecutionInfo e = startExecution(required(body, "stateMachineArn"), body.path("name").asText(null),
                inputText(body));
        ObjectNode out = Json.object();
        out.put("executionArn", e.executionArn());
        out.put("startDate", epochSeconds(e.startDate()));
        return out;
    }

    private static String inputText(JsonNode body) {
        JsonNode input = body.get("input");
        return input == null || input.isNull() ? "{}" : input.isTextual() ? input.textValue() : Json.write(input);
    }

    private ObjectNode startSyncExecution(JsonNode body) {
        ExecutionInfo started = startExecution(required(body, "stateMachineArn"), body.path("name").asText(null),
                inputText(body));
        ExecutionInfo done;
        try {
            done = engine.completion(started.executionArn()).get(SYNC_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsException("ServiceUnavailable", "interrupted while waiting for the execution", 500, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AwsException("ServiceUnavailable", "the synchronous execution did not finish: " + e, 500, e);
        }
        ObjectNode out = executionJson(done);
        out.putObject("billingDetails").put("billedMemoryUsedInMB", 64).put("billedDurationInMilliseconds", 100);
        return out;
    }

    private ExecutionInfo execution(String arn) {
        return engine.describe(arn).orElseThrow(() -> new AwsException("ExecutionDoesNotExist",
                "Execution Does Not Exist: '" + arn + "'", 400));
    }

    private ObjectNode describeExecution(JsonNode body) {
        return executionJson(execution(required(body, "executionArn")));
    }

    private static ObjectNode executionJson(ExecutionInfo e) {
        ObjectNode out = Json.object();
        out.put("executionArn", e.executionArn());
        out.put("stateMachineArn", e.stateMachineArn());
        out.put("name", e.name());
        out.put("status", e.status().name());
        out.put("startDate", epochSeconds(e.startDate()));
        if (e.stopDate() != null) {
            out.put("stopDate", epochSeconds(e.stopDate()));
        }
        out.put("input", Json.write(e.input()));
        out.putObject("inputDetails").put("included", true);
        if (e.output() != null) {
            out.put("output", Json.write(e.output()));
            out.putObject("outputDetails").put("included", true);
        }
        if (e.error() != null) {
            out.put("error", e.error());
        }
        if (e.cause() != null) {
            out.put("cause", e.cause());
        }
        out.put("redriveCount", 0);
        return out;
    }

    private ObjectNode listExecutions(JsonNode body) {
        String smArn = required(body, "stateMachineArn");
        machine(smArn);
        String filter = body.path("statusFilter").asText(null);
        List<ExecutionInfo> all = engine.list().stream()
                .filter(e -> e.stateMachineArn().equals(smArn))
                .filter(e -> filter == null || e.status().name().equals(filter))
                .toList();
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("executions");
        for (ExecutionInfo e : page(all, body, out)) {
            ObjectNode item = list.addObject();
            item.put("executionArn", e.executionArn());
            item.put("stateMachineArn", e.stateMachineArn());
            item.put("name", e.name());
            item.put("status", e.status().name());
            item.put("startDate", epochSeconds(e.startDate()));
            if (e.stopDate() != null) {
                item.put("stopDate", epochSeconds(e.stopDate()));
            }
        }
        return out;
    }

    private ObjectNode history(JsonNode body) {
        String arn = required(body, "executionArn");
        execution(arn);
        List<HistoryEvent> events = new ArrayList<>(engine.history(arn));
        if (body.path("reverseOrder").asBoolean(false)) {
            java.util.Collections.reverse(events);
        }
        boolean includeData = body.path("includeExecutionData").asBoolean(true);
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("events");
        for (HistoryEvent e : page(events, body, out)) {
            ObjectNode item = list.addObject();
            item.put("timestamp", epochSeconds(e.timestamp()));
            item.put("type", e.type());
            item.put("id", e.id());
            item.put("previousEventId", e.previousEventId());
            ObjectNode details = e.details().deepCopy();
            if (details.has("input")) {
                details.putObject("inputDetails").put("truncated", false);
            }
            if (details.has("output")) {
                details.putObject("outputDetails").put("truncated", false);
            }
            if (!includeData) {
                details.remove("input");
                details.remove("output");
            }
            if (!details.isEmpty()) {
                item.set(e.detailsKey(), details);
            }
        }
        return out;
    }

    private ObjectNode stopExecution(JsonNode body) {
        String arn = required(body, "executionArn");
        ExecutionInfo e = execution(arn);
        if (e.status() == ExecutionStatus.RUNNING) {
            engine.stop(arn, body.path("error").asText(null), body.path("cause").asText(null));
        }
        ObjectNode out = Json.object();
        Instant stop = engine.describe(arn).map(ExecutionInfo::stopDate).orElse(null);
        out.put("stopDate", epochSeconds(stop != null ? stop : engine.now()));
        return out;
    }

    private ObjectNode sendTaskSuccess(JsonNode body) {
        String token = required(body, "taskToken");
        JsonNode output;
        try {
            output = Json.parse(required(body, "output"));
        } catch (IllegalArgumentException e) {
            throw new AwsException("InvalidOutput", "Invalid Output: '" + e.getMessage() + "'", 400);
        }
        tokenCall(() -> engine.sendTaskSuccess(token, output));
        return Json.object();
    }

    private ObjectNode sendTaskFailure(JsonNode body) {
        String token = required(body, "taskToken");
        tokenCall(() -> engine.sendTaskFailure(token, body.path("error").asText(null),
                body.path("cause").asText(null)));
        return Json.object();
    }

    private ObjectNode sendTaskHeartbeat(JsonNode body) {
        String token = required(body, "taskToken");
        tokenCall(() -> engine.sendTaskHeartbeat(token));
        return Json.object();
    }

    private static void tokenCall(Runnable call) {
        try {
            call.run();
        } catch (TaskTokenException e) {
            throw new AwsException(e.code(), e.getMessage(), 400);
        }
    }

    /** maxResults/nextToken paging; the token is the next offset. */
    private static <T> List<T> page(List<T> all, JsonNode body, ObjectNode out) {
        int max = body.path("maxResults").asInt(0);
        int from = 0;
        if (body.hasNonNull("nextToken")) {
            try {
                from = Integer.parseInt(body.get("nextToken").asText());
            } catch (NumberFormatException e) {
                throw new AwsException("InvalidToken", "Invalid nextToken", 400);
            }
        }
        int to = max <= 0 ? all.size() : Math.min(all.size(), from + max);
        if (to < all.size()) {
            out.put("nextToken", String.valueOf(to));
        }
        return from >= all.size() ? List.of() : all.subList(from, to);
    }

    /** Dates in JSON 1.0 responses are epoch seconds. */
    static BigDecimal epochSeconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
    }

    // ------------------------------------------------------------------ persistence of state machines

    private void loadMachines() {
        if (!Files.exists(machinesFile)) {
            return;
        }
        try {
            JsonNode all = Json.parse(Files.readString(machinesFile, StandardCharsets.UTF_8));
            for (Iterator<JsonNode> it = all.elements(); it.hasNext(); ) {
                JsonNode m = it.next();
                Machine machine = new Machine(m.get("arn").asText(), m.get("name").asText(),
                        m.get("definition").asText(), m.get("roleArn").asText(), m.get("type").asText(),
                        Instant.ofEpochMilli(m.get("created").asLong()), Instant.ofEpochMilli(m.get("updated").asLong()));
                machines.put(machine.arn(), machine);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + machinesFile, e);
        }
    }

    private void saveMachines() {
        ArrayNode all = Json.array();
        for (Machine m : machines.values()) {
            all.addObject().put("arn", m.arn()).put("name", m.name()).put("definition", m.definition())
                    .put("roleArn", m.roleArn()).put("type", m.type()).put("created", m.created().toEpochMilli())
                    .put("updated", m.updated().toEpochMilli());
        }
        Path tmp = machinesFile.resolveSibling("state-machines.json.tmp");
        try {
            Files.writeString(tmp, Json.write(all), StandardCharsets.UTF_8);
            Files.move(tmp, machinesFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + machinesFile, e);
        }
    }

    @Override
    public void close() {
        engine.close();
        executor.shutdown();
    }
}
