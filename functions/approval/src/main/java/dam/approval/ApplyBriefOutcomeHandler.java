package dam.approval;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.observe.Telemetry;
import dam.aws.AwsClients;
import dam.core.brief.ApprovalKind;
import dam.core.brief.ApprovalVote;
import dam.core.brief.Brief;
import dam.core.brief.BriefResult;
import dam.core.approval.BriefApprovals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Last step of the brief-approval state machine: {@code {briefId, submittedVersion, roundId, votes: [{kind, approver,
 * vote: {decision, comment}, error?}]}} → the brief approved (Brief Approved) or back to draft with the approvers'
 * comments. A vote without a decision (the task timed out or failed: {@code decision = none}) is not approval.
 */
public final class ApplyBriefOutcomeHandler implements RequestStreamHandler {

    /** Structured JSON logs + EMF metrics per invocation (dam.aws.observe). */
    private final Telemetry telemetry = new Telemetry("approval");

    private static final System.Logger LOG = System.getLogger(ApplyBriefOutcomeHandler.class.getName());

    private final BriefApprovals approvals;
    private final ObjectMapper json;

    /** Lambda entry: wires the AWS adapters once per process from the environment. */
    public ApplyBriefOutcomeHandler() {
        this(new ApprovalWiring(new AwsClients()));
    }

    private ApplyBriefOutcomeHandler(ApprovalWiring w) {
        this(w.briefApprovals(), w.json);
    }

    public ApplyBriefOutcomeHandler(BriefApprovals approvals, ObjectMapper json) {
        this.approvals = approvals;
        this.json = json;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = json.readTree(input);
        output.write(json.writeValueAsBytes(telemetry.run(context, event, log -> handle(event))));
    }

    Map<String, Object> handle(JsonNode in) {
        String briefId = in.path("briefId").asText(null);
        if (briefId == null || !in.path("submittedVersion").canConvertToLong() || !in.path("votes").isArray()) {
            throw new IllegalArgumentException("briefId, submittedVersion and votes are required");
        }
        List<ApprovalVote> votes = new ArrayList<>();
        for (JsonNode v : in.get("votes")) {
            String decision = v.path("vote").path("decision").asText("none");
            votes.add(new ApprovalVote(ApprovalKind.fromCode(v.path("kind").asText()), v.path("approver").asText(),
                    ApprovalVote.Decision.fromCode(decision), v.path("vote").path("comment").asText(null)));
            if (v.hasNonNull("error")) {
                LOG.log(System.Logger.Level.INFO, "brief {0}: no decision from {1} ({2}): {3}", briefId,
                        v.path("approver").asText(), v.path("kind").asText(), v.get("error").asText());
            }
        }
        String roundId = in.path("roundId").asText(null);
        BriefResult r = approvals.apply(briefId, in.get("submittedVersion").asLong(), roundId, votes);
        Brief b = r.brief();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("briefId", b.id());
        out.put("status", b.status().code());
        out.put("version", b.version());
        out.put("applied", r.applied());
        out.put("votes", votes.stream().map(v -> v.kind().code() + ":" + v.approver() + "=" + v.decision().code())
                .toList());
        return out;
    }
}
