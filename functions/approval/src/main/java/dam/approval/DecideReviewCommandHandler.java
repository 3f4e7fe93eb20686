package dam.approval;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.observe.Telemetry;
import dam.aws.observe.Metrics;
import dam.aws.AwsClients;
import dam.core.DomainException;
import dam.core.FieldError;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;
import dam.core.review.ReviewDecisions;
import dam.core.review.ReviewEvents;
import dam.events.EventSchemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Command Decide Review} from the bus (integrations): {@code detail = {version: 1, commandId?, assetId,
 * assetVersion, reviewer, decision, comment?}} (events/schemas/command-decide-review.schema.json) → the reviewer's link
 * decided through the same core path as the link page and the console. A command that is off-schema or refused
 * (already decided, superseded, not a reviewer…) is answered with {@code Command Rejected} (source
 * {@value ReviewEvents#SOURCE}) with its reasons and not retried; infrastructure failures throw so Lambda retries.
 */
public final class DecideReviewCommandHandler implements RequestStreamHandler {

    /** Structured JSON logs + EMF metrics per invocation (dam.aws.observe). */
    private final Telemetry telemetry = new Telemetry("approval");

    private static final System.Logger LOG = System.getLogger(DecideReviewCommandHandler.class.getName());

    private final ReviewDecisions decisions;
    private final EventPublisher events;
    private final EventSchemas schemas;
    private final ObjectMapper json;

    /** Lambda entry: wires the AWS adapters once per process from the environment. */
    public DecideReviewCommandHandler() {
        this(new ApprovalWiring(new AwsClients()));
    }

    private DecideReviewCommandHandler(ApprovalWiring w) {
        this(w.reviews().decisions(), w.reviews().events(), EventSchemas.load(), w.json);
    }

    public DecideReviewCommandHandler(ReviewDecisions decisions, EventPublisher events, EventSchemas schemas,
                                      ObjectMapper json) {
        this.decisions = decisions;
        this.events = events;
        this.schemas = schemas;
        this.json = json;
    }

    /** Which command a rejection answers (the schema of Command Rejected). */
    record CommandRef(String detailType, String source, String eventId, String commandId) {
    }

    record RejectedDetail(int version, CommandRef command, List<FieldError> reasons) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = json.readTree(input);
        output.write(json.writeValueAsBytes(telemetry.run(context, event, log -> {
            var outcome = handle(event);
            if (outcome.containsKey("decided")) {
                log.count(Metrics.REVIEW_DECISIONS);
            } else {
                log.warn("command refused", "refused", outcome.get("refused"));
                log.count(Metrics.COMMANDS_REJECTED);
            }
            return outcome;
        })));
    }

    Map<String, Object> handle(JsonNode event) {
        JsonNode d = event.path("detail");
        String commandId = d.path("commandId").isTextual() ? d.get("commandId").asText()
                : event.path("id").asText(null);
        CommandRef ref = new CommandRef(ReviewEvents.DECIDE_COMMAND, event.path("source").asText(null),
                event.path("id").asText(null), commandId);
        List<FieldError> violations = schemas.validate(ReviewEvents.DECIDE_COMMAND, d.toString()).stream()
                .map(v -> new FieldError(v.field(), "schema." + v.keyword(), v.message())).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        if (!violations.isEmpty()) {
            return reject(ref, violations, out);
        }
        out.put("assetId", d.get("assetId").asText());
        try {
            ReviewDecisions.Decided r = decisions.decide(d.get("reviewer").asText(), d.get("assetId").asText(),
                    d.get("assetVersion").asInt(), d.get("decision").asText(),
                    d.path("comment").isTextual() ? d.get("comment").asText() : null, "command");
            out.put("decided", r.decision());
            out.put("round", r.round());
            out.put("stage", r.stage());
            return out;
        } catch (DomainException e) {
            LOG.log(System.Logger.Level.WARNING, "Command Decide Review for {0} by {1} refused: {2}",
                    d.get("assetId").asText(), d.get("reviewer").asText(), e.getMessage());
            return reject(ref, e.errors(), out);
        }
    }

    private Map<String, Object> reject(CommandRef ref, List<FieldError> reasons, Map<String, Object> out) {
        events.publish(new OutboundEvent(ReviewEvents.SOURCE, "Command Rejected", new RejectedDetail(1, ref,
                reasons)));
        out.put("refused", reasons.get(0).code());
        out.put("reasons", reasons);
        return out;
    }
}
