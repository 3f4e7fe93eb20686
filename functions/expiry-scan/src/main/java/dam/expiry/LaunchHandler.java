package dam.expiry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.AwsClients;
import dam.aws.observe.Metrics;
import dam.aws.observe.Telemetry;
import dam.core.DomainException;
import dam.core.FieldError;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;
import dam.core.launch.PlacementInput;
import dam.core.launch.PlacementService;
import dam.core.library.share.ShareRevocations;
import dam.core.lifecycle.ExpiryCheck;
import dam.core.lifecycle.ExpiryService;
import dam.events.EventSchemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The launch function's inputs, one deployable (see {@link LaunchWiring}):
 * <ul>
 *   <li>{@code Command Register Placement} from integrations → validated against its schema, then recorded through
 *       {@link PlacementService#register} (the same checks and record as publishing through the API; the same target
 *       again changes nothing). Off-schema or refused → {@code Command Rejected} (source
 *       {@value PlacementService#SOURCE}) with every reason, not retried;</li>
 *   <li>{@code Asset Expired} (T-0) → every live share link of the asset revoked, reason
 *       {@value ShareRevocations#RIGHTS_EXPIRED}, each a {@code Share Revoked} event;</li>
 *   <li>the daily {@code Scheduled Event} → the re-approval sweep over placements that reached their brand's age
 *       ({@link ReapprovalSweep}).</li>
 * </ul>
 * Infrastructure failures throw, so Lambda retries and then dead-letters.
 */
public final class LaunchHandler implements RequestStreamHandler {

    public static final String REGISTER_COMMAND = "Command Register Placement";
    static final String ACTOR = ExpiryService.ACTOR;
    private static final System.Logger LOG = System.getLogger(LaunchHandler.class.getName());

    private final Telemetry telemetry = new Telemetry("launch");
    private final PlacementService placements;
    private final ShareRevocations shares;
    private final ReapprovalSweep reapprovals;
    private final EventPublisher events;
    private final EventSchemas schemas;
    private final ObjectMapper json;

    /** Lambda entry: wires the AWS adapters once per process. */
    public LaunchHandler() {
        this(new LaunchWiring(new AwsClients()));
    }

    private LaunchHandler(LaunchWiring w) {
        this(w.placements, w.shares, w.reapprovals, w.events, EventSchemas.load(), w.json);
    }

    public LaunchHandler(PlacementService placements, ShareRevocations shares, ReapprovalSweep reapprovals,
                         EventPublisher events, EventSchemas schemas, ObjectMapper json) {
        this.placements = placements;
        this.shares = shares;
        this.reapprovals = reapprovals;
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
            Map<String, Object> out = handle(event);
            if (out.containsKey("refused")) {
                log.warn("command refused", "refused", out.get("refused"));
                log.count(Metrics.COMMANDS_REJECTED);
            }
            return out;
        })));
    }

    Map<String, Object> handle(JsonNode event) {
        String type = event.path("detail-type").asText("");
        JsonNode d = event.path("detail");
        Map<String, Object> out = new LinkedHashMap<>();
        switch (type) {
            case REGISTER_COMMAND -> register(event, d, out);
            case ExpiryService.ASSET_EXPIRED -> {
                String assetId = d.path("assetId").asText("");
                if (assetId.isEmpty()) {
                    throw new IllegalArgumentException("Asset Expired without assetId");
                }
                String kind = d.path("kind").asText(ExpiryCheck.RIGHTS);
                String reason = ExpiryCheck.RIGHTS.equals(kind) ? ShareRevocations.RIGHTS_EXPIRED : kind + " ended";
                int n = shares.revokeAllFor(assetId, ACTOR, reason);
                LOG.log(System.Logger.Level.INFO, "asset {0} expired: {1} share link(s) revoked", assetId, n);
                out.put("assetId", assetId);
                out.put("sharesRevoked", n);
            }
            case "Scheduled Event" -> {
                ReapprovalSweep.Report r = reapprovals.sweep();
                LOG.log(System.Logger.Level.INFO, "re-approval sweep: {0} queries, {1} items read, {2} rounds "
                        + "started, {3} retired, {4} skipped", r.queries(), r.itemsRead(), r.reviews(), r.retired(),
                        r.skipped());
                out.put("sweep", r);
            }
            default -> throw new IllegalArgumentException("not a Command Register Placement, an Asset Expired or "
                    + "the daily sweep: " + (type.isEmpty() ? "no detail-type" : type));
        }
        return out;
    }

    private void register(JsonNode event, JsonNode d, Map<String, Object> out) {
        String commandId = d.path("commandId").isTextual() ? d.get("commandId").asText()
                : event.path("id").asText(null);
        CommandRef ref = new CommandRef(REGISTER_COMMAND, event.path("source").asText(null),
                event.path("id").asText(null), commandId);
        List<FieldError> violations = schemas.validate(REGISTER_COMMAND, d.toString()).stream()
                .map(v -> new FieldError(v.field(), "schema." + v.keyword(), v.message())).toList();
        if (!violations.isEmpty()) {
            reject(ref, violations, out);
            return;
        }
        String assetId = d.get("assetId").asText();
        out.put("assetId", assetId);
        PlacementInput in = new PlacementInput(d.get("channel").asText(), text(d, "targetId"), text(d, "url"));
        String source = event.path("source").asText("integration");
        try {
            PlacementService.Placed p = placements.register(assetId, in, source, d.get("placedBy").asText());
            out.put("placementId", p.placement().id());
            out.put("created", p.created());
        } catch (DomainException e) {
            LOG.log(System.Logger.Level.WARNING, "Command Register Placement for {0} from {1} refused: {2}", assetId,
                    source, e.getMessage());
            reject(ref, e.errors(), out);
        }
    }

    private void reject(CommandRef ref, List<FieldError> reasons, Map<String, Object> out) {
        events.publish(new OutboundEvent(PlacementService.SOURCE, "Command Rejected", new RejectedDetail(1, ref,
                reasons)));
        out.put("refused", reasons.get(0).code());
        out.put("reasons", reasons);
    }

    private static String text(JsonNode d, String field) {
        return d.path(field).isTextual() ? d.get(field).asText() : null;
    }
}
