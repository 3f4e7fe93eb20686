package dam.core.approval;

import java.time.Instant;

/**
 * What the confirm page of a valid link shows: who it is for, what it is about (as it is now), until when, and the
 * CSRF value the form must send back. After a decision, {@code decision}/{@code comment} say what was recorded.
 */
public record LinkPage(String reviewer, String kind, Subject subject, Instant expiresAt, String csrf,
                       SubjectState current, Decision decision, String comment) {

    /** Never print the CSRF value. */
    @Override
    public String toString() {
        return "LinkPage[" + kind + " " + subject.auditKey() + " v" + subject.version() + " " + reviewer + "]";
    }
}
