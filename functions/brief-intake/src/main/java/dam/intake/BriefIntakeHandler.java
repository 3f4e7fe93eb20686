package dam.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.observe.Telemetry;
import dam.aws.observe.Metrics;
import dam.aws.AwsClients;
import dam.aws.BriefWiring;
import dam.core.DomainException;
import dam.core.FieldError;
import dam.core.brief.BriefInput;
import dam.core.brief.BriefResult;
import dam.core.brief.BriefService;
import dam.core.brief.CreateBriefCommand;
import dam.core.brief.UpdateBriefCommand;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;
import dam.events.EventSchemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Lambda for inbound brief commands (EventBridge events with detail-type "Command Create Brief" / "Command Update
 * Brief"). Thin: check the detail against its JSON Schema, call the brief service (which publishes "Brief Created" /
 * "Brief Changed"), and answer with a small JSON outcome. A bad command — malformed, off-schema, invalid, stale,
 * unknown brief — is answered with a "Command Rejected" event carrying every reason and a normal return (a throw would
 * make Lambda retry something that can never succeed). Infrastructure failures do throw, so Lambda retries them; the
 * command id (detail.commandId, else the event id) makes those retries idempotent.
 */
public final class BriefIntakeHandler implements RequestStreamHandler {

    /** Structured JSON logs + EMF metrics per invocation (dam.aws.observe). */
    private final Telemetry telemetry = new Telemetry("brief-intake");

    public static final String CREATE = "Command Create Brief";
    public static final String UPDATE = "Command Update Brief";
    public static final String REJECTED = "Command Rejected";
    static final String SOURCE = "dam.briefs";
    static final int MAX_REASONS = 50;
    private static final System.Logger LOG = System.getLogger(BriefIntakeHandler.class.getName());

    private final BriefService briefs;
    private final EventPublisher events;
    private final EventSchemas schemas;
    private final ObjectMapper json;

    /** Lambda entry: wires the AWS adapters once per process from the environment. */
    public BriefIntakeHandler() {
        this(new BriefWiring(new AwsClients()));
    }

    private BriefIntakeHandler(BriefWiring wiring) {
        this(wiring.briefs, wiring.events, EventSchemas.load(), wiring.json);
    }

    public BriefIntakeHandler(BriefService briefs, EventPublisher events, EventSchemas schemas, ObjectMapper json) {
        this.briefs = briefs;
        this.events = events;
        this.schemas = schemas;
        this.json = json;
    }

    /** What the function returns (visible to synchronous invokers and in the local cloud's logs). */
    public record Outcome(String outcome, String briefId, Long version, List<FieldError> reasons) {
    }

    /** Where the command came from, echoed in "Command Rejected" so senders can correlate. */
    record CommandRef(String detailType, String source, String eventId, String commandId) {
    }

    record RejectedDetail(int version, CommandRef command, List<FieldError> reasons) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        Outcome outcome = telemetry.run(context, event, log -> {
            Outcome o = handle(event);
            log.info("brief command handled", "outcome", o.outcome(), "briefId", o.briefId());
            switch (o.outcome()) {
                case "created" -> log.count(Metrics.BRIEFS_CREATED);
                case "updated" -> log.count(Metrics.BRIEFS_UPDATED);
                case "rejected" -> log.count(Metrics.COMMANDS_REJECTED);
                default -> { } // already applied: a retry, nothing new
            }
            return o;
        });
        output.write(json.writeValueAsBytes(outcome));
    }

    Outcome handle(byte[] raw) {
        JsonNode event;
        try {
            event = json.readTree(raw);
        } catch (IOException e) {
            return reject(new CommandRef("unknown", null, null, null),
                    List.of(new FieldError("$", "malformed", "the event is not valid JSON")));
        }
        if (event == null || !event.isObject()) {
            return reject(new CommandRef("unknown", null, null, null),
                    List.of(new FieldError("$", "malformed", "the event must be a JSON object")));
        }
        String detailType = text(event, "detail-type");
        JsonNode detail = event.get("detail");
        String commandId = detail != null && detail.hasNonNull("commandId") ? detail.get("commandId").asText()
                : text(event, "id");
        CommandRef ref = new CommandRef(detailType == null ? "unknown" : detailType, text(event, "source"),
                text(event, "id"), commandId);
        if (!CREATE.equals(detailType) && !UPDATE.equals(detailType)) {
            return reject(ref, List.of(new FieldError("detail-type", FieldError.Codes.UNKNOWN_VALUE,
                    "this function handles '" + CREATE + "' and '" + UPDATE + "', not '" + detailType + "'")));
        }
        if (detail == null || !detail.isObject()) {
            return reject(ref, List.of(new FieldError("detail", FieldError.Codes.REQUIRED,
                    "the event has no detail object")));
        }
        List<FieldError> violations = schemas.validate(detailType, detail.toString()).stream()
                .map(v -> new FieldError(v.field(), "schema." + v.keyword(), v.message())).toList();
        if (!violations.isEmpty()) {
            return reject(ref, violations);
        }
        String actor = detail.get("requestedBy").asText();
        try {
            if (CREATE.equals(detailType)) {
                BriefResult r = briefs.create(new CreateBriefCommand(commandId, actor, input(detail.get("brief"))));
                return done(r.applied() ? "created" : "already-applied", r);
            }
            BriefResult r = briefs.update(new UpdateBriefCommand(commandId, actor, detail.get("briefId").asText(),
                    detail.get("expectedVersion").asLong(), input(detail.get("changes"))));
            return done(r.applied() ? "updated" : "already-applied", r);
        } catch (DomainException e) {
            String prefix = CREATE.equals(detailType) ? "brief." : "changes.";
            return reject(ref, e.errors().stream().map(x -> new FieldError(
                    isInputField(x.field()) ? prefix + x.field() : x.field(), x.code(), x.message())).toList());
        }
    }

    private BriefInput input(JsonNode node) {
        try {
            return json.treeToValue(node, BriefInput.class);
        } catch (JsonProcessingException e) {
            // The schema admitted it, so this is our bug, not the sender's: fail loudly (and retry).
            throw new IllegalStateException("schema-valid brief input could not be mapped", e);
        }
    }

    /** Domain errors about the brief's own fields are reported at their place in the command detail. */
    private static boolean isInputField(String field) {
        return !field.equals("actor") && !field.equals("briefId") && !field.equals("expectedVersion")
                && !field.equals("status");
    }

    private static Outcome done(String what, BriefResult r) {
        return new Outcome(what, r.brief().id(), r.brief().version(), null);
    }

    private Outcome reject(CommandRef ref, List<FieldError> all) {
        List<FieldError> reasons = bounded(all);
        LOG.log(System.Logger.Level.INFO, "rejected {0} (event {1}, command {2}): {3} reason(s), first: {4} {5}",
                ref.detailType(), ref.eventId(), ref.commandId(), reasons.size(), reasons.get(0).field(),
                reasons.get(0).code());
        events.publish(new OutboundEvent(SOURCE, REJECTED, new RejectedDetail(1, ref, reasons)));
        return new Outcome("rejected", null, null, reasons);
    }

    /** Keeps the rejection event well under EventBridge's 256 KB, whatever the sender sent. */
    private static List<FieldError> bounded(List<FieldError> reasons) {
        List<FieldError> out = new java.util.ArrayList<>();
        for (FieldError r : reasons.subList(0, Math.min(reasons.size(), MAX_REASONS))) {
            out.add(new FieldError(clip(r.field(), 200), r.code(), clip(r.message(), 500)));
        }
        if (reasons.size() > MAX_REASONS) {
            out.add(new FieldError("$", "too_many_errors", (reasons.size() - MAX_REASONS) + " more reasons omitted"));
        }
        return out;
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
