package dam.core.launch;

import java.util.Objects;

/** A channel target that receives signed webhook calls: https URL (http only for loopback tests) and its secret. */
public record WebhookTarget(String id, String url, String secret) {

    public WebhookTarget {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
    }

    /** Never log or return the secret. */
    @Override
    public String toString() {
        return "WebhookTarget[" + id + " → " + url + "]";
    }
}
