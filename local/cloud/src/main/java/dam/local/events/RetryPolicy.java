package dam.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** EventBridge / Scheduler target RetryPolicy; AWS defaults are 185 retries within 24 hours. */
public record RetryPolicy(int maximumRetryAttempts, int maximumEventAgeInSeconds) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(185, 86_400);

    /** Reads {@code {"MaximumRetryAttempts":n,"MaximumEventAgeInSeconds":s}}, validating AWS's ranges. */
    public static RetryPolicy from(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT;
        }
        return new RetryPolicy(
                Json.intIn(node, "MaximumRetryAttempts", 0, 185, DEFAULT.maximumRetryAttempts),
                Json.intIn(node, "MaximumEventAgeInSeconds", 60, 86_400, DEFAULT.maximumEventAgeInSeconds));
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("MaximumRetryAttempts", maximumRetryAttempts);
        n.put("MaximumEventAgeInSeconds", maximumEventAgeInSeconds);
        return n;
    }
}
