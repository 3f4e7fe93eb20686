package dam.core;

import java.util.Objects;

/**
 * One problem with one input field. {@code field} is a JSON-path-like location ("title", "channels[2]",
 * "budget.lines[0].amount"); {@code code} is a stable machine value (see {@link Codes}); {@code message} is for humans.
 */
public record FieldError(String field, String code, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** Stable error codes shared by every validator, so clients can branch on them. */
    public static final class Codes {
        public static final String REQUIRED = "required";
        public static final String TOO_LONG = "too_long";
        public static final String TOO_MANY = "too_many";
        public static final String UNKNOWN_VALUE = "unknown_value";
        public static final String INVALID = "invalid";
        public static final String IN_PAST = "in_past";
        public static final String NEGATIVE = "negative";
        public static final String DUPLICATE = "duplicate";
        public static final String CONFLICT = "conflict";
        public static final String NOT_FOUND = "not_found";
        public static final String FORBIDDEN = "forbidden";
        public static final String ILLEGAL_TRANSITION = "illegal_transition";

        private Codes() {
        }
    }
}
