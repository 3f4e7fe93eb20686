package dam.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.clock.LocalClock;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import dam.local.edge.ServiceProvider;
import dam.local.events.EventsState.Archive;
import dam.local.events.EventsState.Bus;
import dam.local.events.EventsState.Rule;
import dam.local.scheduler.ScheduleExpression;
import dam.local.sqs.SqsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.RuleCompiler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Local EventBridge (AWS JSON 1.1, target prefix "AWSEvents"): buses, rules matched by AWS's own Event Ruler,
 * targets with Input / InputPath / InputTransformer, retries and dead-letter queues (see {@link Deliveries}),
 * scheduled rules (rate/cron on the {@link LocalClock}) and archives.
 *
 * <p>Targets: SQS queue ARNs go to the {@link SqsProvider}, event-bus ARNs are forwarded to that bus, everything else
 * (Lambda, Step Functions, ...) to the {@link TargetDispatcher} given to the constructor. State (buses, rules,
 * targets, archive definitions) lives in {@code stateDir/events.json}; archived events in
 * {@code stateDir/archives/NAME.jsonl}. Not supported: replays, API destinations, connections, permissions/policies,
 * partner buses, archive retention expiry.
 */
public final class EventsProvider implements ServiceProvider {

    private static final Logger LOG = LoggerFactory.getLogger(EventsProvider.class);
    private static final Pattern NAME = Pattern.compile("[.\\-_A-Za-z0-9]{1,64}");
    private static final Pattern BUS_NAME = Pattern.compile("[.\\-_A-Za-z0-9]{1,256}");
    private static final Pattern TARGET_ID = Pattern.compile("[.\\-_A-Za-z0-9]{1,64}");
    private static final Pattern PATH_KEY = Pattern.compile("[A-Za-z0-9_\\-]{1,256}");
    private static final int MAX_REQUEST_BYTES = 256 * 1024;
    private static final int MAX_TARGETS_PER_RULE = 5;
    private static final int RECENT_PER_BUS = 200;
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final LocalClock clock;
    private final SqsProvider sqs;
    private final TargetDispatcher others;
    private final StateFile stateFile;
    private final Path archiveDir;
    private final Deliveries deliveries;
    private final EventsState state;
    private final Map<String, Machine> machines = new HashMap<>();
    private final Map<String, Deque<String>> recent = new HashMap<>();
    private boolean closed;

    /**
     * @param sqs    receives SQS targets and dead-letter messages
     * @param others delivers every other target ARN (Lambda, states, ...); may be null, then such targets fail
     */
    public EventsProvider(LocalClock clock, Path stateDir, SqsProvider sqs, TargetDispatcher others) {
        this.clock = clock;
        this.sqs = sqs;
        this.others = others;
        this.stateFile = new StateFile(stateDir.resolve("events.json"));
        this.archiveDir = stateDir.resolve("archives");
        this.deliveries = new Deliveries(clock, this::route, sqs);
        this.state = stateFile.exists() ? EventsState.fromJson(stateFile.read()) : new EventsState();
        synchronized (this) {
            state.buses.putIfAbsent("default", new Bus("default", clock.instant(), null));
            state.buses.keySet().forEach(this::rebuildMachine);
            state.archives.values().forEach(this::countArchive);
            state.rules.values().forEach(this::armSchedule);
        }
    }

    @Override
    public Set<String> serviceNames() {
        return Set.of("events");
    }

    @Override
    public Set<String> targetPrefixes() {
        return Set.of("AWSEvents");
    }

    @Override
    public AwsResponse handle(AwsRequest request) {
        String op = request.operation();
        if (op == null) {
            throw AwsException.unknownOperation("(none): EventBridge speaks the AWS JSON 1.1 protocol");
        }
        ObjectNode in = Json.body(request);
        ObjectNode out = switch (op) {
            case "PutEvents" -> putEvents(in);
            case "CreateEventBus" -> createEventBus(in);
            case "DescribeEventBus" -> describeEventBus(in);
            case "ListEventBuses" -> listEventBuses(in);
            case "DeleteEventBus" -> deleteEventBus(in);
            case "PutRule" -> putRule(in);
            case "DescribeRule" -> describeRule(in);
            case "ListRules" -> listRules(in);
            case "DeleteRule" -> deleteRule(in);
            case "EnableRule" -> setRuleState(in, "ENABLED");
            case "DisableRule" -> setRuleState(in, "DISABLED");
            case "PutTargets" -> putTargets(in);
            case "RemoveTargets" -> removeTargets(in);
            case "ListTargetsByRule" -> listTargetsByRule(in);
            case "TestEventPattern" -> testEventPattern(in);
            case "CreateArchive" -> createArchive(in);
            case "DescribeArchive" -> describeArchive(in);
            case "ListArchives" -> listArchives(in);
            case "DeleteArchive" -> deleteArchive(in);
            default -> throw AwsException.unknownOperation(op);
        };
        return AwsResponse.json(AwsResponse.AMZ_JSON_1_1, Json.write(out));
    }

    // ---- Java API for other providers and the inspection page -----------------------------------------------------

    /**
     * Puts one event on {@code bus} as a service would (e.g. S3 "Object Created"). Returns the event id.
     *
     * @throws AwsException ResourceNotFoundException for an unknown bus, ValidationException for a detail that is not
     *                      a JSON object
     */
    public String publish(String bus, String source, String detailType, String detailJson, List<String> resources) {
        JsonNode detail = Json.parseOrNull(detailJson);
        if (detail == null || !detail.isObject()) {
            throw AwsException.validation("Detail must be a JSON object");
        }
        if (source == null || source.isBlank() || detailType == null || detailType.isBlank()) {
            throw AwsException.validation("Source and DetailType are required");
        }
        ObjectNode event = newEvent(source, detailType, detail, resources, clock.instant());
        accept(busName(bus), event);
        return event.get("id").asText();
    }

    /** The last {@code limit} events put on {@code bus} since start (oldest first), as event JSON. */
    public synchronized List<String> recentEvents(String bus, int limit) {
        Deque<String> events = recent.getOrDefault(busName(bus), new ArrayDeque<>());
        List<String> all = new ArrayList<>(events);
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }

    /** Every event kept by an archive (oldest first), as event JSON; survives restarts. */
    public synchronized List<String> archivedEvents(String archiveName) {
        if (!state.archives.containsKey(archiveName)) {
            throw notFound("Archive " + archiveName + " does not exist.");
        }
        Path file = archiveFile(archiveName);
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            // A crash mid-append can leave a torn last line; skip anything that does not parse.
            return lines.filter(l -> Json.parseOrNull(l) != null).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read archive " + file, e);
        }
    }

    /** Deliveries still in progress (including retries waiting on the clock); lets tests await quiescence. */
    public int pendingDeliveries() {
        return deliveries.pending();
    }

    /** Routes a target ARN (SQS, event bus, or the injected dispatcher); Scheduler targets use this too. */
    public TargetDispatcher dispatcher() {
        return this::route;
    }

    // ---- PutEvents ------------------------------------------------------------------------------------------------

    private ObjectNode putEvents(ObjectNode in) {
        JsonNode entries = in.get("Entries");
        if (entries == null || !entries.isArray() || entries.isEmpty() || entries.size() > 10) {
            throw AwsException.validation("1 validation error detected: Value at 'entries' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 10 and greater than or equal to 1");
        }
        long size = 0;
        for (JsonNode e : entries) {
            size += entrySize(e);
        }
        if (size > MAX_REQUEST_BYTES) {
            throw AwsException.validation("Total size of the entries in the request is over the limit.");
        }
        ArrayNode results = Json.MAPPER.createArrayNode();
        int failed = 0;
        for (JsonNode e : entries) {
            ObjectNode result = results.addObject();
            try {
                String bus = busName(e.hasNonNull("EventBusName") ? e.get("EventBusName").asText() : "default");
                ObjectNode event = eventFromEntry(e);
                accept(bus, event);
                result.put("EventId", event.get("id").asText());
            } catch (AwsException ex) {
                failed++;
                result.put("ErrorCode", ex.code());
                result.put("ErrorMessage", ex.getMessage());
            }
        }
        ObjectNode out = Json.object();
        out.put("FailedEntryCount", failed);
        out.set("Entries", results);
        return out;
    }

    /** AWS's entry size: Time (14 bytes when set) + Source + DetailType + Detail + Resources, in UTF-8 bytes. */
    private static long entrySize(JsonNode e) {
        long size = e.hasNonNull("Time") ? 14 : 0;
        for (String f : List.of("Source", "DetailType", "Detail")) {
            size += e.path(f).asText("").getBytes(StandardCharsets.UTF_8).length;
        }
        for (JsonNode r : e.path("Resources")) {
            size += r.asText().getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }

    private ObjectNode eventFromEntry(JsonNode e) {
        String source = Json.text(e, "Source");
        String detailType = Json.text(e, "DetailType");
        String detailText = Json.text(e, "Detail");
        if (source == null || source.isBlank()) {
            throw new AwsException("InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument.", 400);
        }
        if (detailType == null || detailType.isBlank()) {
            throw new AwsException("InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument.", 400);
        }
        if (detailText == null) {
            throw new AwsException("InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument.", 400);
        }
        JsonNode detail = Json.parseOrNull(detailText);
        if (detail == null || !detail.isObject()) {
            throw new AwsException("MalformedDetail", "Detail is malformed.", 400);
        }
        List<String> resources = new ArrayList<>();
        e.path("Resources").forEach(r -> resources.add(r.asText()));
        Instant time = e.hasNonNull("Time") ? timeOf(e.get("Time")) : clock.instant();
        return newEvent(source, detailType, detail, resources, time);
    }

    private static Instant timeOf(JsonNode t) {
        if (t.isNumber()) {
            return Instant.ofEpochMilli((long) (t.asDouble() * 1000));
        }
        try {
            return Instant.parse(t.asText());
        } catch (java.time.format.DateTimeParseException ex) {
            throw new AwsException("InvalidArgument", "Parameter Time is not valid: " + t.asText(), 400);
        }
    }

    private ObjectNode newEvent(String source, String detailType, JsonNode detail, List<String> resources, Instant time) {
        ObjectNode event = Json.object();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", detailType);
        event.put("source", source);
        event.put("account", EventsState.ACCOUNT);
        event.put("time", EVENT_TIME.format(time));
        event.put("region", EventsState.REGION);
        ArrayNode res = event.putArray("resources");
        resources.forEach(res::add);
        event.set("detail", detail);
        return event;
    }

    /** Archives, records and matches one event, then hands matching targets to the deliveries (async). */
    private void accept(String bus, ObjectNode event) {
        List<Deliveries.Job> jobs = new ArrayList<>();
        synchronized (this) {
            if (!state.buses.containsKey(bus)) {
                throw notFound("Event bus " + bus + " does not exist.");
            }
            String json = Json.write(event);
            for (Archive archive : state.archives.values()) {
                if (archive.bus.equals(bus) && (archive.eventPattern == null || matches(archive.eventPattern, json))) {
                    appendToArchive(archive, json);
                }
            }
            Deque<String> ring = recent.computeIfAbsent(bus, b -> new ArrayDeque<>());
            ring.addLast(json);
            if (ring.size() > RECENT_PER_BUS) {
                ring.removeFirst();
            }
            Machine machine = machines.get(bus);
            List<String> matched;
            try {
                matched = machine == null ? List.of() : machine.rulesForJSONEvent(json);
            } catch (Exception ex) {
                throw new AwsException("InternalException", "Event matching failed: " + ex.getMessage(), 500, ex);
            }
            Instant now = clock.instant();
            for (String ruleName : matched) {
                Rule rule = state.rules.get(EventsState.ruleKey(bus, ruleName));
                if (rule != null && rule.enabled()) {
                    rule.targets.values().forEach(t -> jobs.add(job(rule, t, event, json, now)));
                }
            }
        }
        jobs.forEach(deliveries::submit);
    }

    private Deliveries.Job job(Rule rule, JsonNode target, JsonNode event, String eventJson, Instant now) {
        String input = TargetInput.render(target, event, rule.arn(), rule.name, now);
        String dlq = target.path("DeadLetterConfig").path("Arn").asText(null);
        return new Deliveries.Job(target.get("Arn").asText(), input, RetryPolicy.from(target.get("RetryPolicy")), now,
                dlq, eventJson, Map.of("RULE_ARN", rule.arn()));
    }

    private void route(String arn, String input) throws Exception {
        if (arn.startsWith("arn:aws:sqs:")) {
            sqs.deliver(arn, input);
        } else if (arn.startsWith(EventsState.ARN_PREFIX + "event-bus/")) {
            forwardToBus(arn, input);
        } else if (others != null) {
            others.deliver(arn, input);
        } else {
            throw new DeliveryException("ResourceNotFoundException", "No local dispatcher for target " + arn, false);
        }
    }

    /** Bus-to-bus targets: the input must be an event (source, detail-type, detail); it gets a new id on the target bus. */
    private void forwardToBus(String busArn, String input) throws DeliveryException {
        JsonNode e = Json.parseOrNull(input);
        if (e == null || !e.path("source").isTextual() || !e.path("detail-type").isTextual() || !e.path("detail").isObject()) {
            throw new DeliveryException("InvalidArgument", "Input for an event bus target must be an event", false);
        }
        List<String> resources = new ArrayList<>();
        e.path("resources").forEach(r -> resources.add(r.asText()));
        try {
            accept(busName(busArn), newEvent(e.get("source").asText(), e.get("detail-type").asText(), e.get("detail"),
                    resources, clock.instant()));
        } catch (AwsException ex) {
            throw new DeliveryException(ex.code(), ex.getMessage(), false, ex);
        }
    }

    // ---- buses ----------------------------------------------------------------------------------------------------

    private synchronized ObjectNode createEventBus(ObjectNode in) {
        String name = Json.required(in, "Name");
        if (!BUS_NAME.matcher(name).matches()) {
            throw AwsException.validation("Event bus name must match [.\\-_A-Za-z0-9]{1,256}: " + name);
        }
        if (state.buses.containsKey(name)) {
            throw new AwsException("ResourceAlreadyExistsException", "Event bus " + name + " already exists.", 400);
        }
        Bus bus = new Bus(name, clock.instant(), Json.text(in, "Description"));
        state.buses.put(name, bus);
        save();
        ObjectNode out = Json.object();
        out.put("EventBusArn", bus.arn());
        return out;
    }

    private synchronized ObjectNode describeEventBus(ObjectNode in) {
        Bus bus = bus(in.hasNonNull("Name") ? in.get("Name").asText() : "default");
        return busJson(bus);
    }

    private synchronized ObjectNode listEventBuses(ObjectNode in) {
        String prefix = Json.text(in, "NamePrefix");
        ArrayNode list = Json.MAPPER.createArrayNode();
        state.buses.values().stream().filter(b -> prefix == null || b.name.startsWith(prefix))
                .forEach(b -> list.add(busJson(b)));
        ObjectNode out = Json.object();
        out.set("EventBuses", list);
        return out;
    }

    private synchronized ObjectNode deleteEventBus(ObjectNode in) {
        String name = Json.required(in, "Name");
        if (name.equals("default")) {
            throw AwsException.validation("Cannot delete event bus default.");
        }
        if (state.buses.remove(name) != null) {
            // Rules go with their bus; bumping generations disarms scheduled ones.
            state.rules.values().removeIf(r -> {
                if (!r.bus.equals(name)) {
                    return false;
                }
                r.generation++;
                return true;
            });
            machines.remove(name);
            recent.remove(name);
            save();
        }
        return Json.object();
    }

    private static ObjectNode busJson(Bus bus) {
        ObjectNode n = Json.object();
        n.put("Name", bus.name);
        n.put("Arn", bus.arn());
        if (bus.description != null) {
            n.put("Description", bus.description);
        }
        n.put("CreationTime", Json.epochSeconds(bus.created));
        n.put("LastModifiedTime", Json.epochSeconds(bus.created));
        return n;
    }

    // ---- rules ----------------------------------------------------------------------------------------------------

    private synchronized ObjectNode putRule(ObjectNode in) {
        String name = Json.required(in, "Name");
        if (!NAME.matcher(name).matches()) {
            throw AwsException.validation("Rule name must match [.\\-_A-Za-z0-9]{1,64}: " + name);
        }
        String busName = busName(in.hasNonNull("EventBusName") ? in.get("EventBusName").asText() : "default");
        bus(busName);
        String pattern = Json.text(in, "EventPattern");
        String schedule = Json.text(in, "ScheduleExpression");
        if (pattern == null && schedule == null) {
            throw AwsException.validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }
        if (pattern != null) {
            validatePattern(pattern);
        }
        if (schedule != null) {
            if (!busName.equals("default")) {
                throw AwsException.validation("ScheduleExpression is supported only on the default event bus.");
            }
            parseRuleSchedule(schedule);
        }
        String ruleState = in.hasNonNull("State") ? in.get("State").asText() : "ENABLED";
        if (!ruleState.equals("ENABLED") && !ruleState.equals("DISABLED")) {
            throw AwsException.validation("State must be ENABLED or DISABLED: " + ruleState);
        }
        Rule rule = state.rules.computeIfAbsent(EventsState.ruleKey(busName, name), k -> new Rule(name, busName));
        rule.eventPattern = pattern;
        rule.scheduleExpression = schedule;
        rule.state = ruleState;
        rule.description = Json.text(in, "Description");
        rule.roleArn = Json.text(in, "RoleArn");
        rule.scheduleAnchor = clock.instant();
        rebuildMachine(busName);
        save();
        armSchedule(rule);
        ObjectNode out = Json.object();
        out.put("RuleArn", rule.arn());
        return out;
    }

    private synchronized ObjectNode describeRule(ObjectNode in) {
        ObjectNode n = ruleJson(rule(in, "Name"));
        n.put("CreatedBy", EventsState.ACCOUNT);
        return n;
    }

    private synchronized ObjectNode listRules(ObjectNode in) {
        String busName = busName(in.hasNonNull("EventBusName") ? in.get("EventBusName").asText() : "default");
        bus(busName);
        String prefix = Json.text(in, "NamePrefix");
        ArrayNode list = Json.MAPPER.createArrayNode();
        state.rules.values().stream().filter(r -> r.bus.equals(busName))
                .filter(r -> prefix == null || r.name.startsWith(prefix)).forEach(r -> list.add(ruleJson(r)));
        ObjectNode out = Json.object();
        out.set("Rules", list);
        return out;
    }

    private synchronized ObjectNode deleteRule(ObjectNode in) {
        String busName = busName(in.hasNonNull("EventBusName") ? in.get("EventBusName").asText() : "default");
        Rule rule = state.rules.get(EventsState.ruleKey(busName, Json.required(in, "Name")));
        if (rule == null) {
            return Json.object(); // AWS: deleting a missing rule succeeds
        }
        if (!rule.targets.isEmpty() && !in.path("Force").asBoolean(false)) {
            throw AwsException.validation("Rule can't be deleted since it has targets.");
        }
        rule.generation++;
        state.rules.remove(EventsState.ruleKey(busName, rule.name));
        rebuildMachine(busName);
        save();
        return Json.object();
    }

    private synchronized ObjectNode setRuleState(ObjectNode in, String newState) {
        Rule rule = rule(in, "Name");
        rule.state = newState;
        save();
        armSchedule(rule);
        return Json.object();
    }

    private static ObjectNode ruleJson(Rule r) {
        ObjectNode n = Json.object();
        n.put("Name", r.name);
        n.put("Arn", r.arn());
        if (r.eventPattern != null) {
            n.put("EventPattern", r.eventPattern);
        }
        if (r.scheduleExpression != null) {
            n.put("ScheduleExpression", r.scheduleExpression);
        }
        n.put("State", r.state);
        if (r.description != null) {
            n.put("Description", r.description);
        }
        if (r.roleArn != null) {
            n.put("RoleArn", r.roleArn);
        }
        n.put("EventBusName", r.bus);
        return n;
    }

    // ---- targets --------------------------------------------------------------------------------------------------

    private synchronized ObjectNode putTargets(ObjectNode in) {
        Rule rule = rule(in, "Rule");
        JsonNode targets = in.get("Targets");
        if (targets == null || !targets.isArray() || targets.isEmpty() || targets.size() > 10) {
            throw AwsException.validation("Targets must contain between 1 and 10 entries");
        }
        // Validate all targets before storing any, so a bad request changes nothing.
        Map<String, ObjectNode> merged = new LinkedHashMap<>(rule.targets);
        for (JsonNode t : targets) {
            ObjectNode target = validateTarget(t);
            merged.put(target.get("Id").asText(), target);
        }
        if (merged.size() > MAX_TARGETS_PER_RULE) {
            throw new AwsException("LimitExceededException", "The requested resource exceeds the maximum number allowed of "
                    + MAX_TARGETS_PER_RULE + " targets per rule.", 400);
        }
        rule.targets.clear();
        rule.targets.putAll(merged);
        save();
        ObjectNode out = Json.object();
        out.put("FailedEntryCount", 0);
        out.putArray("FailedEntries");
        return out;
    }

    private static ObjectNode validateTarget(JsonNode t) {
        if (!t.isObject()) {
            throw AwsException.validation("Each target must be an object");
        }
        String id = Json.required(t, "Id");
        if (!TARGET_ID.matcher(id).matches()) {
            throw AwsException.validation("Target Id must match [.\\-_A-Za-z0-9]{1,64}: " + id);
        }
        Json.required(t, "Arn");
        int inputs = (t.hasNonNull("Input") ? 1 : 0) + (t.hasNonNull("InputPath") ? 1 : 0)
                + (t.hasNonNull("InputTransformer") ? 1 : 0);
        if (inputs > 1) {
            throw AwsException.validation("Target " + id + ": only one of Input, InputPath and InputTransformer may be set.");
        }
        if (t.hasNonNull("Input") && Json.parseOrNull(t.get("Input").asText()) == null) {
            throw AwsException.validation("Target " + id + ": Input is not valid JSON text.");
        }
        try {
            if (t.hasNonNull("InputPath")) {
                TargetInput.validatePath(t.get("InputPath").asText());
            }
            JsonNode transformer = t.get("InputTransformer");
            if (transformer != null && !transformer.isNull()) {
                if (!transformer.path("InputTemplate").isTextual() || transformer.path("InputTemplate").asText().isEmpty()) {
                    throw AwsException.validation("Target " + id + ": InputTransformer.InputTemplate is required.");
                }
                JsonNode paths = transformer.path("InputPathsMap");
                if (paths.size() > 100) {
                    throw AwsException.validation("Target " + id + ": InputPathsMap allows at most 100 entries.");
                }
                paths.properties().forEach(e -> {
                    if (!PATH_KEY.matcher(e.getKey()).matches() || e.getKey().startsWith("aws.")) {
                        throw AwsException.validation("Target " + id + ": invalid InputPathsMap key " + e.getKey());
                    }
                    TargetInput.validatePath(e.getValue().asText());
                });
            }
        } catch (IllegalArgumentException e) {
            throw new AwsException("ValidationException", "Target " + id + ": " + e.getMessage(), 400, e);
        }
        RetryPolicy.from(t.get("RetryPolicy"));
        String dlq = t.path("DeadLetterConfig").path("Arn").asText(null);
        if (dlq != null && !dlq.startsWith("arn:aws:sqs:")) {
            throw AwsException.validation("Target " + id + ": DeadLetterConfig.Arn must be an SQS queue ARN.");
        }
        return ((ObjectNode) t).deepCopy();
    }

    private synchronized ObjectNode removeTargets(ObjectNode in) {
        Rule rule = rule(in, "Rule");
        in.path("Ids").forEach(id -> rule.targets.remove(id.asText()));
        save();
        ObjectNode out = Json.object();
        out.put("FailedEntryCount", 0);
        out.putArray("FailedEntries");
        return out;
    }

    private synchronized ObjectNode listTargetsByRule(ObjectNode in) {
        Rule rule = rule(in, "Rule");
        ArrayNode list = Json.MAPPER.createArrayNode();
        rule.targets.values().forEach(list::add);
        ObjectNode out = Json.object();
        out.set("Targets", list);
        return out;
    }

    // ---- patterns -------------------------------------------------------------------------------------------------

    private ObjectNode testEventPattern(ObjectNode in) {
        String pattern = Json.required(in, "EventPattern");
        validatePattern(pattern);
        JsonNode event = Json.parseOrNull(Json.required(in, "Event"));
        if (event == null || !event.isObject()) {
            throw AwsException.validation("Parameter Event is not valid: it must be a JSON object.");
        }
        ObjectNode out = Json.object();
        out.put("Result", matches(pattern, Json.write(event)));
        return out;
    }

    private static void validatePattern(String pattern) {
        JsonNode node = Json.parseOrNull(pattern);
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw new AwsException("InvalidEventPatternException",
                    "Event pattern is not valid. Reason: the pattern must be a non-empty JSON object.", 400);
        }
        String problem = RuleCompiler.check(pattern);
        if (problem != null) {
            throw new AwsException("InvalidEventPatternException", "Event pattern is not valid. Reason: " + problem, 400);
        }
    }

    private static boolean matches(String pattern, String eventJson) {
        try {
            Machine machine = Machine.builder().build();
            machine.addRule("p", pattern);
            return !machine.rulesForJSONEvent(eventJson).isEmpty();
        } catch (Exception e) {
            throw new AwsException("InvalidEventPatternException", "Event pattern is not valid. Reason: " + e.getMessage(), 400, e);
        }
    }

    private void rebuildMachine(String bus) {
        Machine machine = Machine.builder().build();
        for (Rule r : state.rules.values()) {
            if (r.bus.equals(bus) && r.eventPattern != null) {
                try {
                    machine.addRule(r.name, r.eventPattern);
                } catch (IOException e) {
                    throw new AwsException("InvalidEventPatternException", "Event pattern is not valid. Reason: " + e.getMessage(), 400, e);
                }
            }
        }
        machines.put(bus, machine);
    }

    // ---- scheduled rules ------------------------------------------------------------------------------------------

    private static ScheduleExpression parseRuleSchedule(String expression) {
        if (expression.startsWith("at(")) {
            throw AwsException.validation("Parameter ScheduleExpression is not valid: rules accept rate() or cron() only.");
        }
        try {
            return ScheduleExpression.parse(expression, ZoneOffset.UTC);
        } catch (IllegalArgumentException e) {
            throw new AwsException("ValidationException", "Parameter ScheduleExpression is not valid. " + e.getMessage(), 400, e);
        }
    }

    /** Arms the next firing of a scheduled rule; older timers see a stale generation and do nothing. */
    private void armSchedule(Rule rule) {
        long generation = ++rule.generation;
        if (rule.scheduleExpression == null || !rule.enabled()) {
            return;
        }
        Instant anchor = rule.scheduleAnchor == null ? clock.instant() : rule.scheduleAnchor;
        ScheduleExpression expression = parseRuleSchedule(rule.scheduleExpression);
        expression.nextAfter(clock.instant(), anchor).ifPresent(at ->
                clock.schedule(at, () -> fireScheduledRule(rule.bus, rule.name, generation, at)));
    }

    private void fireScheduledRule(String bus, String name, long generation, Instant at) {
        List<Deliveries.Job> jobs = new ArrayList<>();
        synchronized (this) {
            Rule rule = state.rules.get(EventsState.ruleKey(bus, name));
            if (closed || rule == null || rule.generation != generation || !rule.enabled()) {
                return;
            }
            ObjectNode event = newEvent("aws.events", "Scheduled Event", Json.object(), List.of(rule.arn()),
                    at.truncatedTo(ChronoUnit.SECONDS));
            String json = Json.write(event);
            rule.targets.values().forEach(t -> jobs.add(job(rule, t, event, json, clock.instant())));
            armSchedule(rule);
        }
        LOG.debug("scheduled rule {} fired at {}", name, at);
        jobs.forEach(deliveries::submit);
    }

    // ---- archives -------------------------------------------------------------------------------------------------

    private synchronized ObjectNode createArchive(ObjectNode in) {
        String name = Json.required(in, "ArchiveName");
        if (!NAME.matcher(name).matches() || name.length() > 48) {
            throw AwsException.validation("Archive name must match [.\\-_A-Za-z0-9]{1,48}: " + name);
        }
        if (state.archives.containsKey(name)) {
            throw new AwsException("ResourceAlreadyExistsException", "Archive " + name + " already exists.", 400);
        }
        String bus = busName(Json.required(in, "EventSourceArn"));
        bus(bus);
        String pattern = Json.text(in, "EventPattern");
        if (pattern != null) {
            validatePattern(pattern);
        }
        Archive archive = new Archive(name, bus, pattern, Json.text(in, "Description"),
                Json.intIn(in, "RetentionDays", 0, Integer.MAX_VALUE, 0), clock.instant());
        state.archives.put(name, archive);
        save();
        ObjectNode out = Json.object();
        out.put("ArchiveArn", archive.arn());
        out.put("State", "ENABLED");
        out.put("CreationTime", Json.epochSeconds(archive.created));
        return out;
    }

    private synchronized ObjectNode describeArchive(ObjectNode in) {
        String name = Json.required(in, "ArchiveName");
        Archive a = state.archives.get(name);
        if (a == null) {
            throw notFound("Archive " + name + " does not exist.");
        }
        ObjectNode n = archiveJson(a);
        n.put("ArchiveArn", a.arn());
        if (a.description != null) {
            n.put("Description", a.description);
        }
        if (a.eventPattern != null) {
            n.put("EventPattern", a.eventPattern);
        }
        return n;
    }

    private synchronized ObjectNode listArchives(ObjectNode in) {
        String prefix = Json.text(in, "NamePrefix");
        String source = Json.text(in, "EventSourceArn");
        ArrayNode list = Json.MAPPER.createArrayNode();
        state.archives.values().stream().filter(a -> prefix == null || a.name.startsWith(prefix))
                .filter(a -> source == null || a.bus.equals(busName(source))).forEach(a -> list.add(archiveJson(a)));
        ObjectNode out = Json.object();
        out.set("Archives", list);
        return out;
    }

    private synchronized ObjectNode deleteArchive(ObjectNode in) {
        String name = Json.required(in, "ArchiveName");
        if (state.archives.remove(name) == null) {
            throw notFound("Archive " + name + " does not exist.");
        }
        save();
        try {
            Files.deleteIfExists(archiveFile(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete archive " + name, e);
        }
        return Json.object();
    }

    private ObjectNode archiveJson(Archive a) {
        ObjectNode n = Json.object();
        n.put("ArchiveName", a.name);
        n.put("EventSourceArn", state.buses.containsKey(a.bus) ? state.buses.get(a.bus).arn()
                : EventsState.ARN_PREFIX + "event-bus/" + a.bus);
        n.put("State", "ENABLED");
        n.put("RetentionDays", a.retentionDays);
        n.put("SizeBytes", a.sizeBytes);
        n.put("EventCount", a.eventCount);
        n.put("CreationTime", Json.epochSeconds(a.created));
        return n;
    }

    private void appendToArchive(Archive archive, String eventJson) {
        byte[] line = (eventJson + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(archiveDir);
            Files.write(archiveFile(archive.name), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to archive " + archive.name, e);
        }
        archive.eventCount++;
        archive.sizeBytes += line.length - 1;
    }

    private void countArchive(Archive archive) {
        for (String json : archivedEvents(archive.name)) {
            archive.eventCount++;
            archive.sizeBytes += json.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private Path archiveFile(String name) {
        return archiveDir.resolve(name + ".jsonl");
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** Accepts a bus name or a bus ARN. */
    private static String busName(String nameOrArn) {
        int slash = nameOrArn.indexOf(":event-bus/");
        return slash >= 0 ? nameOrArn.substring(slash + ":event-bus/".length()) : nameOrArn;
    }

    private Bus bus(String name) {
        Bus bus = state.buses.get(busName(name));
        if (bus == null) {
            throw notFound("Event bus " + name + " does not exist.");
        }
        return bus;
    }

    private Rule rule(ObjectNode in, String nameField) {
        String busName = busName(in.hasNonNull("EventBusName") ? in.get("EventBusName").asText() : "default");
        String name = Json.required(in, nameField);
        Rule rule = state.rules.get(EventsState.ruleKey(busName, name));
        if (rule == null) {
            throw notFound("Rule " + name + " does not exist on EventBus " + busName + ".");
        }
        return rule;
    }

    private static AwsException notFound(String message) {
        return new AwsException("ResourceNotFoundException", message, 400);
    }

    private void save() {
        stateFile.write(state.toJson());
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        deliveries.close();
    }
}
