package dam.expiry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.AwsClients;
import dam.aws.observe.Telemetry;
import dam.core.library.LibraryStore;
import dam.core.lifecycle.ExpiryCheck;
import dam.core.lifecycle.ExpiryPlanner;
import dam.core.lifecycle.ExpiryService;
import dam.core.lifecycle.RightsExpiry;
import dam.core.lifecycle.UsageTerm;
import dam.core.lifecycle.UsageTermService;
import dam.core.lifecycle.UsageTermStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The expiry-scan function's three inputs, one deployable:
 * <ul>
 *   <li>{@code Rights Changed} from the dam bus → the record's schedules re-planned from its <em>stored</em> state
 *       (events may arrive twice or out of order; the store is the truth): upserted for its end, cancelled when it is
 *       gone or open-ended; {@code Usage Term Changed} (a talent release or an offer) the same way;</li>
 *   <li>an {@link ExpiryCheck} (a schedule's input) → {@link ExpiryService#check};</li>
 *   <li>the daily {@code Scheduled Event} → {@link ExpirySweep}.</li>
 * </ul>
 * Anything else throws: it lands in the function's DLQ after Lambda's retries instead of vanishing.
 */
public final class ExpiryHandler implements RequestStreamHandler {

    private static final System.Logger LOG = System.getLogger(ExpiryHandler.class.getName());

    private final Telemetry telemetry = new Telemetry("expiry-scan");
    private final LibraryStore library;
    private final UsageTermStore terms;
    private final ExpiryPlanner planner;
    private final ExpiryService expiry;
    private final ExpirySweep sweep;
    private final ObjectMapper json;

    /** Lambda entry: wires the AWS adapters once per process (see {@link ExpiryWiring}). */
    public ExpiryHandler() {
        this(new ExpiryWiring(new AwsClients()));
    }

    private ExpiryHandler(ExpiryWiring w) {
        this(w.library, w.terms, w.planner, w.expiry, w.sweep, w.json);
    }

    public ExpiryHandler(LibraryStore library, UsageTermStore terms, ExpiryPlanner planner, ExpiryService expiry,
                         ExpirySweep sweep, ObjectMapper json) {
        this.library = library;
        this.terms = terms;
        this.planner = planner;
        this.expiry = expiry;
        this.sweep = sweep;
        this.json = json;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = json.readTree(input);
        output.write(json.writeValueAsBytes(telemetry.run(context, event, log -> handle(event))));
    }

    Object handle(JsonNode event) {
        String type = event.path("detail-type").asText("");
        if (type.equals("Rights Changed")) {
            return plan(event.path("detail").path("assetId").asText(), event.path("detail").path("rightsId").asText());
        }
        if (type.equals(UsageTermService.TERM_CHANGED)) {
            JsonNode d = event.path("detail");
            return planTerm(d.path("assetId").asText(), d.path("kind").asText(), d.path("termId").asText());
        }
        if (type.equals("Scheduled Event")) {
            ExpirySweep.Report r = sweep.sweep();
            // Printed for operators and bench/: the sweep must read only what expires.
            LOG.log(System.Logger.Level.INFO, "expiry sweep: {0} queries, {1} items read ({2} scanned), {3} capacity "
                    + "units, {4} re-scheduled, {5} expired, {6} skipped", r.queries(), r.itemsRead(), r.itemsScanned(),
                    r.capacity(), r.rescheduled(), r.expired(), r.skipped());
            return r;
        }
        if (event.has("assetId") && event.has("daysBefore")) {
            ExpiryCheck check;
            try {
                check = json.treeToValue(event, ExpiryCheck.class);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("schedule input is not an expiry check: " + e.getMessage(), e);
            }
            ExpiryService.Outcome o = expiry.check(check);
            LOG.log(System.Logger.Level.INFO, "expiry check {0}/{1} t-{2}: {3}{4}", check.assetId(),
                    check.subjectId(), check.daysBefore(), o.status(), o.reason() == null ? "" : " - " + o.reason());
            return o;
        }
        throw new IllegalArgumentException("not a Rights/Usage Term Changed event, an expiry check or the sweep: "
                + (type.isEmpty() ? "no detail-type" : type));
    }

    /** A talent release or offer: the same sync from its stored state. */
    private Map<String, Object> planTerm(String assetId, String kind, String termId) {
        if (assetId.isEmpty() || termId.isEmpty()
                || !(kind.equals(ExpiryCheck.TALENT) || kind.equals(ExpiryCheck.OFFER))) {
            throw new IllegalArgumentException("Usage Term Changed without assetId/termId or kind talent/offer");
        }
        Instant endsAt = terms.terms(assetId, kind).stream().filter(t -> t.termId().equals(termId)).findFirst()
                .map(UsageTerm::endsAt).orElse(null);
        planner.sync(assetId, termId, kind, endsAt);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("assetId", assetId);
        out.put("kind", kind);
        out.put("termId", termId);
        out.put("endsAt", endsAt == null ? null : endsAt.toString());
        out.put("planned", endsAt == null ? 0 : planner.plan(new ExpiryPlanner.Dated(assetId, termId, kind, endsAt))
                .size());
        return out;
    }

    private Map<String, Object> plan(String assetId, String rightsId) {
        if (assetId.isEmpty() || rightsId.isEmpty()) {
            throw new IllegalArgumentException("Rights Changed without assetId/rightsId");
        }
        Instant endsAt = library.rights(assetId).stream().filter(r -> r.rightsId().equals(rightsId)).findFirst()
                .map(RightsExpiry::endsAt).orElse(null);
        planner.sync(assetId, rightsId, ExpiryCheck.RIGHTS, endsAt);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("assetId", assetId);
        out.put("rightsId", rightsId);
        out.put("endsAt", endsAt == null ? null : endsAt.toString());
        out.put("planned", endsAt == null ? 0 : planner.plan(new ExpiryPlanner.Dated(assetId, rightsId,
                ExpiryCheck.RIGHTS, endsAt)).size());
        return out;
    }

}
