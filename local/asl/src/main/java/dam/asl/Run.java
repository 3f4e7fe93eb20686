package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The interpreter for one execution. All of its work runs serially through a mailbox (whoever posts first drains),
 * so branches never race; waits (timers, tasks, child branches) are data in {@link Branch}, which makes the whole
 * execution snapshot-able for the durable store.
 */
final class Run {
    private static final Logger LOG = Logger.getLogger(Run.class.getName());
    static final DateTimeFormatter AWS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** AWS's 256 KiB payload limit. */
    static final int MAX_PAYLOAD = 256 * 1024;

    final Engine engine;
    final StartRequest request;
    final StateMachineDefinition def;
    private final DataFlow flow;
    private final ChoiceRules choices;
    final long startMillis;
    private final ObjectNode executionContext;
    private final ObjectNode stateMachineContext;
    private final Supplier<Random> random = ThreadLocalRandom::current;

    volatile ExecutionStatus status = ExecutionStatus.RUNNING;
    volatile JsonNode output;
    volatile String error;
    volatile String cause;
    volatile long stopMillis;

    final List<HistoryEvent> history = new ArrayList<>();
    int persistedEvents;
    final Map<String, Branch> branches = new LinkedHashMap<>();
    long branchSeq;

    private final ConcurrentLinkedQueue<Runnable> mailbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    final CompletableFuture<ExecutionInfo> done = new CompletableFuture<>();

    Run(Engine engine, StartRequest request, StateMachineDefinition def, long startMillis) {
        this.engine = engine;
        this.request = request;
        this.def = def;
        this.flow = new DataFlow(def);
        this.choices = new ChoiceRules(def);
        this.startMillis = startMillis;
        executionContext = Json.object();
        executionContext.put("Id", request.executionArn());
        executionContext.set("Input", request.input());
        executionContext.put("StartTime", AWS_TIME.format(Instant.ofEpochMilli(startMillis)));
        executionContext.put("Name", request.executionName());
        executionContext.put("RoleArn", request.roleArn());
        executionContext.put("RedriveCount", 0);
        stateMachineContext = Json.object();
        stateMachineContext.put("Id", request.stateMachineArn());
        stateMachineContext.put("Name", request.stateMachineName());
    }

    ExecutionInfo info() {
        return new ExecutionInfo(request.executionArn(), request.stateMachineArn(), request.executionName(), status,
                Instant.ofEpochMilli(startMillis), status.terminal() ? Instant.ofEpochMilli(stopMillis) : null,
                request.input(), output, error, cause);
    }

    // ------------------------------------------------------------------ mailbox

    void post(Runnable work) {
        mailbox.add(work);
        if (draining.compareAndSet(false, true)) {
            engine.executor().execute(this::drain);
        }
    }

    private void drain() {
        try {
            synchronized (this) {
                drainMailbox();
            }
        } finally {
            draining.set(false);
        }
        if (!mailbox.isEmpty() && draining.compareAndSet(false, true)) {
            engine.executor().execute(this::drain);
        }
    }

    private void drainMailbox() {
        {
            Runnable work;
            while ((work = mailbox.poll()) != null) {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    // An engine bug must not wedge the execution: fail it visibly instead.
                    LOG.log(Level.SEVERE, "execution " + request.executionArn() + " crashed", e);
                    if (status == ExecutionStatus.RUNNING) {
                        finishExecution(ExecutionStatus.FAILED, "ExecutionFailed", null, Errors.RUNTIME,
                                "Internal engine error: " + e);
                    }
                }
            }
            engine.persist(this);
        }
    }

    private void postFor(Branch b, Runnable work) {
        post(() -> {
            if (status == ExecutionStatus.RUNNING && branches.get(b.id) == b) {
                work.run();
            }
        });
    }

    private long now() {
        return engine.clock().now().toEpochMilli();
    }

    // ------------------------------------------------------------------ history

    private long emit(Branch b, String type, ObjectNode details) {
        if (b != null && b.silent) {
            return ++b.localEventSeq;
        }
        long id = history.size() + 1;
        long prev = b == null ? (id - 1) : b.lastEventId;
        history.add(new HistoryEvent(id, prev, Instant.ofEpochMilli(now()), type, details));
        if (b != null) {
            b.lastEventId = id;
        }
        return id;
    }

    private static ObjectNode details(Object... kv) {
        ObjectNode d = Json.object();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            if (v == null) {
                continue;
            }
            if (v instanceof JsonNode n) {
                d.set((String) kv[i], n);
            } else if (v instanceof Number n) {
                d.put((String) kv[i], n.longValue());
            } else {
                d.put((String) kv[i], v.toString());
            }
        }
        return d;
    }

    // ------------------------------------------------------------------ start / finish

    void start() {
        ObjectNode d = details("input", Json.write(request.input()), "roleArn", request.roleArn(),
                "stateMachineArn", request.stateMachineArn());
        emit(null, "ExecutionStarted", d);
        Branch root = newBranch(null, def.root(), request.input(), 0);
        armExecutionTimeout();
        postFor(root, () -> enter(root));
    }

    void armExecutionTimeout() {
        Integer t = def.timeoutSeconds();
        if (t != null) {
            engine.clock().schedule(Instant.ofEpochMilli(startMillis + t * 1000L), () -> post(() -> {
                if (status == ExecutionStatus.RUNNING) {
                    finishExecution(ExecutionStatus.TIMED_OUT, "ExecutionTimedOut", null, Errors.TIMEOUT,
                            "The execution timed out after " + t + " seconds.");
                }
            }));
        }
    }

    void stop(String err, String cse) {
        post(() -> {
            if (status == ExecutionStatus.RUNNING) {
                finishExecution(ExecutionStatus.ABORTED, "ExecutionAborted", null, err, cse);
            }
        });
    }

    private void finishExecution(ExecutionStatus st, String eventType, JsonNode out, String err, String cse) {
        for (Branch b : new ArrayList<>(branches.values())) {
            cancel(b);
        }
        branches.clear();
        ObjectNode d = out != null ? details("output", Json.write(out)) : details("error", err, "cause", cse);
        emit(null, eventType, d);
        this.output = out;
        this.error = err;
        this.cause = cse;
        this.stopMillis = now();
        this.status = st;
    }

    /** Called after persistence so waiters see a durable final state. */
    void completeIfDone() {
        if (status.terminal() && !done.isDone()) {
            done.complete(info());
        }
    }

    // ------------------------------------------------------------------ branches

    Branch newBranch(Branch parent, Block block, JsonNode input, int index) {
        Branch b = new Branch();
        b.id = (parent == null ? "b" : parent.id + ".") + (branchSeq++);
        b.parentId = parent == null ? null : parent.id;
        b.index = index;
        b.block = block.pointer();
        b.state = block.startAt();
        b.input = input;
        b.lastEventId = parent == null ? (history.isEmpty() ? 0 : history.size()) : parent.lastEventId;
        branches.put(b.id, b);
        return b;
    }

    private Block blockOf(Branch b) {
        return def.block(b.block);
    }

    private ObjectNode stateOf(Branch b) {
        return blockOf(b).state(b.state);
    }

    private boolean jsonata(Branch b) {
        return StateMachineDefinition.JSONATA.equals(blockOf(b).languageOf(stateOf(b)));
    }

    private void cancel(Branch b) {
        for (Branch c : new ArrayList<>(branches.values())) {
            if (b.id.equals(c.parentId)) {
                cancel(c);
            }
        }
        if (b.token != null) {
            engine.closeToken(b.token);
            b.token = null;
        }
        b.wait = Branch.Wait.NONE;
        b.waitSeq++;
        branches.remove(b.id);
    }

    // ------------------------------------------------------------------ scope

    private final class BranchScope implements Scope {
        private final Branch branch;
        private JsonNode context;

        BranchScope(Branch branch, JsonNode context) {
            this.branch = branch;
            this.context = context;
        }

        @Override
        public JsonNode context() {
            if (context == null) { // built on first use: most states never read $$
                context = Run.this.context(branch, "Task".equals(stateOf(branch).path("Type").asText()));
            }
            return context;
        }

        @Override
        public JsonNode variable(String name) {
            for (Branch b = branch; b != null; b = b.parentId == null ? null : branches.get(b.parentId)) {
                JsonNode v = b.vars.get(name);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }

        @Override
        public Map<String, JsonNode> visibleVariables() {
            List<Branch> chain = new ArrayList<>();
            for (Branch b = branch; b != null; b = b.parentId == null ? null : branches.get(b.parentId)) {
                chain.add(0, b);
            }
            Map<String, JsonNode> vars = new LinkedHashMap<>();
            for (Branch b : chain) {
                b.vars.fields().forEachRemaining(e -> vars.put(e.getKey(), e.getValue()));
            }
            return vars;
        }
    }

    private ObjectNode context(Branch b, boolean task) {
        ObjectNode ctx = Json.object();
        ctx.set("Execution", executionContext);
        ctx.set("StateMachine", stateMachineContext);
        ObjectNode state = ctx.putObject("State");
        state.put("Name", b.state);
        state.put("EnteredTime", AWS_TIME.format(Instant.ofEpochMilli(b.enteredTimeMillis)));
        if (task) {
            state.put("RetryCount", b.retryCount);
            if (b.token != null) {
                ctx.putObject("Task").put("Token", b.token);
            }
        }
        return ctx;
    }

    private Scope scope(Branch b) {
        return new BranchScope(b, null);
    }

    private JsonataExpr.Bindings bindings(Branch b, JsonNode result, JsonNode errorOutput) {
        Scope sc = scope(b);
        return new JsonataExpr.Bindings(b.input, result, errorOutput, sc.context(), sc, random);
    }

    // ------------------------------------------------------------------ state entry and transitions

    private void enter(Branch b) {
        ObjectNode s = stateOf(b);
        String type = s.get("Type").asText();
        ObjectNode d = details("name", b.state, "input", Json.write(b.input));
        b.enteredEventId = emit(b, type + "StateEntered", d);
        b.enteredTimeMillis = now();
        JsonNode retry = s.get("Retry");
        b.retries = new int[retry == null ? 0 : retry.size()];
        b.retryCount = 0;
        execute(b);
    }

    private void execute(Branch b) {
        ObjectNode s = stateOf(b);
        try {
            switch (s.get("Type").asText()) {
                case "Pass" -> pass(b, s);
                case "Choice" -> choice(b, s);
                case "Wait" -> waitState(b, s);
                case "Succeed" -> succeed(b, s);
                case "Fail" -> failState(b, s);
                case "Task" -> task(b, s);
                case "Parallel" -> parallel(b, s);
                case "Map" -> map(b, s);
                default -> throw new IllegalStateException("validated type");
            }
        } catch (StateFailure f) {
            fail(b, f);
        }
    }

    /** Exits the current state: StateExited, variables, then the next state or the end of the branch. */
    private void transition(Branch b, JsonNode out, ObjectNode assign, String next) {
        String type = stateOf(b).get("Type").asText();
        String text = Json.write(out);
        // UTF-8 needs at most 3 bytes per char, so short texts skip the byte count.
        if (text.length() * 3 > MAX_PAYLOAD && text.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD) {
            branchFailed(b, Errors.DATA_LIMIT_EXCEEDED, "The state/task '" + b.state
                    + "' returned a result with a size exceeding the maximum number of bytes service limit.");
            return;
        }
        ObjectNode d = details("name", b.state, "output", text);
        if (assign != null && !assign.isEmpty()) {
            ObjectNode assigned = Json.object();
            assign.fields().forEachRemaining(e -> assigned.put(e.getKey(), Json.write(e.getValue())));
            d.set("assignedVariables", assigned);
            b.vars.setAll(assign);
        }
        emit(b, type + "StateExited", d);
        b.wait = Branch.Wait.NONE;
        if (next == null) {
            branchDone(b, out);
        } else {
            b.state = next;
            b.input = out;
            postFor(b, () -> enter(b));
        }
    }

    private static String next(ObjectNode s) {
        return s.path("End").asBoolean(false) ? null : s.get("Next").asText();
    }

    private ObjectNode assignJsonPath(JsonNode template, JsonNode value, Branch b) {
        return template == null ? null : (ObjectNode) flow.template(template, value, scope(b), random);
    }

    private ObjectNode assignJsonata(JsonNode template, Branch b, JsonNode result, JsonNode errorOutput) {
        if (template == null) {
            return null;
        }
        JsonNode v = flow.jsonata(template, bindings(b, result, errorOutput), "Assign");
        if (!v.isObject()) {
            throw StateFailure.query("The Assign field must evaluate to a JSON object");
        }
        return (ObjectNode) v;
    }

    // ------------------------------------------------------------------ simple states

    private void pass(Branch b, ObjectNode s) {
        if (jsonata(b)) {
            JsonNode out = s.has("Output") ? flow.jsonata(s.get("Output"), bindings(b, null, null), "Output")
                    : b.input;
            ObjectNode assign = assignJsonata(s.get("Assign"), b, null, null);
            transition(b, out, assign, next(s));
            return;
        }
        Scope sc = scope(b);
        JsonNode effective = flow.selectPath(s, "InputPath", b.input, sc);
        JsonNode result = s.has("Result") ? s.get("Result")
                : s.has("Parameters") ? flow.template(s.get("Parameters"), effective, sc, random) : effective;
        ObjectNode assign = assignJsonPath(s.get("Assign"), result, b);
        JsonNode out = flow.selectPath(s, "OutputPath",
                flow.resultPath(s.get("ResultPath"), s.has("ResultPath"), b.input, result), sc);
        transition(b, out, assign, next(s));
    }

    private void choice(Branch b, ObjectNode s) {
        boolean ja = jsonata(b);
        Scope sc = scope(b);
        JsonNode effective = ja ? b.input : flow.selectPath(s, "InputPath", b.input, sc);
        JsonNode matched = null;
        JsonNode rules = s.get("Choices");
        for (int i = 0; i < rules.size() && matched == null; i++) {
            JsonNode rule = rules.get(i);
            if (ja) {
                JsonNode c = flow.jsonata(rule.get("Condition"), bindings(b, null, null), "Condition");
                if (!c.isBoolean()) {
                    throw StateFailure.query("The JSONata expression '" + def.jsonata(rule.get("Condition").asText())
                            .text() + "' specified for the field 'Condition' returned an unexpected result type. "
                            + "Expected 'boolean', but was '" + Json.typeName(c) + "' for value: " + Json.write(c));
                }
                if (c.booleanValue()) {
                    matched = rule;
                }
            } else if (choices.matches(rule, effective, sc)) {
                matched = rule;
            }
        }
        JsonNode source = matched != null ? matched : s;
        String next = matched != null ? matched.get("Next").asText() : s.path("Default").asText(null);
        if (next == null) {
            throw new StateFailure(Errors.NO_CHOICE_MATCHED, "No Matches!");
        }
        if (ja) {
            JsonNode out = source.has("Output")
                    ? flow.jsonata(source.get("Output"), bindings(b, null, null), "Output") : b.input;
            transition(b, out, assignJsonata(source.get("Assign"), b, null, null), next);
        } else {
            ObjectNode assign = assignJsonPath(source.get("Assign"), effective, b);
            transition(b, flow.selectPath(s, "OutputPath", effective, sc), assign, next);
        }
    }

    private void succeed(Branch b, ObjectNode s) {
        if (jsonata(b)) {
            JsonNode out = s.has("Output") ? flow.jsonata(s.get("Output"), bindings(b, null, null), "Output")
                    : b.input;
            transition(b, out, null, null);
            return;
        }
        Scope sc = scope(b);
        JsonNode out = flow.selectPath(s, "OutputPath", flow.selectPath(s, "InputPath", b.input, sc), sc);
        transition(b, out, null, null);
    }

    private void failState(Branch b, ObjectNode s) {
        String err;
        String cse;
        if (jsonata(b)) {
            err = s.has("Error") ? textOf(flow.jsonata(s.get("Error"), bindings(b, null, null), "Error")) : null;
            cse = s.has("Cause") ? textOf(flow.jsonata(s.get("Cause"), bindings(b, null, null), "Cause")) : null;
        } else {
            err = s.has("Error") ? s.get("Error").asText() : failPath(b, s, "ErrorPath");
            cse = s.has("Cause") ? s.get("Cause").asText() : failPath(b, s, "CausePath");
        }
        branchFailed(b, err, cse);
    }

    private static String textOf(JsonNode v) {
        return v.isTextual() ? v.textValue() : Json.write(v);
    }

    private String failPath(Branch b, ObjectNode s, String field) {
        if (!s.has(field)) {
            return null;
        }
        String expr = s.get(field).asText();
        Scope sc = scope(b);
        try {
            JsonNode v = Intrinsics.looksLikeCall(expr) ? def.call(expr).eval(b.input, sc, random)
                    : def.path(expr).read(b.input, sc);
            return textOf(v);
        } catch (PathExpr.NotFound e) {
            throw StateFailure.runtime("The JSONPath '" + expr + "' specified for the field '" + field
                    + "' could not be found in the input '" + Json.write(b.input) + "'");
        }
    }

    private void waitState(Branch b, ObjectNode s) {
        boolean ja = jsonata(b);
        Scope sc = scope(b);
        long until;
        JsonNode out;
        ObjectNode assign;
        if (ja) {
            JsonataExpr.Bindings bind = bindings(b, null, null);
            if (s.has("Seconds")) {
                JsonNode v = flow.jsonata(s.get("Seconds"), bind, "Seconds");
                if (!v.isIntegralNumber() || v.longValue() < 0) {
                    throw StateFailure.query("The Seconds field must be a non-negative integer but was: "
                            + Json.write(v));
                }
                until = now() + v.longValue() * 1000;
            } else {
                JsonNode v = flow.jsonata(s.get("Timestamp"), bind, "Timestamp");
                OffsetDateTime t = v.isTextual() ? parseTimestamp(v.textValue()) : null;
                if (t == null) {
                    throw StateFailure.query("The Timestamp field cannot be parsed as an ISO-8601 extended offset "
                            + "date-time format string: " + textOf(v));
                }
                until = t.toInstant().toEpochMilli();
            }
            out = s.has("Output") ? flow.jsonata(s.get("Output"), bind, "Output") : b.input;
            assign = assignJsonata(s.get("Assign"), b, null, null);
        } else {
            JsonNode effective = flow.selectPath(s, "InputPath", b.input, sc);
            if (s.has("Seconds")) {
                until = now() + s.get("Seconds").asLong() * 1000;
            } else if (s.has("Timestamp")) {
                OffsetDateTime t = parseTimestamp(s.get("Timestamp").asText());
                if (t == null) {
                    throw StateFailure.runtime("The Timestamp field cannot be parsed: " + s.get("Timestamp").asText());
                }
                until = t.toInstant().toEpochMilli();
            } else if (s.has("SecondsPath")) {
                String p = s.get("SecondsPath").asText();
                JsonNode v;
                try {
                    v = def.path(p).read(effective, sc);
                } catch (PathExpr.NotFound e) {
                    throw StateFailure.runtime("The SecondsPath parameter does not reference an input value: " + p);
                }
                if (!v.isNumber() || !isIntegral(v)) {
                    throw StateFailure.runtime("The SecondsPath parameter cannot be parsed as a long value: " + p
                            + " == " + textOf(v));
                }
                if (v.longValue() < 0) {
                    throw StateFailure.runtime("The SecondsPath parameter references a negative value: " + p + " == "
                            + textOf(v));
                }
                until = now() + v.longValue() * 1000;
            } else {
                String p = s.get("TimestampPath").asText();
                JsonNode v;
                try {
                    v = def.path(p).read(effective, sc);
                } catch (PathExpr.NotFound e) {
                    throw StateFailure.runtime("The TimestampPath parameter does not reference an input value: " + p);
                }
                OffsetDateTime t = v.isTextual() ? parseTimestamp(v.textValue()) : null;
                if (t == null) {
                    throw StateFailure.runtime("The TimestampPath parameter does not reference a valid ISO-8601 "
                            + "extended offset date-time format string: " + p + " == " + textOf(v));
                }
                until = t.toInstant().toEpochMilli();
            }
            assign = assignJsonPath(s.get("Assign"), effective, b);
            out = flow.selectPath(s, "OutputPath", effective, sc);
        }
        b.pendingOutput = out;
        b.pendingAssign = assign;
        b.pendingNext = next(s);
        b.wait = Branch.Wait.TIMER;
        b.untilMillis = until;
        armTimer(b);
    }

    private static boolean isIntegral(JsonNode v) {
        return v.isIntegralNumber();
    }

    static OffsetDateTime parseTimestamp(String s) {
        if (s.length() < 20 || s.charAt(10) != 'T') {
            return null;
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** (Re)arms the timer of a TIMER or RETRY wait; used on entry and after a restart. */
    void armTimer(Branch b) {
        long seq = ++b.waitSeq;
        engine.clock().schedule(Instant.ofEpochMilli(b.untilMillis), () -> postFor(b, () -> {
            if (b.waitSeq != seq) {
                return;
            }
            if (b.wait == Branch.Wait.TIMER) {
                b.wait = Branch.Wait.NONE;
                transition(b, b.pendingOutput, b.pendingAssign, b.pendingNext);
            } else if (b.wait == Branch.Wait.RETRY) {
                b.wait = Branch.Wait.NONE;
                execute(b);
            }
        }));
    }

    // ------------------------------------------------------------------ Task

    private void task(Branch b, ObjectNode s) {
        boolean ja = jsonata(b);
        String resource = s.get("Resource").asText();
        if (resource.endsWith(".waitForTaskToken")) {
            b.token = engine.newToken(this, b);
        }
        Scope sc = scope(b);
        JsonNode params;
        Integer timeout;
        Integer heartbeat;
        JsonNode credentials = s.get("Credentials");
        if (ja) {
            JsonataExpr.Bindings bind = new JsonataExpr.Bindings(b.input, null, null, sc.context(), sc, random);
            params = s.has("Arguments") ? flow.jsonata(s.get("Arguments"), bind, "Arguments") : b.input;
            timeout = seconds(s, "TimeoutSeconds", null, bind, b, sc);
            heartbeat = seconds(s, "HeartbeatSeconds", null, bind, b, sc);
        } else {
            JsonNode effective = flow.selectPath(s, "InputPath", b.input, sc);
            params = s.has("Parameters") ? flow.template(s.get("Parameters"), effective, sc, random) : effective;
            timeout = seconds(s, "TimeoutSeconds", "TimeoutSecondsPath", null, b, sc);
            heartbeat = seconds(s, "HeartbeatSeconds", "HeartbeatSecondsPath", null, b, sc);
        }
        b.taskParams = params;
        b.timeoutSeconds = timeout == null ? 0 : timeout;
        b.heartbeatSeconds = heartbeat == null ? 0 : heartbeat;
        startTask(b, resource, params, credentials);
    }

    private Integer seconds(ObjectNode s, String field, String pathField, JsonataExpr.Bindings bind, Branch b,
                            Scope sc) {
        JsonNode v = null;
        if (s.has(field)) {
            v = bind != null ? flow.jsonata(s.get(field), bind, field) : s.get(field);
        } else if (pathField != null && s.has(pathField)) {
            try {
                v = def.path(s.get(pathField).asText()).read(b.input, sc);
            } catch (PathExpr.NotFound e) {
                throw StateFailure.runtime("The " + pathField + " field does not reference an input value: "
                        + s.get(pathField).asText());
            }
        }
        if (v == null) {
            return null;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() <= 0) {
            throw StateFailure.evaluation(bind != null, "The " + field + " value must be a positive integer but was "
                    + Json.write(v));
        }
        return v.intValue();
    }

    private static boolean isPlainLambda(String resource) {
        return resource.startsWith("arn:aws:lambda:");
    }

    private static String[] resourceParts(String resource) {
        // arn:aws:states:::lambda:invoke.waitForTaskToken -> ("lambda", "invoke.waitForTaskToken")
        String[] arn = resource.split(":", 7);
        if (arn.length >= 7 && "states".equals(arn[2])) {
            return new String[]{arn[5], arn[6]};
        }
        return new String[]{arn.length > 2 ? arn[2] : resource, resource};
    }

    /** Schedules the task (again, on retry) and waits for its result, token, timeout or heartbeat timeout. */
    private void startTask(Branch b, String resource, JsonNode params, JsonNode credentials) {
        long nowMillis = now();
        if (isPlainLambda(resource)) {
            emit(b, "LambdaFunctionScheduled", details("resource", resource, "input", Json.write(params),
                    "timeoutInSeconds", b.timeoutSeconds == 0 ? null : b.timeoutSeconds));
            emit(b, "LambdaFunctionStarted", details());
        } else {
            String[] parts = resourceParts(resource);
            emit(b, "TaskScheduled", details("resourceType", parts[0], "resource", parts[1], "region",
                    engine.region(), "parameters", Json.write(params),
                    "timeoutInSeconds", b.timeoutSeconds == 0 ? null : b.timeoutSeconds,
                    "heartbeatInSeconds", b.heartbeatSeconds == 0 ? null : b.heartbeatSeconds));
            emit(b, "TaskStarted", details("resourceType", parts[0], "resource", parts[1]));
        }
        b.wait = Branch.Wait.TASK;
        long seq = ++b.waitSeq;
        b.taskDelivered = false;
        b.timeoutAtMillis = b.timeoutSeconds > 0 ? nowMillis + b.timeoutSeconds * 1000L : 0;
        b.heartbeatAtMillis = b.heartbeatSeconds > 0 ? nowMillis + b.heartbeatSeconds * 1000L : 0;
        armTaskTimers(b);
        TaskRequest req = new TaskRequest(request.executionArn(), b.state, resource, params, b.token,
                b.timeoutSeconds == 0 ? null : b.timeoutSeconds, b.heartbeatSeconds == 0 ? null : b.heartbeatSeconds,
                credentials);
        invoke(b, seq, req);
    }

    private void invoke(Branch b, long seq, TaskRequest req) {
        java.util.concurrent.CompletionStage<JsonNode> stage;
        try {
            stage = engine.tasks().invoke(req);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((result, ex) -> postFor(b, () -> {
            if (b.waitSeq != seq || b.wait != Branch.Wait.TASK) {
                return;
            }
            if (ex != null) {
                Throwable t = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null
                        ? ex.getCause() : ex;
                String err = t instanceof StateFailure f ? f.error() : Errors.TASK_FAILED;
                String cse = t instanceof StateFailure f ? f.cause() : String.valueOf(t.getMessage());
                taskFailed(b, "TaskFailed", err, cse);
            } else if (b.token != null) {
                b.taskDelivered = true;
                emit(b, "TaskSubmitted", details("resourceType", resourceParts(req.resource())[0], "resource",
                        resourceParts(req.resource())[1], "output", Json.write(result == null ? NullNode.instance
                                : result)));
            } else {
                taskSucceeded(b, result == null ? NullNode.instance : result);
            }
        }));
    }

    /** After a restart: a task that was in flight without a token is invoked again (at-least-once, like AWS). */
    void resumeTask(Branch b) {
        ObjectNode s = stateOf(b);
        armTaskTimers(b);
        if (b.token != null) {
            return; // registered by Engine.recover()
        }
        long seq = ++b.waitSeq;
        invoke(b, seq, new TaskRequest(request.executionArn(), b.state, s.get("Resource").asText(), b.taskParams,
                null, b.timeoutSeconds == 0 ? null : b.timeoutSeconds,
                b.heartbeatSeconds == 0 ? null : b.heartbeatSeconds, s.get("Credentials")));
    }

    private void armTaskTimers(Branch b) {
        if (b.timeoutAtMillis > 0) {
            armTaskTimer(b, b.timeoutAtMillis);
        }
        if (b.heartbeatAtMillis > 0) {
            armTaskTimer(b, b.heartbeatAtMillis);
        }
    }

    private void armTaskTimer(Branch b, long at) {
        engine.clock().schedule(Instant.ofEpochMilli(at), () -> postFor(b, () -> {
            if (b.wait != Branch.Wait.TASK) {
                return;
            }
            long t = now();
            if (b.timeoutAtMillis > 0 && t >= b.timeoutAtMillis) {
                taskFailed(b, "TaskTimedOut", Errors.TIMEOUT, null);
            } else if (b.heartbeatAtMillis > 0 && t >= b.heartbeatAtMillis) {
                taskFailed(b, "TaskTimedOut", Errors.HEARTBEAT_TIMEOUT, null);
            }
        }));
    }

    /**
     * SendTaskHeartbeat: pushes the heartbeat deadline out before returning (under the run's monitor, which the
     * mailbox drain also holds), so a caller that heartbeats and then moves the clock never races the timer.
     */
    void heartbeat(Branch b) {
        synchronized (this) {
            if (status == ExecutionStatus.RUNNING && branches.get(b.id) == b && b.wait == Branch.Wait.TASK
                    && b.heartbeatSeconds > 0) {
                b.heartbeatAtMillis = now() + b.heartbeatSeconds * 1000L;
                armTaskTimer(b, b.heartbeatAtMillis);
                engine.persist(this);
            }
        }
    }

    void tokenSucceeded(Branch b, JsonNode result) {
        postFor(b, () -> {
            if (b.wait == Branch.Wait.TASK) {
                taskSucceeded(b, result);
            }
        });
    }

    void tokenFailed(Branch b, String err, String cse) {
        postFor(b, () -> {
            if (b.wait == Branch.Wait.TASK) {
                taskFailed(b, "TaskFailed", err, cse);
            }
        });
    }

    private void closeTaskWait(Branch b) {
        b.wait = Branch.Wait.NONE;
        b.waitSeq++;
        if (b.token != null) {
            engine.closeToken(b.token);
            b.token = null;
        }
    }

    private void taskSucceeded(Branch b, JsonNode result) {
        ObjectNode s = stateOf(b);
        closeTaskWait(b);
        if (isPlainLambda(s.get("Resource").asText())) {
            emit(b, "LambdaFunctionSucceeded", details("output", Json.write(result)));
        } else {
            String[] parts = resourceParts(s.get("Resource").asText());
            emit(b, "TaskSucceeded", details("resourceType", parts[0], "resource", parts[1], "output",
                    Json.write(result)));
        }
        try {
            completeWithResult(b, s, result);
        } catch (StateFailure f) {
            fail(b, f);
        }
    }

    private void taskFailed(Branch b, String eventType, String err, String cse) {
        ObjectNode s = stateOf(b);
        closeTaskWait(b);
        if (isPlainLambda(s.get("Resource").asText())) {
            emit(b, eventType.equals("TaskTimedOut") ? "LambdaFunctionTimedOut" : "LambdaFunctionFailed",
                    details("error", err, "cause", cse));
        } else {
            String[] parts = resourceParts(s.get("Resource").asText());
            emit(b, eventType, details("resourceType", parts[0], "resource", parts[1], "error", err, "cause", cse));
        }
        fail(b, new StateFailure(err, cse));
    }

    /** Result processing shared by Task, Parallel and Map. */
    private void completeWithResult(Branch b, ObjectNode s, JsonNode result) {
        if (jsonata(b)) {
            JsonataExpr.Bindings bind = bindings(b, result, null);
            JsonNode out = s.has("Output") ? flow.jsonata(s.get("Output"), bind, "Output") : result;
            transition(b, out, assignJsonata(s.get("Assign"), b, result, null), next(s));
            return;
        }
        Scope sc = scope(b);
        JsonNode selected = s.has("ResultSelector") ? flow.template(s.get("ResultSelector"), result, sc, random)
                : result;
        ObjectNode assign = assignJsonPath(s.get("Assign"), selected, b);
        JsonNode out = flow.selectPath(s, "OutputPath",
                flow.resultPath(s.get("ResultPath"), s.has("ResultPath"), b.input, selected), sc);
        transition(b, out, assign, next(s));
    }

    // ------------------------------------------------------------------ failures: Retry, Catch

    private void fail(Branch b, StateFailure f) {
        if (status != ExecutionStatus.RUNNING || branches.get(b.id) != b) {
            return;
        }
        String err = f.error();
        String cse = f.isEvaluation()
                ? "An error occurred while executing the state '" + b.state + "' (entered at the event id #"
                + b.enteredEventId + "). " + f.cause()
                : f.cause();
        ObjectNode s = stateOf(b);
        abortChildren(b);
        JsonNode retry = s.get("Retry");
        if (retry != null && !Errors.isTerminal(err)) {
            for (int i = 0; i < retry.size(); i++) {
                JsonNode r = retry.get(i);
                if (!Errors.matches(names(r.get("ErrorEquals")), err)) {
                    continue;
                }
                int max = r.path("MaxAttempts").asInt(3);
                if (b.retries[i] < max) {
                    b.wait = Branch.Wait.RETRY;
                    b.untilMillis = now() + retryDelayMillis(r, b.retries[i]);
                    b.retries[i]++;
                    b.retryCount++;
                    armTimer(b);
                    return;
                }
                break;
            }
        }
        JsonNode katch = s.get("Catch");
        if (katch != null) {
            for (JsonNode c : katch) {
                if (!Errors.matches(names(c.get("ErrorEquals")), err)) {
                    continue;
                }
                ObjectNode errorOutput = Json.object();
                errorOutput.set("Error", err == null ? NullNode.instance : Json.NODES.textNode(err));
                errorOutput.set("Cause", cse == null ? NullNode.instance : Json.NODES.textNode(cse));
                try {
                    if (jsonata(b)) {
                        JsonNode out = c.has("Output")
                                ? flow.jsonata(c.get("Output"), bindings(b, null, errorOutput), "Output")
                                : errorOutput;
                        transition(b, out, assignJsonata(c.get("Assign"), b, null, errorOutput),
                                c.get("Next").asText());
                    } else {
                        ObjectNode assign = assignJsonPath(c.get("Assign"), errorOutput, b);
                        JsonNode out = flow.resultPath(c.get("ResultPath"), c.has("ResultPath"), b.input,
                                errorOutput);
                        transition(b, out, assign, c.get("Next").asText());
                    }
                } catch (StateFailure inner) {
                    branchFailed(b, inner.error(), inner.isEvaluation()
                            ? "An error occurred while executing the state '" + b.state
                            + "' (entered at the event id #" + b.enteredEventId + "). " + inner.cause()
                            : inner.cause());
                }
                return;
            }
        }
        branchFailed(b, err, cse);
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds; JitterStrategy FULL picks a random delay
     * between 0 and that value.
     */
    long retryDelayMillis(JsonNode retrier, int attempt) {
        double interval = retrier.path("IntervalSeconds").asDouble(1);
        double backoff = retrier.path("BackoffRate").asDouble(2.0);
        double delay = interval * Math.pow(backoff, attempt);
        if (retrier.has("MaxDelaySeconds")) {
            delay = Math.min(delay, retrier.get("MaxDelaySeconds").asDouble());
        }
        if ("FULL".equals(retrier.path("JitterStrategy").asText("NONE"))) {
            delay = random.get().nextDouble() * delay;
        }
        return Math.round(delay * 1000);
    }

    private void abortChildren(Branch b) {
        for (Branch c : new ArrayList<>(branches.values())) {
            if (b.id.equals(c.parentId)) {
                cancel(c);
            }
        }
    }

    // ------------------------------------------------------------------ branch completion

    private void branchDone(Branch b, JsonNode out) {
        branches.remove(b.id);
        if (b.parentId == null) {
            finishExecution(ExecutionStatus.SUCCEEDED, "ExecutionSucceeded", out, null, null);
            return;
        }
        Branch p = branches.get(b.parentId);
        if (p == null || p.wait != Branch.Wait.CHILDREN) {
            return;
        }
        p.results.set(b.index, out);
        p.pending--;
        if ("Map".equals(stateOf(p).get("Type").asText())) {
            if (!p.distributed) {
                emit(b, "MapIterationSucceeded", details("name", p.state, "index", b.index));
            }
            p.lastEventId = Math.max(p.lastEventId, b.silent ? p.lastEventId : b.lastEventId);
            startItems(p);
            if (p.pending == 0 && p.nextItem >= p.items.size()) {
                mapDone(p);
            }
        } else if (p.pending == 0) {
            p.lastEventId = history.size();
            emit(p, "ParallelStateSucceeded", details());
            p.wait = Branch.Wait.NONE;
            try {
                completeWithResult(p, stateOf(p), p.results);
            } catch (StateFailure f) {
                fail(p, f);
            }
        }
    }

    private void branchFailed(Branch b, String err, String cse) {
        cancel(b);
        if (b.parentId == null) {
            finishExecution(ExecutionStatus.FAILED, "ExecutionFailed", null, err, cse);
            return;
        }
        Branch p = branches.get(b.parentId);
        if (p == null || p.wait != Branch.Wait.CHILDREN) {
            return;
        }
        if ("Map".equals(stateOf(p).get("Type").asText())) {
            if (!p.distributed) {
                emit(b, "MapIterationFailed", details("name", p.state, "index", b.index));
            }
            p.failures++;
            p.pending--;
            if (p.distributed && withinTolerance(p)) {
                ObjectNode errorOutput = Json.object();
                errorOutput.put("Error", err);
                errorOutput.put("Cause", cse);
                p.results.set(b.index, errorOutput);
                startItems(p);
                if (p.pending == 0 && p.nextItem >= p.items.size()) {
                    mapDone(p);
                }
                return;
            }
            p.wait = Branch.Wait.NONE;
            abortChildren(p);
            if (p.distributed) {
                emit(p, "MapRunFailed", details("error", Errors.EXCEED_TOLERATED_FAILURE, "cause",
                        "The specified tolerance threshold was exceeded"));
                emit(p, "MapStateFailed", details());
                fail(p, new StateFailure(Errors.EXCEED_TOLERATED_FAILURE,
                        "The specified tolerance threshold was exceeded"));
            } else {
                emit(p, "MapStateFailed", details());
                fail(p, new StateFailure(err, cse));
            }
        } else {
            p.wait = Branch.Wait.NONE;
            abortChildren(p);
            emit(p, "ParallelStateFailed", details("error", err, "cause", cse));
            fail(p, new StateFailure(err, cse));
        }
    }

    private static boolean withinTolerance(Branch p) {
        int total = p.items.size();
        if (p.failures <= p.toleratedCount) {
            return true;
        }
        return total > 0 && p.failures * 100.0 / total <= p.toleratedPercentage;
    }

    // ------------------------------------------------------------------ Parallel

    private void parallel(Branch b, ObjectNode s) {
        JsonNode branchInput;
        if (jsonata(b)) {
            branchInput = s.has("Arguments") ? flow.jsonata(s.get("Arguments"), bindings(b, null, null), "Arguments")
                    : b.input;
        } else {
            Scope sc = scope(b);
            JsonNode effective = flow.selectPath(s, "InputPath", b.input, sc);
            branchInput = s.has("Parameters") ? flow.template(s.get("Parameters"), effective, sc, random)
                    : effective;
        }
        emit(b, "ParallelStateStarted", details());
        JsonNode defs = s.get("Branches");
        b.results = Json.array();
        b.wait = Branch.Wait.CHILDREN;
        b.waitSeq++;
        b.pending = defs.size();
        String base = blockOf(b).pointer() + "/States/" + b.state + "/Branches/";
        List<Branch> children = new ArrayList<>();
        for (int i = 0; i < defs.size(); i++) {
            b.results.addNull();
            children.add(newBranch(b, def.block(base + i), branchInput, i));
        }
        for (Branch c : children) {
            postFor(c, () -> enter(c));
        }
    }

    // ------------------------------------------------------------------ Map

    private void map(Branch b, ObjectNode s) {
        boolean ja = jsonata(b);
        Scope sc = scope(b);
        String processorField = s.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
        JsonNode processor = s.get(processorField);
        b.distributed = "DISTRIBUTED".equals(processor.path("ProcessorConfig").path("Mode").asText("INLINE"));
        JsonNode effective = ja ? b.input : flow.selectPath(s, "InputPath", b.input, sc);
        JsonataExpr.Bindings bind = ja ? bindings(b, null, null) : null;
        JsonNode items;
        if (s.has("ItemReader")) {
            items = readItems(b, s.get("ItemReader"), effective, sc, bind);
        } else if (ja && s.has("Items")) {
            items = flow.jsonata(s.get("Items"), bind, "Items");
            if (!items.isArray()) {
                throw StateFailure.query("The JSONata expression '" + exprText(s.get("Items")) + "' specified for "
                        + "the field 'Items' returned an unexpected result type. Expected 'array', but was '"
                        + Json.typeName(items) + "' for value: " + Json.write(items));
            }
        } else {
            if (!ja && s.has("ItemsPath")) {
                String p = s.get("ItemsPath").asText();
                try {
                    items = def.path(p).read(effective, sc);
                } catch (PathExpr.NotFound e) {
                    throw StateFailure.runtime("Invalid path '" + p + "' : " + e.getMessage());
                }
            } else {
                items = effective;
            }
            if (!items.isArray()) {
                throw StateFailure.evaluation(ja, "Map state input must be an array but was: " + Json.write(items));
            }
        }
        b.maxConcurrency = intSetting(s, "MaxConcurrency", "MaxConcurrencyPath", effective, sc, bind, false);
        b.toleratedCount = 0;
        b.toleratedPercentage = 0;
        if (s.has("ToleratedFailureCount") || s.has("ToleratedFailureCountPath")) {
            b.toleratedCount = intSetting(s, "ToleratedFailureCount", "ToleratedFailureCountPath", effective, sc,
                    bind, false);
            if (b.toleratedCount < 0) {
                throw StateFailure.evaluation(ja, "ToleratedFailureCount cannot be negative.");
            }
        }
        if (s.has("ToleratedFailurePercentage") || s.has("ToleratedFailurePercentagePath")) {
            b.toleratedPercentage = percentage(s, effective, sc, bind);
        }
        if (b.toleratedCount == 0 && !(s.has("ToleratedFailureCount") || s.has("ToleratedFailureCountPath"))) {
            b.toleratedCount = 0;
        }
        ArrayNode list = (ArrayNode) items;
        JsonNode batcher = s.get("ItemBatcher");
        b.itemsInput = effective;
        b.items = batcher != null ? batch(b, list, batcher, effective, sc, bind) : list;
        emit(b, "MapStateStarted", details("length", b.items.size()));
        b.results = Json.array();
        for (int i = 0; i < b.items.size(); i++) {
            b.results.addNull();
        }
        b.failures = 0;
        b.pending = 0;
        b.nextItem = 0;
        b.wait = Branch.Wait.CHILDREN;
        b.waitSeq++;
        if (b.distributed) {
            b.mapRunArn = request.stateMachineArn().replace(":stateMachine:", ":mapRun:") + "/" + b.state + ":"
                    + java.util.UUID.randomUUID();
            emit(b, "MapRunStarted", details("mapRunArn", b.mapRunArn));
        }
        if (b.items.isEmpty()) {
            mapDone(b);
            return;
        }
        startItems(b);
    }

    private static String exprText(JsonNode field) {
        String t = field.asText();
        return JsonataExpr.isExpression(t) ? t.substring(2, t.length() - 2).trim() : t;
    }

    private int intSetting(ObjectNode s, String field, String pathField, JsonNode effective, Scope sc,
                           JsonataExpr.Bindings bind, boolean unused) {
        JsonNode v;
        if (s.has(field)) {
            v = bind != null ? flow.jsonata(s.get(field), bind, field) : s.get(field);
        } else if (bind == null && s.has(pathField)) {
            String p = s.get(pathField).asText();
            try {
                v = def.path(p).read(effective, sc);
            } catch (PathExpr.NotFound e) {
                throw StateFailure.runtime("The " + pathField + " field does not reference an input value: " + p);
            }
            v = numericText(v, true);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw StateFailure.runtime("The " + pathField + " field refers to value \"" + textOf(v)
                        + "\" which is not a valid integer: " + p);
            }
        } else {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw StateFailure.evaluation(bind != null, "The " + field + " field must be an integer but was: "
                    + Json.write(v));
        }
        if (field.equals("MaxConcurrency") && v.intValue() < 0) {
            throw StateFailure.evaluation(bind != null, "MaxConcurrency cannot be negative.");
        }
        return v.intValue();
    }

    /** The *Path settings accept numbers written as strings ("1"), as AWS does. */
    private static JsonNode numericText(JsonNode v, boolean integer) {
        if (!v.isTextual()) {
            return v;
        }
        try {
            java.math.BigDecimal d = new java.math.BigDecimal(v.textValue().trim());
            return integer ? Json.number(d) : Json.NODES.numberNode(d);
        } catch (NumberFormatException e) {
            return v;
        }
    }

    private double percentage(ObjectNode s, JsonNode effective, Scope sc, JsonataExpr.Bindings bind) {
        JsonNode v;
        if (s.has("ToleratedFailurePercentage")) {
            v = bind != null ? flow.jsonata(s.get("ToleratedFailurePercentage"), bind, "ToleratedFailurePercentage")
                    : s.get("ToleratedFailurePercentage");
        } else {
            String p = s.get("ToleratedFailurePercentagePath").asText();
            try {
                v = def.path(p).read(effective, sc);
            } catch (PathExpr.NotFound e) {
                throw StateFailure.runtime("The ToleratedFailurePercentagePath field does not reference an input "
                        + "value: " + p);
            }
            v = numericText(v, false);
            if (!v.isNumber()) {
                throw StateFailure.runtime("The ToleratedFailurePercentagePath field refers to value \"" + textOf(v)
                        + "\" which is not a valid float: " + p);
            }
        }
        if (!v.isNumber()) {
            throw StateFailure.evaluation(bind != null, "ToleratedFailurePercentage must be a number.");
        }
        double d = v.doubleValue();
        if (d < 0 || d > 100) {
            throw StateFailure.evaluation(bind != null, "ToleratedFailurePercentage must be between 0 and 100.");
        }
        return d;
    }

    private ArrayNode batch(Branch b, ArrayNode items, JsonNode batcher, JsonNode effective, Scope sc,
                            JsonataExpr.Bindings bind) {
        int maxItems = batcher.path("MaxItemsPerBatch").asInt(Integer.MAX_VALUE);
        long maxBytes = batcher.path("MaxInputBytesPerBatch").asLong(256 * 1024);
        JsonNode batchInput = null;
        if (batcher.has("BatchInput")) {
            batchInput = bind != null ? flow.jsonata(batcher.get("BatchInput"), bind, "ItemBatcher/BatchInput")
                    : flow.template(batcher.get("BatchInput"), effective, sc, random);
        }
        b.batchInput = batchInput;
        ArrayNode batches = Json.array();
        ArrayNode current = null;
        long bytes = 0;
        for (JsonNode item : items) {
            long size = Json.write(item).length();
            if (current == null || current.size() >= maxItems || (bytes + size > maxBytes && !current.isEmpty())) {
                current = Json.array();
                batches.add(current);
                bytes = 0;
            }
            current.add(item);
            bytes += size;
        }
        return batches;
    }

    private JsonNode readItems(Branch b, JsonNode reader, JsonNode effective, Scope sc, JsonataExpr.Bindings bind) {
        JsonNode params = reader.path("Parameters");
        if (bind != null && reader.has("Arguments")) {
            params = flow.jsonata(reader.get("Arguments"), bind, "ItemReader/Arguments");
        } else if (bind == null && reader.has("Parameters")) {
            params = flow.template(reader.get("Parameters"), effective, sc, random);
        }
        String bucket = params.path("Bucket").asText();
        String key = params.path("Key").asText();
        JsonNode config = reader.path("ReaderConfig");
        String inputType = config.path("InputType").asText("JSON");
        byte[] bytes;
        try {
            bytes = engine.objects().get(bucket, key);
        } catch (RuntimeException e) {
            throw new StateFailure(Errors.ITEM_READER_FAILED, "Unable to read s3://" + bucket + "/" + key + ": "
                    + e.getMessage());
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        ArrayNode items;
        try {
            items = switch (inputType) {
                case "JSON" -> {
                    JsonNode parsed = Json.parse(text);
                    if (!parsed.isArray()) {
                        throw new IllegalArgumentException("the JSON file must contain an array");
                    }
                    yield (ArrayNode) parsed;
                }
                case "JSONL" -> {
                    ArrayNode a = Json.array();
                    for (String line : text.split("\r?\n")) {
                        if (!line.isBlank()) {
                            a.add(Json.parse(line));
                        }
                    }
                    yield a;
                }
                case "CSV" -> Csv.read(text, config);
                default -> throw new IllegalArgumentException("unsupported InputType " + inputType);
            };
        } catch (IllegalArgumentException e) {
            throw new StateFailure(Errors.ITEM_READER_FAILED, "Unable to parse s3://" + bucket + "/" + key + ": "
                    + e.getMessage());
        }
        int max = config.path("MaxItems").asInt(0);
        if (max > 0 && items.size() > max) {
            ArrayNode cut = Json.array();
            for (int i = 0; i < max; i++) {
                cut.add(items.get(i));
            }
            items = cut;
        }
        return items;
    }

    /** Starts iterations up to MaxConcurrency (0 = unlimited). */
    private void startItems(Branch p) {
        ObjectNode s = stateOf(p);
        String field = s.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
        Block processor = def.block(blockOf(p).pointer() + "/States/" + p.state + "/" + field);
        boolean ja = jsonata(p);
        JsonNode selector = s.has("ItemSelector") ? s.get("ItemSelector") : s.get("Parameters");
        while (p.nextItem < p.items.size() && (p.maxConcurrency == 0 || p.pending < p.maxConcurrency)) {
            int index = p.nextItem++;
            JsonNode value = p.items.get(index);
            ObjectNode mapItem = Json.object();
            mapItem.put("Index", index);
            mapItem.set("Value", value);
            JsonNode itemInput;
            try {
                if (s.has("ItemBatcher")) {
                    ObjectNode batchItem = Json.object();
                    if (p.batchInput != null) {
                        batchItem.set("BatchInput", p.batchInput);
                    }
                    batchItem.set("Items", value);
                    itemInput = batchItem;
                } else if (selector != null) {
                    ObjectNode ctx = context(p, false);
                    ctx.putObject("Map").set("Item", mapItem);
                    Scope sc = new BranchScope(p, ctx);
                    itemInput = ja
                            ? flow.jsonata(selector, new JsonataExpr.Bindings(p.input, null, null, ctx, sc, random),
                            "ItemSelector")
                            : flow.template(selector, p.itemsInput, sc, random);
                } else {
                    itemInput = value;
                }
            } catch (StateFailure f) {
                p.wait = Branch.Wait.NONE;
                abortChildren(p);
                fail(p, f);
                return;
            }
            Branch c = newBranch(p, processor, itemInput, index);
            c.mapItem = mapItem;
            p.pending++;
            if (p.distributed) {
                c.silent = true;
                c.localEventSeq = 1;
            } else {
                emit(c, "MapIterationStarted", details("name", p.state, "index", index));
            }
            postFor(c, () -> enter(c));
        }
    }

    private void mapDone(Branch p) {
        ObjectNode s = stateOf(p);
        p.wait = Branch.Wait.NONE;
        p.lastEventId = history.size();
        JsonNode result = p.results;
        if (p.distributed) {
            if (s.has("ResultWriter")) {
                try {
                    result = writeResults(p, s.get("ResultWriter"));
                } catch (StateFailure f) {
                    emit(p, "MapRunFailed", details("error", f.error(), "cause", f.cause()));
                    emit(p, "MapStateFailed", details());
                    fail(p, f);
                    return;
                }
            }
            emit(p, "MapRunSucceeded", details());
        }
        emit(p, "MapStateSucceeded", details());
        try {
            completeWithResult(p, s, result);
        } catch (StateFailure f) {
            fail(p, f);
        }
    }

    private JsonNode writeResults(Branch p, JsonNode writer) {
        JsonNode params = writer.has("Arguments") ? writer.get("Arguments") : writer.path("Parameters");
        String bucket = params.path("Bucket").asText();
        String prefix = params.path("Prefix").asText("");
        String runId = p.mapRunArn.substring(p.mapRunArn.lastIndexOf(':') + 1);
        String base = (prefix.isEmpty() ? "" : prefix.endsWith("/") ? prefix : prefix + "/") + runId + "/";
        ArrayNode succeeded = Json.array();
        ArrayNode failed = Json.array();
        for (int i = 0; i < p.results.size(); i++) {
            JsonNode r = p.results.get(i);
            ObjectNode entry = Json.object();
            entry.put("ExecutionArn", request.executionArn().replace(":execution:", ":execution:") + "/" + i);
            entry.put("Input", Json.write(p.items.get(i)));
            boolean isFailure = r != null && r.isObject() && r.has("Error") && r.has("Cause") && r.size() == 2;
            if (isFailure) {
                entry.put("Error", r.path("Error").asText(null));
                entry.put("Cause", r.path("Cause").asText(null));
                entry.put("Status", "FAILED");
                failed.add(entry);
            } else {
                entry.put("Output", Json.write(r));
                entry.put("Status", "SUCCEEDED");
                succeeded.add(entry);
            }
        }
        ObjectNode manifest = Json.object();
        manifest.put("DestinationBucket", bucket);
        manifest.put("MapRunArn", p.mapRunArn);
        ObjectNode files = manifest.putObject("ResultFiles");
        try {
            ArrayNode ok = files.putArray("SUCCEEDED");
            if (!succeeded.isEmpty()) {
                engine.objects().put(bucket, base + "SUCCEEDED_0.json", Json.write(succeeded)
                        .getBytes(StandardCharsets.UTF_8));
                ok.addObject().put("Key", base + "SUCCEEDED_0.json").put("Size", Json.write(succeeded).length());
            }
            ArrayNode bad = files.putArray("FAILED");
            if (!failed.isEmpty()) {
                engine.objects().put(bucket, base + "FAILED_0.json", Json.write(failed)
                        .getBytes(StandardCharsets.UTF_8));
                bad.addObject().put("Key", base + "FAILED_0.json").put("Size", Json.write(failed).length());
            }
            files.putArray("PENDING");
            engine.objects().put(bucket, base + "manifest.json", Json.write(manifest)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new StateFailure(Errors.RESULT_WRITER_FAILED, "Unable to write results to s3://" + bucket + "/"
                    + base + ": " + e.getMessage());
        }
        ObjectNode out = Json.object();
        out.put("MapRunArn", p.mapRunArn);
        ObjectNode details = out.putObject("ResultWriterDetails");
        details.put("Bucket", bucket);
        details.put("Key", base + "manifest.json");
        return out;
    }

    // ------------------------------------------------------------------ recovery

    /** Re-arms what each parked branch waits for, after loading a snapshot. */
    void resume() {
        for (Branch b : new ArrayList<>(branches.values())) {
            switch (b.wait) {
                case TIMER, RETRY -> armTimer(b);
                case TASK -> resumeTask(b);
                default -> {
                }
            }
        }
        armExecutionTimeout();
    }

    Iterator<Branch> branchIterator() {
        return branches.values().iterator();
    }
}
