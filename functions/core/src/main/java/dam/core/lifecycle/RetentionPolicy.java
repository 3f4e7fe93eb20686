package dam.core.lifecycle;

import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ValidationException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An archiving and deletion policy, as data (one per brand or a default): archive {@code archiveAfterDays} after the
 * asset was last in use (its last placement ended, or it was approved and never placed), delete
 * {@code deleteAfterDays} after the same moment, or never when that is null. A legal hold blocks both; content still
 * live on a channel is never archived.
 */
public record RetentionPolicy(String name, int archiveAfterDays, Integer deleteAfterDays) {

    /** Ten years: longer retention is "keep forever" (null), not a number nobody will reach. */
    public static final int MAX_DAYS = 3_650;

    public RetentionPolicy {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            errors.add(new FieldError("name", Codes.INVALID, "a policy name is 1–63 of a-z, 0-9 and '-'"));
        }
        if (archiveAfterDays < 1 || archiveAfterDays > MAX_DAYS) {
            errors.add(new FieldError("archiveAfterDays", Codes.INVALID, "between 1 and " + MAX_DAYS + " days"));
        }
        if (deleteAfterDays != null && (deleteAfterDays <= archiveAfterDays || deleteAfterDays > MAX_DAYS)) {
            errors.add(new FieldError("deleteAfterDays", Codes.INVALID,
                    "after the archive age (" + archiveAfterDays + " days) and at most " + MAX_DAYS + " days, "
                            + "or absent to keep archived assets forever"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    public enum Action { KEEP, ARCHIVE, DELETE }

    /** What the policy says about one asset now, with the reason shown to admins and written to the audit trail. */
    public record Decision(Action action, String reason) {
    }

    /** The facts a decision needs; {@code lastUsedAt} null = never approved or used (drafts are not this policy's). */
    public record Facts(boolean archived, boolean legalHold, int livePlacements, Instant lastUsedAt) {
    }

    public Decision decide(Facts facts, Instant now) {
        Objects.requireNonNull(facts, "facts");
        if (facts.legalHold()) {
            return new Decision(Action.KEEP, "under legal hold");
        }
        if (facts.livePlacements() > 0) {
            return new Decision(Action.KEEP, "live on " + facts.livePlacements() + " placement(s)");
        }
        if (facts.lastUsedAt() == null) {
            return new Decision(Action.KEEP, "never approved or used");
        }
        long idleDays = Duration.between(facts.lastUsedAt(), now).toDays();
        if (deleteAfterDays != null && idleDays >= deleteAfterDays) {
            return new Decision(Action.DELETE, "unused for " + idleDays + " days (policy " + name + ": delete after "
                    + deleteAfterDays + ")");
        }
        if (!facts.archived() && idleDays >= archiveAfterDays) {
            return new Decision(Action.ARCHIVE, "unused for " + idleDays + " days (policy " + name
                    + ": archive after " + archiveAfterDays + ")");
        }
        return new Decision(Action.KEEP, facts.archived() ? "archived; " + deletion(facts.lastUsedAt())
                : "archives on " + facts.lastUsedAt().plus(Duration.ofDays(archiveAfterDays)));
    }

    private String deletion(Instant lastUsedAt) {
        return deleteAfterDays == null ? "kept forever" : "deleted on " + lastUsedAt.plus(Duration.ofDays(deleteAfterDays));
    }
}
