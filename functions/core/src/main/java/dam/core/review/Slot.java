package dam.core.review;

import java.time.Instant;

/**
 * One reviewer's place in a stage of a round. {@code linkHash} is the hash of the link mailed to them (never the
 * nonce); {@code decision} is approve / changes / reject, or none when no decision came in time; {@code closed} means
 * the stage was decided without them (their link then refuses). {@code reminded}/{@code escalated} make the timer
 * mails once-only.
 */
public record Slot(String reviewer, String linkHash, String decision, String comment, Instant decidedAt,
                   boolean closed, boolean reminded, boolean escalated) {

    static Slot open(String reviewer) {
        return new Slot(reviewer, null, null, null, null, false, false, false);
    }

    public boolean waiting() {
        return decision == null && !closed;
    }

    Slot withLink(String hash) {
        return new Slot(reviewer, hash, decision, comment, decidedAt, closed, reminded, escalated);
    }

    Slot decided(String d, String c, Instant at) {
        return new Slot(reviewer, linkHash, d, c, at, closed, reminded, escalated);
    }

    Slot close() {
        return new Slot(reviewer, linkHash, decision, comment, decidedAt, true, reminded, escalated);
    }

    Slot remindedNow() {
        return new Slot(reviewer, linkHash, decision, comment, decidedAt, closed, true, escalated);
    }

    Slot escalatedNow() {
        return new Slot(reviewer, linkHash, decision, comment, decidedAt, closed, reminded, true);
    }
}
