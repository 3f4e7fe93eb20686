package dam.core.review;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where a review stands: a round running, waiting for the creator's next version, or finished. */
public enum ReviewStatus {
    IN_REVIEW,
    CHANGES_REQUESTED,
    APPROVED,
    REJECTED,
    EXPIRED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ReviewStatus parse(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    public boolean finished() {
        return this == APPROVED || this == REJECTED || this == EXPIRED;
    }
}
