package dam.core.review;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Locale;

/**
 * When a stage is approved: {@code all} reviewers, {@code any} one, or a {@code quorum:n}. A stage is decided as soon as
 * its outcome can no longer change: approved once enough approve; otherwise, once approval is out of reach, rejected if
 * anyone rejected, else changes requested if anyone asked for changes, else expired (nobody decided in time).
 */
public record StageRule(Kind kind, int quorum) {

    public enum Kind { ALL, ANY, QUORUM }

    public static final StageRule ALL = new StageRule(Kind.ALL, 0);
    public static final StageRule ANY = new StageRule(Kind.ANY, 0);

    public StageRule {
        if (kind == null) {
            throw new IllegalArgumentException("rule kind is required");
        }
        if (kind == Kind.QUORUM ? quorum < 1 : quorum != 0) {
            throw new IllegalArgumentException("a quorum rule needs n >= 1, other rules none");
        }
    }

    public static StageRule quorum(int n) {
        return new StageRule(Kind.QUORUM, n);
    }

    /** "all", "any" or "quorum:n". */
    @JsonCreator
    public static StageRule parse(String code) {
        String c = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
        if (c.equals("all")) {
            return ALL;
        }
        if (c.equals("any")) {
            return ANY;
        }
        if (c.matches("quorum:[1-9][0-9]{0,2}")) {
            return quorum(Integer.parseInt(c.substring("quorum:".length())));
        }
        throw new IllegalArgumentException("a rule is all, any or quorum:n, got '" + code + "'");
    }

    @JsonValue
    public String code() {
        return kind == Kind.QUORUM ? "quorum:" + quorum : kind.name().toLowerCase(Locale.ROOT);
    }

    /** Approvals needed among {@code reviewers}. */
    public int needed(int reviewers) {
        return switch (kind) {
            case ALL -> reviewers;
            case ANY -> 1;
            case QUORUM -> quorum;
        };
    }

    /**
     * @param votes one per reviewer: approve, changes, reject, none (no decision in time) or null (still waiting)
     */
    public Outcome evaluate(List<String> votes) {
        int approvals = 0;
        int waiting = 0;
        boolean reject = false;
        boolean changes = false;
        for (String v : votes) {
            if (v == null) {
                waiting++;
            } else {
                switch (v) {
                    case "approve" -> approvals++;
                    case "reject" -> reject = true;
                    case "changes" -> changes = true;
                    default -> { } // "none": no decision counts as no approval
                }
            }
        }
        int needed = needed(votes.size());
        if (approvals >= needed) {
            return Outcome.APPROVED;
        }
        if (approvals + waiting >= needed) {
            return Outcome.PENDING;
        }
        return reject ? Outcome.REJECTED : changes ? Outcome.CHANGES_REQUESTED : Outcome.EXPIRED;
    }
}
