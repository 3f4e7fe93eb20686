package dam.core.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * What one expiry schedule asks the expiry-scan function to do: remind {@code daysBefore} days ahead, or (when
 * {@code daysBefore} is 0) expire. {@code endsAt} is the end the schedule was planned for: a check that fires after
 * the end moved compares it with the current record and does nothing (a stale schedule must never act).
 */
public record ExpiryCheck(String assetId, String subjectId, String kind, int daysBefore, Instant endsAt) {

    /** Rights/licence records (the library's rights), talent contracts and offers share the machinery. */
    public static final String RIGHTS = "rights";
    public static final String TALENT = "talent";
    public static final String OFFER = "offer";

    public ExpiryCheck {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(endsAt, "endsAt");
        if (daysBefore < 0) {
            throw new IllegalArgumentException("daysBefore must be ≥ 0");
        }
    }

    public boolean expires() {
        return daysBefore == 0;
    }
}
