package dam.approval;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.observe.Telemetry;
import dam.aws.observe.Metrics;
import dam.aws.AwsClients;
import dam.core.approval.ApprovalRequester;
import dam.core.approval.Subject;
import dam.core.review.ReviewService;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Invoked by a state machine Task {@code arn:aws:states:::lambda:invoke.waitForTaskToken} with
 * {@code {taskToken, subject: {type, id, version, contentSha256?}, reviewer, kind, dueAt?, review?: {round}}}: issues
 * an approval link for the task and mails it to the reviewer (for an asset review round, the review records the link
 * and sets the reviewer's reminder and escalation timers). The task then waits until the reviewer decides on the link's page. The
 * token is stored with the link and never logged or returned. A malformed payload throws (the workflow catches it).
 */
public final class RequestApprovalHandler implements RequestStreamHandler {

    /** Structured JSON logs + EMF metrics per invocation (dam.aws.observe). */
    private final Telemetry telemetry = new Telemetry("approval");

    private static final System.Logger LOG = System.getLogger(RequestApprovalHandler.class.getName());

    private final ApprovalRequester requester;
    private final ReviewService reviews;
    private final ObjectMapper json;

    /** Lambda entry: wires the AWS adapters once per process from the environment. */
    public RequestApprovalHandler() {
        this(new ApprovalWiring(new AwsClients()));
    }

    private RequestApprovalHandler(ApprovalWiring w) {
        this(w.requester(), w.reviews().service(), w.json);
    }

    public RequestApprovalHandler(ApprovalRequester requester, ObjectMapper json) {
        this(requester, null, json);
    }

    /** @param reviews told of links sent for asset review rounds (payloads with {@code review: {round}}) */
    public RequestApprovalHandler(ApprovalRequester requester, ReviewService reviews, ObjectMapper json) {
        this.requester = requester;
        this.reviews = reviews;
        this.json = json;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = json.readTree(input);
        output.write(json.writeValueAsBytes(telemetry.run(context, event, log -> {
            var sent = handle(event);
            log.count(Metrics.APPROVAL_REQUESTS_SENT);
            return sent;
        })));
    }

    Map<String, Object> handle(JsonNode in) {
        if (in == null || !in.isObject()) {
            throw new IllegalArgumentException("payload must be a JSON object");
        }
        String token = text(in, "taskToken");
        JsonNode s = in.path("subject");
        if (!s.isObject() || !s.path("version").canConvertToLong()) {
            throw new IllegalArgumentException("subject {type, id, version} is required");
        }
        Subject subject = new Subject(s.path("type").asText(null), s.path("id").asText(null),
                s.path("version").asLong(), s.hasNonNull("contentSha256") ? s.get("contentSha256").asText() : null);
        String reviewer = text(in, "reviewer");
        String kind = text(in, "kind");
        Instant dueAt = null;
        if (in.hasNonNull("dueAt")) {
            try {
                dueAt = Instant.parse(in.get("dueAt").asText());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("dueAt must be an ISO-8601 instant", e);
            }
        }
        JsonNode review = in.path("review");
        if (!review.isMissingNode() && (!review.path("round").canConvertToInt() || reviews == null)) {
            throw new IllegalArgumentException("review {round} is required for review requests (and must be wired)");
        }
        ApprovalRequester.Sent sent = requester.request(subject, reviewer, kind, token, dueAt);
        if (!review.isMissingNode()) {
            reviews.linkIssued(subject.id(), review.get("round").asInt(), kind, reviewer, sent.link().nonceHash());
        }
        LOG.log(System.Logger.Level.INFO, "approval link {0} ({1} of {2} v{3}) mailed to {4}, message {5}",
                sent.link().handle(), kind, subject.auditKey(), subject.version(), reviewer, sent.messageId());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("link", sent.link().handle());
        out.put("expiresAt", sent.link().expiresAt().toString());
        out.put("messageId", sent.messageId());
        return out;
    }

    private static String text(JsonNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return v.asText();
    }
}
