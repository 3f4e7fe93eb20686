package dam.approval;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.AwsClients;
import dam.core.DomainException;
import dam.core.review.ReviewDecisions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code Command Decide Review} from the bus (integrations): {@code detail = {version: 1, assetId, assetVersion,
 * reviewer, decision, comment?}} → the reviewer's link decided through the same core path as the link page and the
 * console. A refused command (already decided, superseded, not a reviewer…) is logged with its reason and not
 * retried: the result says why.
 */
public final class DecideReviewCommandHandler implements RequestStreamHandler {

    private static final System.Logger LOG = System.getLogger(DecideReviewCommandHandler.class.getName());

    private final ReviewDecisions decisions;
    private final ObjectMapper json;

    /** Lambda entry: wires the AWS adapters once per process from the environment. */
    public DecideReviewCommandHandler() {
        this(new ApprovalWiring(new AwsClients()));
    }

    private DecideReviewCommandHandler(ApprovalWiring w) {
        this(w.reviews().decisions(), w.json);
    }

    public DecideReviewCommandHandler(ReviewDecisions decisions, ObjectMapper json) {
        this.decisions = decisions;
        this.json = json;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(json.writeValueAsBytes(handle(json.readTree(input))));
    }

    Map<String, Object> handle(JsonNode event) {
        JsonNode d = event.path("detail");
        if (d.path("version").asInt() != 1 || !d.path("assetId").isTextual() || !d.path("reviewer").isTextual()
                || !d.path("decision").isTextual() || !d.path("assetVersion").canConvertToInt()) {
            throw new IllegalArgumentException("Command Decide Review needs version 1, assetId, assetVersion, "
                    + "reviewer and decision");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("assetId", d.get("assetId").asText());
        try {
            ReviewDecisions.Decided r = decisions.decide(d.get("reviewer").asText(), d.get("assetId").asText(),
                    d.get("assetVersion").asInt(), d.get("decision").asText(),
                    d.path("comment").isTextual() ? d.get("comment").asText() : null, "command");
            out.put("decided", r.decision());
            out.put("round", r.round());
            out.put("stage", r.stage());
        } catch (DomainException e) {
            LOG.log(System.Logger.Level.WARNING, "Command Decide Review for {0} by {1} refused: {2}",
                    d.get("assetId").asText(), d.get("reviewer").asText(), e.getMessage());
            out.put("refused", e.errors().get(0).code());
            out.put("reason", e.getMessage());
        }
        return out;
    }
}
