package dam.core;

import java.util.List;

/** Bad input: carries every field error found (never just the first), and nothing was written. */
public final class ValidationException extends DomainException {

    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(summary(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public ValidationException(FieldError error) {
        this(List.of(error));
    }

    @Override
    public List<FieldError> errors() {
        return errors;
    }

    private static String summary(List<FieldError> errors) {
        StringBuilder sb = new StringBuilder("invalid input:");
        errors.stream().limit(10).forEach(e -> sb.append(' ').append(e.field()).append(" (").append(e.code()).append(')'));
        if (errors.size() > 10) {
            sb.append(" … ").append(errors.size() - 10).append(" more");
        }
        return sb.toString();
    }
}
