package dam.core.review;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** How a stage or a round ended (or that it has not yet). */
public enum Outcome {
    PENDING("pending"),
    APPROVED("approved"),
    CHANGES_REQUESTED("changes_requested"),
    REJECTED("rejected"),
    /** Not enough decisions before the links expired. */
    EXPIRED("expired");

    private final String code;

    Outcome(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static Outcome parse(String code) {
        return Arrays.stream(values()).filter(o -> o.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown outcome " + code));
    }
}
