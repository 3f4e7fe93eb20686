package dam.core.launch;

import java.util.List;
import java.util.Objects;

/**
 * Always-on content (issue 9), data per brand: a placement older than {@code ageDays} is either sent through a
 * re-approval round of the review machinery ({@value #REVIEW}) or taken down ({@value #RETIRE}: an
 * {@code Asset Unpublish Requested} for that placement). Brands without a stored policy get {@link #defaults}.
 */
public record ReapprovalPolicy(String brand, int ageDays, String action) {

    public static final String REVIEW = "review";
    public static final String RETIRE = "retire";
    public static final List<String> ACTIONS = List.of(REVIEW, RETIRE);
    public static final int DEFAULT_AGE_DAYS = 180;
    public static final int MAX_AGE_DAYS = 3650;

    public ReapprovalPolicy {
        Objects.requireNonNull(brand, "brand");
        if (ageDays < 1 || ageDays > MAX_AGE_DAYS) {
            throw new IllegalArgumentException("ageDays must be 1.." + MAX_AGE_DAYS);
        }
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("action must be one of " + ACTIONS);
        }
    }

    public static ReapprovalPolicy defaults(String brand) {
        return new ReapprovalPolicy(brand, DEFAULT_AGE_DAYS, REVIEW);
    }
}
