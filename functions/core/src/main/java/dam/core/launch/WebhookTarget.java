package dam.core.launch;

import java.util.Objects;

/**
 * A channel target that receives signed webhook calls: https URL (http only for loopback tests), its secret, and how
 * long one call may take before it counts as failed (then retried, then dead-lettered — see WebhookDeliveryHandler).
 */
public record WebhookTarget(String id, String url, String secret, int timeoutSeconds) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 10;
    /** Below the delivery function's own timeout (30 s), so a hanging target fails the call, not the function. */
    public static final int MAX_TIMEOUT_SECONDS = 20;

    public WebhookTarget {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("timeoutSeconds must be 1.." + MAX_TIMEOUT_SECONDS);
        }
    }

    public WebhookTarget(String id, String url, String secret) {
        this(id, url, secret, DEFAULT_TIMEOUT_SECONDS);
    }

    /** Never log or return the secret. */
    @Override
    public String toString() {
        return "WebhookTarget[" + id + " → " + url + ", " + timeoutSeconds + " s]";
    }
}
