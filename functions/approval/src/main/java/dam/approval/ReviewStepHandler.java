package dam.approval;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.observe.Telemetry;
import dam.aws.AwsClients;
import dam.core.review.Outcome;
import dam.core.review.ReviewService;
import dam.core.review.Slot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The asset-review state machine's own steps ({@code step}): {@code open} (a ready version starts or resumes a
 * review), {@code plan} (the next stage of a round, or its outcome), {@code closeStage} (apply the stage's rule to the
 * collected votes), {@code closeRound} (approve / tell the creator, publish) and {@code await} (a
 * {@code waitForTaskToken} task: store the token that the creator's next version resumes). Malformed input throws.
 */
public final class ReviewStepHandler implements RequestStreamHandler {

    /** Structured JSON logs + EMF metrics per invocation (dam.aws.observe). */
    private final Telemetry telemetry = new Telemetry("approval");

    private final ReviewService reviews;
    private final ObjectMapper json;

    /** Lambda entry: wires the AWS adapters once per process from the environment. */
    public ReviewStepHandler() {
        this(new ApprovalWiring(new AwsClients()));
    }

    private ReviewStepHandler(ApprovalWiring w) {
        this(w.reviews().service(), w.json);
    }

    public ReviewStepHandler(ReviewService reviews, ObjectMapper json) {
        this.reviews = reviews;
        this.json = json;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = json.readTree(input);
        output.write(json.writeValueAsBytes(telemetry.run(context, event, log -> handle(event))));
    }

    Map<String, Object> handle(JsonNode in) {
        String step = text(in, "step");
        String assetId = text(in, "assetId");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("assetId", assetId);
        switch (step) {
            case "open" -> {
                ReviewService.Opened o = reviews.open(assetId, integer(in, "version"), null);
                out.put("action", o.action());
                out.put("round", o.round());
                if (o.reason() != null) {
                    out.put("reason", o.reason());
                }
            }
            case "reopen" -> {
                // A placement reached its brand's age (dam.expiry.ReapprovalSweep): a re-approval round.
                ReviewService.Opened o = reviews.reopen(assetId, integer(in, "version"), text(in, "reason"));
                out.put("action", o.action());
                out.put("round", o.round());
                if (o.reason() != null) {
                    out.put("reason", o.reason());
                }
            }
            case "plan" -> plan(reviews.planStage(assetId, integer(in, "round")), out);
            case "closeStage" -> {
                if (!in.path("votes").isArray()) {
                    throw new IllegalArgumentException("votes must be an array");
                }
                List<ReviewService.Vote> votes = new ArrayList<>();
                for (JsonNode v : in.get("votes")) {
                    votes.add(new ReviewService.Vote(v.path("reviewer").asText(), v.path("decision").asText("none"),
                            v.path("comment").isTextual() ? v.get("comment").asText() : null));
                }
                out.put("outcome", reviews.closeStage(assetId, integer(in, "round"), text(in, "stage"), votes)
                        .code());
            }
            case "closeRound" -> out.put("outcome", reviews.closeRound(assetId, integer(in, "round")).code());
            case "await" -> {
                reviews.awaitVersion(assetId, integer(in, "round"), text(in, "taskToken"));
                out.put("waiting", true);
            }
            default -> throw new IllegalArgumentException("unknown step '" + step + "'");
        }
        return out;
    }

    /** Flat enough for the state machine's paths: the reviewers as a list of emails. */
    private static void plan(ReviewService.Plan p, Map<String, Object> out) {
        out.put("done", p.done());
        out.put("outcome", p.outcome().code());
        out.put("round", p.round());
        out.put("version", p.version());
        out.put("contentSha256", p.contentSha256());
        if (!p.done()) {
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("name", p.stage().name());
            stage.put("rule", p.stage().rule().code());
            stage.put("owner", p.stage().owner());
            stage.put("dueAt", p.stage().dueAt().toString());
            stage.put("reviewers", p.stage().slots().stream().map(Slot::reviewer).toList());
            out.put("stage", stage);
            out.put("linkExpiresAt", p.linkExpiresAt().toString());
            out.put("timeoutSeconds", p.timeoutSeconds());
            out.put("heartbeatSeconds", p.heartbeatSeconds());
        } else if (p.outcome() == Outcome.PENDING) {
            throw new IllegalStateException("a finished plan has an outcome");
        }
    }

    private static String text(JsonNode in, String field) {
        JsonNode v = in.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return v.asText();
    }

    private static int integer(JsonNode in, String field) {
        JsonNode v = in.path(field);
        if (!v.canConvertToInt() || v.asInt() < 1) {
            throw new IllegalArgumentException(field + " must be a positive integer");
        }
        return v.asInt();
    }
}
