package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The ASL engine: starts executions, routes task tokens and stops, and keeps every execution journaled in an
 * {@link ExecutionStore}. Thread-safe; each execution runs serially on the given executor (a direct executor makes
 * everything run on the caller's thread, which tests use for determinism).
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Engine.class.getName());
    private static final Pattern TOKEN = Pattern.compile("AQ[A-Za-z0-9_-]{128}");

    private final EngineClock clock;
    private final TaskHandler tasks;
    private final ObjectStorePort objects;
    private final ExecutionStore store;
    private final Executor executor;
    private final String region;
    private final ConcurrentHashMap<String, Run> runs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TokenRef> tokens = new ConcurrentHashMap<>();
    private final Set<String> closedTokens = ConcurrentHashMap.newKeySet();
    private final SecureRandom secureRandom = new SecureRandom();

    private record TokenRef(Run run, Branch branch) {
    }

    public Engine(EngineClock clock, TaskHandler tasks, ObjectStorePort objects, ExecutionStore store,
                  Executor executor, String region) {
        this.clock = clock;
        this.tasks = tasks;
        this.objects = objects;
        this.store = store;
        this.executor = executor;
        this.region = region;
    }

    EngineClock clock() {
        return clock;
    }

    TaskHandler tasks() {
        return tasks;
    }

    ObjectStorePort objects() {
        return objects;
    }

    Executor executor() {
        return executor;
    }

    String region() {
        return region;
    }

    /** Parses and validates a definition against this engine's task handler. */
    public StateMachineDefinition parse(String definition) {
        return StateMachineDefinition.parse(definition, tasks::supports);
    }

    /** Starts an execution; it runs asynchronously on the executor. */
    public ExecutionInfo start(StartRequest request) {
        StateMachineDefinition def = parse(request.definition());
        Run run = new Run(this, request, def, clock.now().toEpochMilli());
        if (runs.putIfAbsent(request.executionArn(), run) != null) {
            throw new IllegalStateException("Execution already exists: " + request.executionArn());
        }
        ObjectNode header = Json.object();
        header.put("executionArn", request.executionArn());
        header.put("stateMachineArn", request.stateMachineArn());
        header.put("roleArn", request.roleArn());
        header.put("definition", request.definition());
        header.set("input", request.input());
        header.put("startMillis", run.startMillis);
        store.started(request.executionArn(), header);
        run.post(run::start);
        return run.info();
    }

    public Optional<ExecutionInfo> describe(String executionArn) {
        Run run = runs.get(executionArn);
        return run == null ? Optional.empty() : Optional.of(run.info());
    }

    /** All executions, newest first. */
    public List<ExecutionInfo> list() {
        List<ExecutionInfo> out = new ArrayList<>();
        runs.values().forEach(r -> out.add(r.info()));
        out.sort(Comparator.comparing(ExecutionInfo::startDate).reversed()
                .thenComparing(ExecutionInfo::executionArn));
        return out;
    }

    public List<HistoryEvent> history(String executionArn) {
        Run run = runs.get(executionArn);
        if (run == null) {
            throw new IllegalArgumentException("Execution does not exist: " + executionArn);
        }
        synchronized (run) {
            return List.copyOf(run.history);
        }
    }

    /** Completes when the execution reaches a terminal status (after it is journaled). */
    public CompletableFuture<ExecutionInfo> completion(String executionArn) {
        Run run = runs.get(executionArn);
        if (run == null) {
            throw new IllegalArgumentException("Execution does not exist: " + executionArn);
        }
        return run.done;
    }

    public void stop(String executionArn, String error, String cause) {
        Run run = runs.get(executionArn);
        if (run == null) {
            throw new IllegalArgumentException("Execution does not exist: " + executionArn);
        }
        run.stop(error, cause);
    }

    // ------------------------------------------------------------------ task tokens

    String newToken(Run run, Branch b) {
        byte[] bytes = new byte[96];
        secureRandom.nextBytes(bytes);
        String token = "AQ" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(token, new TokenRef(run, b));
        return token;
    }

    void registerToken(String token, Run run, Branch b) {
        tokens.put(token, new TokenRef(run, b));
    }

    void closeToken(String token) {
        tokens.remove(token);
        if (closedTokens.add(token)) {
            store.tokenClosed(token);
        }
    }

    private TokenRef take(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new TaskTokenException(TaskTokenException.INVALID_TOKEN, "Invalid token");
        }
        TokenRef ref = tokens.get(token);
        if (ref == null) {
            if (closedTokens.contains(token)) {
                throw new TaskTokenException(TaskTokenException.TIMED_OUT, "Task Timed Out: 'Provided task does not "
                        + "exist anymore'");
            }
            throw new TaskTokenException(TaskTokenException.DOES_NOT_EXIST, "Task does not exist anymore");
        }
        return ref;
    }

    /** SendTaskSuccess. The token closes at once, so a second call fails with TaskTimedOut. */
    public void sendTaskSuccess(String token, JsonNode output) {
        TokenRef ref = take(token);
        closeToken(token);
        ref.run().tokenSucceeded(ref.branch(), output);
    }

    public void sendTaskFailure(String token, String error, String cause) {
        TokenRef ref = take(token);
        closeToken(token);
        ref.run().tokenFailed(ref.branch(), error, cause);
    }

    public void sendTaskHeartbeat(String token) {
        TokenRef ref = take(token);
        ref.run().heartbeat(ref.branch());
    }

    // ------------------------------------------------------------------ durability

    /** Called by a run at the end of each burst of work, on the thread that did it. */
    void persist(Run run) {
        List<HistoryEvent> fresh;
        ObjectNode state;
        synchronized (run) {
            fresh = List.copyOf(run.history.subList(run.persistedEvents, run.history.size()));
            run.persistedEvents = run.history.size();
            state = snapshot(run);
        }
        try {
            store.progress(run.request.executionArn(), fresh, state);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "cannot journal " + run.request.executionArn(), e);
        }
        run.completeIfDone();
    }

    private static ObjectNode snapshot(Run run) {
        ObjectNode s = Json.object();
        s.put("status", run.status.name());
        if (run.output != null) {
            s.set("output", run.output);
        }
        s.put("error", run.error);
        s.put("cause", run.cause);
        s.put("stopMillis", run.stopMillis);
        s.put("eventCount", run.history.size());
        s.put("branchSeq", run.branchSeq);
        ArrayNode branches = s.putArray("branches");
        if (!run.status.terminal()) {
            run.branches.values().forEach(b -> branches.add(Json.MAPPER.valueToTree(b)));
        }
        return s;
    }

    /**
     * Loads every stored execution; running ones re-arm their timers (which fire at once if their time has passed
     * while the engine was down) and task tokens. Returns how many were resumed.
     */
    public int recover() {
        closedTokens.addAll(store.closedTokens());
        int resumed = 0;
        for (ExecutionStore.Stored stored : store.loadAll()) {
            JsonNode h = stored.header();
            StartRequest req = new StartRequest(h.get("executionArn").asText(), h.get("stateMachineArn").asText(),
                    h.path("roleArn").asText(null), h.get("definition").asText(), h.get("input"));
            if (runs.containsKey(req.executionArn())) {
                continue;
            }
            StateMachineDefinition def = StateMachineDefinition.parse(req.definition(), r -> true);
            Run run = new Run(this, req, def, h.get("startMillis").asLong());
            JsonNode st = stored.state();
            run.history.addAll(stored.history());
            run.persistedEvents = run.history.size();
            run.status = ExecutionStatus.valueOf(st.get("status").asText());
            run.output = st.get("output");
            run.error = st.path("error").isNull() ? null : st.path("error").asText(null);
            run.cause = st.path("cause").isNull() ? null : st.path("cause").asText(null);
            run.stopMillis = st.path("stopMillis").asLong();
            run.branchSeq = st.path("branchSeq").asLong();
            for (JsonNode bn : st.path("branches")) {
                try {
                    Branch b = Json.MAPPER.treeToValue(bn, Branch.class);
                    run.branches.put(b.id, b);
                    if (b.token != null && !run.status.terminal()) {
                        // usable as soon as recover() returns, before the resumed run gets a thread
                        registerToken(b.token, run, b);
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("corrupt snapshot of " + req.executionArn(), e);
                }
            }
            runs.put(req.executionArn(), run);
            if (run.status.terminal()) {
                run.done.complete(run.info());
            } else {
                resumed++;
                run.post(run::resume);
            }
        }
        return resumed;
    }

    /** Current engine time, for callers that stamp API responses. */
    public Instant now() {
        return clock.now();
    }

    @Override
    public void close() {
        runs.clear();
        tokens.clear();
    }
}
