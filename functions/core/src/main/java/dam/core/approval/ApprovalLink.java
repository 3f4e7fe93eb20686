package dam.core.approval;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored approval link (ARCHITECTURE §5). Keyed by {@code nonceHash} = hex SHA-256 of the nonce in the URL; the nonce
 * itself is never stored. {@code csrf} is a random value bound to this link, rendered into the confirm page and
 * required by the POST. {@code taskToken} is the Step Functions token to answer — never shown, logged or put in a URL.
 * {@code notified} records that the task was told of the decision (so a failed callback can be retried).
 */
public record ApprovalLink(String nonceHash, String csrf, String taskToken, String reviewer, String kind,
                           Subject subject, Instant issuedAt, Instant expiresAt, LinkState state,
                           Decision decision, String comment, Instant decidedAt, boolean notified) {

    public ApprovalLink {
        Objects.requireNonNull(nonceHash, "nonceHash");
        Objects.requireNonNull(csrf, "csrf");
        Objects.requireNonNull(taskToken, "taskToken");
        Objects.requireNonNull(reviewer, "reviewer");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(state, "state");
    }

    /** A short, non-secret handle for logs and audit details (a prefix of the hash, never the nonce). */
    public String handle() {
        return nonceHash.substring(0, 16);
    }

    /** Never print the token or the CSRF value. */
    @Override
    public String toString() {
        return "ApprovalLink[" + handle() + " " + kind + " " + subject.auditKey() + " v" + subject.version() + " "
                + reviewer + " " + state + "]";
    }

    ApprovalLink decided(Decision d, String c, Instant at) {
        return new ApprovalLink(nonceHash, csrf, taskToken, reviewer, kind, subject, issuedAt, expiresAt,
                LinkState.DECIDED, d, c, at, false);
    }
}
