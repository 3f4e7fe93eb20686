package dam.core.asset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Outcome of one quality check on a version (visible to the submitter and reviewers). */
public record QualityResult(String check, Status status, String message) {

    public enum Status {
        PASS, WARN, FAIL;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Status parse(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }
}
