package dam.local.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.clock.LocalClock;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import dam.local.edge.ServiceProvider;
import dam.local.events.Deliveries;
import dam.local.events.Json;
import dam.local.events.RetryPolicy;
import dam.local.events.StateFile;
import dam.local.events.TargetDispatcher;
import dam.local.sqs.SqsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Local EventBridge Scheduler (REST-JSON): schedules and schedule groups, fired on {@link LocalClock} timers.
 *
 * <p>Semantics: {@code at()} fires once at its time in ScheduleExpressionTimezone — also after a restart if it
 * became due while the cloud was down; {@code rate()} fires at StartDate (or the last create/update) + k × rate;
 * {@code cron()} per {@link CronExpression}; recurring schedules do not catch up missed runs. A FLEXIBLE window
 * fires at the start of the window (deterministic for tests). Updating a schedule re-plans it (stale timers are
 * ignored); deleting it means it never fires. Targets go through the {@link TargetDispatcher} (SQS, event buses
 * with EventBridgeParameters, and whatever the dispatcher routes, e.g. Lambda / Step Functions) with RetryPolicy
 * and DeadLetterConfig. Input supports the context placeholders {@code <aws.scheduler.scheduled-time>},
 * {@code <aws.scheduler.execution-id>}, {@code <aws.scheduler.attempt-number>}, {@code <aws.scheduler.schedule-arn>}.
 * Not supported: universal targets ({@code arn:aws:scheduler:::aws-sdk:...}), tags, KMS, client-token idempotency.
 * State lives in {@code stateDir/scheduler.json}.
 */
public final class SchedulerProvider implements ServiceProvider {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerProvider.class);
    private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z\\-_.]{1,64}");
    private static final String DEFAULT_GROUP = "default";

    private final LocalClock clock;
    private final StateFile stateFile;
    private final Deliveries deliveries;
    /** Group name → creation time. */
    private final Map<String, Instant> groups = new TreeMap<>();
    private final Map<String, Schedule> schedules = new TreeMap<>();
    private int timersRun;
    private boolean closed;

    /**
     * @param dispatcher routes target ARNs; pass {@code EventsProvider.dispatcher()} so SQS, event-bus and the lead's
     *                   Lambda / Step Functions targets all work
     * @param sqs        receives dead-lettered invocations
     */
    public SchedulerProvider(LocalClock clock, Path stateDir, TargetDispatcher dispatcher, SqsProvider sqs) {
        this.clock = clock;
        this.stateFile = new StateFile(stateDir.resolve("scheduler.json"));
        this.deliveries = new Deliveries(clock, dispatcher, sqs);
        synchronized (this) {
            load();
            groups.putIfAbsent(DEFAULT_GROUP, clock.instant());
            schedules.values().forEach(this::arm);
        }
    }

    @Override
    public Set<String> serviceNames() {
        return Set.of("scheduler");
    }

    @Override
    public AwsResponse handle(AwsRequest request) {
        String[] parts = request.path().replaceAll("^/+|/+$", "").split("/");
        Map<String, String> query = query(request.rawQuery());
        String method = request.method().toUpperCase(java.util.Locale.ROOT);
        String resource = parts[0];
        String name = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
        if (parts.length > 2) {
            throw AwsException.unknownOperation(method + " " + request.path());
        }
        ObjectNode out;
        if (resource.equals("schedules") && name != null) {
            String group = query.getOrDefault("groupName", DEFAULT_GROUP);
            out = switch (method) {
                case "POST" -> createSchedule(name, Json.body(request), false);
                case "PUT" -> createSchedule(name, Json.body(request), true);
                case "GET" -> getSchedule(group, name);
                case "DELETE" -> deleteSchedule(group, name);
                default -> throw AwsException.unknownOperation(method + " " + request.path());
            };
        } else if (resource.equals("schedules") && method.equals("GET")) {
            out = listSchedules(query);
        } else if (resource.equals("schedule-groups") && name != null) {
            out = switch (method) {
                case "POST" -> createGroup(name);
                case "GET" -> getGroup(name);
                case "DELETE" -> deleteGroup(name);
                default -> throw AwsException.unknownOperation(method + " " + request.path());
            };
        } else if (resource.equals("schedule-groups") && method.equals("GET")) {
            out = listGroups(query);
        } else {
            throw AwsException.unknownOperation(method + " " + request.path());
        }
        return AwsResponse.json("application/json", Json.write(out));
    }

    // ---- schedules ------------------------------------------------------------------------------------------------

    private synchronized ObjectNode createSchedule(String name, ObjectNode in, boolean update) {
        checkName(name, "schedule");
        String group = in.hasNonNull("GroupName") ? in.get("GroupName").asText() : DEFAULT_GROUP;
        if (!groups.containsKey(group)) {
            throw notFound("Schedule group " + group + " does not exist.");
        }
        ObjectNode definition = validated(in, group);
        String key = Schedule.key(group, name);
        Schedule schedule = schedules.get(key);
        if (update && schedule == null) {
            throw notFound("Schedule " + name + " does not exist.");
        }
        if (!update && schedule != null) {
            throw new AwsException("ConflictException", "Schedule " + name + " already exists.", 409);
        }
        if (schedule == null) {
            schedule = new Schedule(group, name, clock.instant());
            schedules.put(key, schedule);
        }
        schedule.definition = definition;
        schedule.modified = clock.instant();
        schedule.lastFiredAt = null;
        save();
        arm(schedule);
        ObjectNode out = Json.object();
        out.put("ScheduleArn", schedule.arn());
        return out;
    }

    private synchronized ObjectNode getSchedule(String group, String name) {
        Schedule s = schedule(group, name);
        ObjectNode out = s.definition.deepCopy();
        out.put("Name", s.name);
        out.put("GroupName", s.group);
        out.put("Arn", s.arn());
        out.put("State", s.state());
        out.put("ActionAfterCompletion", s.definition.path("ActionAfterCompletion").asText("NONE"));
        out.put("CreationDate", Json.epochSeconds(s.created));
        out.put("LastModificationDate", Json.epochSeconds(s.modified));
        return out;
    }

    private synchronized ObjectNode deleteSchedule(String group, String name) {
        Schedule s = schedule(group, name);
        s.generation++;
        schedules.remove(Schedule.key(group, name));
        save();
        return Json.object();
    }

    private synchronized ObjectNode listSchedules(Map<String, String> query) {
        String group = query.get("ScheduleGroup");
        String prefix = query.get("NamePrefix");
        String stateFilter = query.get("State");
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (Schedule s : schedules.values()) {
            if ((group == null || s.group.equals(group)) && (prefix == null || s.name.startsWith(prefix))
                    && (stateFilter == null || s.state().equals(stateFilter))) {
                ObjectNode n = list.addObject();
                n.put("Arn", s.arn()).put("Name", s.name).put("GroupName", s.group).put("State", s.state());
                n.put("CreationDate", Json.epochSeconds(s.created));
                n.put("LastModificationDate", Json.epochSeconds(s.modified));
                n.putObject("Target").put("Arn", s.definition.path("Target").path("Arn").asText());
            }
        }
        ObjectNode out = Json.object();
        out.set("Schedules", list);
        return out;
    }

    /** Validates a Create/UpdateSchedule body; returns the definition to store (nothing is stored on error). */
    private ObjectNode validated(ObjectNode in, String group) {
        ObjectNode d = in.deepCopy();
        d.put("GroupName", group);
        d.remove("ClientToken");
        String expression = Json.required(in, "ScheduleExpression");
        try {
            ScheduleExpression.parse(expression, ScheduleExpression.zone(Json.text(in, "ScheduleExpressionTimezone")));
        } catch (IllegalArgumentException e) {
            throw new AwsException("ValidationException", e.getMessage(), 400, e);
        }
        for (String field : new String[]{"StartDate", "EndDate"}) {
            if (in.hasNonNull(field)) {
                d.put(field, Json.epochSeconds(instant(in.get(field), field)));
            }
        }
        if (d.has("StartDate") && d.has("EndDate") && d.get("EndDate").asDouble() <= d.get("StartDate").asDouble()) {
            throw AwsException.validation("EndDate must be after StartDate.");
        }
        JsonNode window = in.get("FlexibleTimeWindow");
        if (window == null || !window.isObject()) {
            throw AwsException.validation("FlexibleTimeWindow is required.");
        }
        String mode = window.path("Mode").asText("");
        if (mode.equals("FLEXIBLE")) {
            Json.intIn(window, "MaximumWindowInMinutes", 1, 1440, 0);
            if (!window.hasNonNull("MaximumWindowInMinutes")) {
                throw AwsException.validation("MaximumWindowInMinutes is required when FlexibleTimeWindow Mode is FLEXIBLE.");
            }
        } else if (!mode.equals("OFF")) {
            throw AwsException.validation("FlexibleTimeWindow.Mode must be OFF or FLEXIBLE.");
        }
        oneOf(in, "State", "ENABLED", "ENABLED", "DISABLED");
        oneOf(in, "ActionAfterCompletion", "NONE", "NONE", "DELETE");
        JsonNode target = in.get("Target");
        if (target == null || !target.isObject()) {
            throw AwsException.validation("Target is required.");
        }
        String arn = Json.required(target, "Arn");
        Json.required(target, "RoleArn");
        if (arn.startsWith("arn:aws:scheduler:::aws-sdk:")) {
            throw AwsException.validation("Universal (aws-sdk) targets are not supported by the local scheduler: " + arn);
        }
        if (arn.contains(":event-bus/")) {
            JsonNode eb = target.path("EventBridgeParameters");
            if (!eb.path("DetailType").isTextual() || !eb.path("Source").isTextual()) {
                throw AwsException.validation("EventBridgeParameters with DetailType and Source are required for an event bus target.");
            }
        }
        RetryPolicy.from(target.get("RetryPolicy"));
        String dlq = target.path("DeadLetterConfig").path("Arn").asText(null);
        if (dlq != null && !dlq.startsWith("arn:aws:sqs:")) {
            throw AwsException.validation("DeadLetterConfig.Arn must be an SQS queue ARN.");
        }
        return d;
    }

    // ---- firing ---------------------------------------------------------------------------------------------------

    /** Plans the next firing; any older timer sees a stale generation and does nothing. */
    private void arm(Schedule s) {
        long generation = ++s.generation;
        if (!s.state().equals("ENABLED")) {
            return;
        }
        nextFire(s).ifPresent(at -> clock.schedule(at, () -> fire(s.group, s.name, generation, at)));
    }

    private Optional<Instant> nextFire(Schedule s) {
        ScheduleExpression expression = expression(s);
        if (expression instanceof ScheduleExpression.At at) {
            return s.lastFiredAt == null ? Optional.of(at.at()) : Optional.empty(); // overdue fires once, at once
        }
        Instant start = s.definition.hasNonNull("StartDate") ? epoch(s.definition.get("StartDate")) : null;
        Instant end = s.definition.hasNonNull("EndDate") ? epoch(s.definition.get("EndDate")) : null;
        Instant after = clock.instant();
        if (s.lastFiredAt != null && s.lastFiredAt.isAfter(after)) {
            after = s.lastFiredAt;
        }
        if (start != null && start.minusMillis(1).isAfter(after)) {
            after = start.minusMillis(1);
        }
        Instant anchor = start != null ? start : s.modified;
        return expression.nextAfter(after, anchor).filter(t -> end == null || !t.isAfter(end));
    }

    private void fire(String group, String name, long generation, Instant scheduledTime) {
        Deliveries.Job job;
        synchronized (this) {
            timersRun++;
            Schedule s = schedules.get(Schedule.key(group, name));
            if (closed || s == null || s.generation != generation || !s.state().equals("ENABLED")) {
                return;
            }
            s.lastFiredAt = scheduledTime;
            job = job(s, scheduledTime);
            if (nextFire(s).isEmpty() && s.definition.path("ActionAfterCompletion").asText("NONE").equals("DELETE")) {
                schedules.remove(Schedule.key(group, name));
            } else {
                arm(s);
            }
            save(); // before delivering: a crash now loses this invocation rather than repeating it
        }
        LOG.info("schedule {}/{} fired for {}", group, name, scheduledTime);
        deliveries.submit(job);
    }

    private Deliveries.Job job(Schedule s, Instant scheduledTime) {
        JsonNode target = s.definition.get("Target");
        String executionId = UUID.randomUUID().toString();
        String input = target.hasNonNull("Input") ? target.get("Input").asText() : "{}";
        input = input.replace("<aws.scheduler.scheduled-time>", scheduledTime.toString())
                .replace("<aws.scheduler.execution-id>", executionId)
                .replace("<aws.scheduler.attempt-number>", "1")
                .replace("<aws.scheduler.schedule-arn>", s.arn());
        String arn = target.get("Arn").asText();
        if (arn.contains(":event-bus/")) {
            input = eventFor(target.get("EventBridgeParameters"), input, s.arn());
        }
        return new Deliveries.Job(arn, input, RetryPolicy.from(target.get("RetryPolicy")), clock.instant(),
                target.path("DeadLetterConfig").path("Arn").asText(null), input,
                Map.of("SCHEDULE_ARN", s.arn(), "SCHEDULED_TIME", scheduledTime.toString(), "EXECUTION_ID", executionId));
    }

    /** What an event-bus target receives: an event whose detail is the schedule's input. */
    private static String eventFor(JsonNode params, String input, String scheduleArn) {
        JsonNode detail = Json.parseOrNull(input);
        ObjectNode event = Json.object();
        event.put("source", params.path("Source").asText());
        event.put("detail-type", params.path("DetailType").asText());
        event.putArray("resources").add(scheduleArn);
        event.set("detail", detail != null && detail.isObject() ? detail : Json.object());
        return Json.write(event);
    }

    private static ScheduleExpression expression(Schedule s) {
        return ScheduleExpression.parse(s.definition.get("ScheduleExpression").asText(),
                ScheduleExpression.zone(Json.text(s.definition, "ScheduleExpressionTimezone")));
    }

    // ---- groups ---------------------------------------------------------------------------------------------------

    private synchronized ObjectNode createGroup(String name) {
        checkName(name, "schedule group");
        if (groups.containsKey(name)) {
            throw new AwsException("ConflictException", "Schedule group " + name + " already exists.", 409);
        }
        groups.put(name, clock.instant());
        save();
        ObjectNode out = Json.object();
        out.put("ScheduleGroupArn", groupArn(name));
        return out;
    }

    private synchronized ObjectNode getGroup(String name) {
        if (!groups.containsKey(name)) {
            throw notFound("Schedule group " + name + " does not exist.");
        }
        return groupJson(name);
    }

    private synchronized ObjectNode deleteGroup(String name) {
        if (name.equals(DEFAULT_GROUP)) {
            throw AwsException.validation("The default schedule group cannot be deleted.");
        }
        if (groups.remove(name) == null) {
            throw notFound("Schedule group " + name + " does not exist.");
        }
        // AWS deletes a group's schedules with it.
        schedules.values().removeIf(s -> {
            if (!s.group.equals(name)) {
                return false;
            }
            s.generation++;
            return true;
        });
        save();
        return Json.object();
    }

    private synchronized ObjectNode listGroups(Map<String, String> query) {
        String prefix = query.get("NamePrefix");
        ArrayNode list = Json.MAPPER.createArrayNode();
        groups.keySet().stream().filter(g -> prefix == null || g.startsWith(prefix)).forEach(g -> list.add(groupJson(g)));
        ObjectNode out = Json.object();
        out.set("ScheduleGroups", list);
        return out;
    }

    private ObjectNode groupJson(String name) {
        ObjectNode n = Json.object();
        n.put("Arn", groupArn(name)).put("Name", name).put("State", "ACTIVE");
        n.put("CreationDate", Json.epochSeconds(groups.get(name)));
        n.put("LastModificationDate", Json.epochSeconds(groups.get(name)));
        return n;
    }

    private static String groupArn(String name) {
        return Schedule.ARN_PREFIX + "schedule-group/" + name;
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private Schedule schedule(String group, String name) {
        Schedule s = schedules.get(Schedule.key(group, name));
        if (s == null) {
            throw notFound("Schedule " + name + " does not exist.");
        }
        return s;
    }

    private static void checkName(String name, String what) {
        if (!NAME.matcher(name).matches()) {
            throw AwsException.validation("Invalid " + what + " name (1-64 of 0-9 a-z A-Z - _ .): " + name);
        }
    }

    private static void oneOf(JsonNode in, String field, String fallback, String... allowed) {
        String v = in.hasNonNull(field) ? in.get(field).asText() : fallback;
        for (String a : allowed) {
            if (a.equals(v)) {
                return;
            }
        }
        throw AwsException.validation(field + " must be one of " + String.join(", ", allowed) + ": " + v);
    }

    /** REST-JSON timestamps arrive as epoch seconds; ISO-8601 text is accepted too. */
    private static Instant instant(JsonNode v, String field) {
        if (v.isNumber()) {
            return epoch(v);
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw new AwsException("ValidationException", field + " is not a valid timestamp: " + v.asText(), 400, e);
        }
    }

    private static Instant epoch(JsonNode v) {
        return Instant.ofEpochMilli(Math.round(v.asDouble() * 1000));
    }

    private static AwsException notFound(String message) {
        return new AwsException("ResourceNotFoundException", message, 404);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private void load() {
        if (!stateFile.exists()) {
            return;
        }
        JsonNode root = stateFile.read();
        root.path("groups").properties().forEach(e -> groups.put(e.getKey(), Instant.parse(e.getValue().asText())));
        for (JsonNode n : root.path("schedules")) {
            Schedule s = Schedule.fromJson(n);
            schedules.put(Schedule.key(s.group, s.name), s);
        }
    }

    private void save() {
        ObjectNode root = Json.object();
        ObjectNode g = root.putObject("groups");
        groups.forEach((k, v) -> g.put(k, v.toString()));
        ArrayNode list = root.putArray("schedules");
        schedules.values().forEach(s -> list.add(s.toJson()));
        stateFile.write(root);
    }

    /** Timer callbacks run so far, stale ones included (lets tests await "the timer has been and gone"). */
    public synchronized int timersRun() {
        return timersRun;
    }

    /** Invocations still being delivered (including retries waiting on the clock). */
    public int pendingDeliveries() {
        return deliveries.pending();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        deliveries.close();
    }
}
