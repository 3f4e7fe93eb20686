package dam.core.review;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One stage of a review as set up from the brief: its reviewers (emails), its rule, the owner escalations go to, and
 * how long after the stage starts its decisions are due.
 */
public record StageSpec(String name, StageRule rule, List<String> reviewers, String owner, Duration due) {

    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    public static final int MAX_REVIEWERS = 25;

    public StageSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("stage name must be a short lowercase word, got '" + name + "'");
        }
        if (rule == null) {
            throw new IllegalArgumentException("stage " + name + " needs a rule");
        }
        reviewers = reviewers == null ? List.of() : reviewers.stream().map(r -> r.trim().toLowerCase(Locale.ROOT))
                .distinct().toList();
        if (reviewers.isEmpty() || reviewers.size() > MAX_REVIEWERS) {
            throw new IllegalArgumentException("stage " + name + " needs 1.." + MAX_REVIEWERS + " reviewers");
        }
        if (reviewers.stream().anyMatch(r -> !r.matches("[^@\\s]+@[^@\\s]+"))) {
            throw new IllegalArgumentException("stage " + name + ": reviewers are email addresses");
        }
        if (rule.needed(reviewers.size()) > reviewers.size()) {
            throw new IllegalArgumentException("stage " + name + ": quorum " + rule.quorum() + " of "
                    + reviewers.size() + " reviewers can never be met");
        }
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("stage " + name + " needs an owner (escalations go there)");
        }
        if (due == null || due.compareTo(Duration.ofHours(1)) < 0 || due.compareTo(Duration.ofDays(21)) > 0) {
            throw new IllegalArgumentException("stage " + name + ": due between 1 hour and 21 days, got " + due);
        }
    }
}
