package dam.approval;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.observe.Telemetry;
import dam.aws.AwsClients;
import dam.core.review.ReviewNudges;
import dam.core.review.ReviewTimers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Target of the review timers (EventBridge Scheduler one-time schedules): {@code {kind: remind|escalate, assetId,
 * round, stage, reviewer}} → the reminder to the reviewer or the escalation to the stage owner, once per slot.
 */
public final class ReviewTimerHandler implements RequestStreamHandler {

    /** Structured JSON logs + EMF metrics per invocation (dam.aws.observe). */
    private final Telemetry telemetry = new Telemetry("approval");

    private static final System.Logger LOG = System.getLogger(ReviewTimerHandler.class.getName());

    private final ReviewNudges nudges;
    private final ObjectMapper json;

    /** Lambda entry: wires the AWS adapters once per process from the environment. */
    public ReviewTimerHandler() {
        this(new ApprovalWiring(new AwsClients()));
    }

    private ReviewTimerHandler(ApprovalWiring w) {
        this(w.reviews().nudges(), w.json);
    }

    public ReviewTimerHandler(ReviewNudges nudges, ObjectMapper json) {
        this.nudges = nudges;
        this.json = json;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = json.readTree(input);
        output.write(json.writeValueAsBytes(telemetry.run(context, event, log -> handle(event))));
    }

    Map<String, Object> handle(JsonNode in) {
        ReviewTimers.Timer t = json.convertValue(in, ReviewTimers.Timer.class);
        if (t.assetId() == null || t.stage() == null || t.reviewer() == null || t.round() < 1) {
            throw new IllegalArgumentException("a review timer needs kind, assetId, round, stage and reviewer");
        }
        String result = nudges.fire(t);
        LOG.log(System.Logger.Level.INFO, "review timer {0} for {1} ({2}, round {3}, {4}): {5}", t.kind(),
                t.reviewer(), t.assetId(), t.round(), t.stage(), result);
        return Map.of("result", result);
    }
}
