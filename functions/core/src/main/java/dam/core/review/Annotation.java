package dam.core.review;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A review point on one version: pinned by its {@link Anchor}, with a thread of replies, resolved or open, and the
 * creator's answer (accept, or object with a reason) — every point of a round must be answered before the creator's
 * next version starts the next round. {@code revision} guards concurrent edits.
 */
public record Annotation(String id, String assetId, int version, int round, String author, Anchor anchor,
                         String body, boolean resolved, List<Reply> replies, Answer answer, Instant createdAt,
                         Instant updatedAt, long revision) {

    public Annotation {
        replies = List.copyOf(replies);
    }

    public record Reply(String id, String author, String body, Instant at) {
    }

    /** The creator's answer to a point: {@code accept} or {@code object} (with a reason). */
    public record Answer(String code, String reason, String by, Instant at) {
    }

    Annotation replied(Reply r, Instant at) {
        List<Reply> out = new ArrayList<>(replies);
        out.add(r);
        return new Annotation(id, assetId, version, round, author, anchor, body, resolved, out, answer, createdAt, at,
                revision + 1);
    }

    Annotation resolvedAs(boolean value, Instant at) {
        return new Annotation(id, assetId, version, round, author, anchor, body, value, replies, answer, createdAt, at,
                revision + 1);
    }

    Annotation answered(Answer a, Instant at) {
        return new Annotation(id, assetId, version, round, author, anchor, body, resolved, replies, a, createdAt, at,
                revision + 1);
    }
}
