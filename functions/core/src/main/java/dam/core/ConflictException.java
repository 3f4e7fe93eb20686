package dam.core;

import java.util.List;

/** The caller acted on a stale version (optimistic concurrency) or on a state that no longer allows the action. */
public final class ConflictException extends DomainException {

    private final String field;
    private final String code;

    public ConflictException(String message) {
        this("version", FieldError.Codes.CONFLICT, message);
    }

    public ConflictException(String field, String code, String message) {
        super(message);
        this.field = field;
        this.code = code;
    }

    @Override
    public List<FieldError> errors() {
        return List.of(new FieldError(field, code, getMessage()));
    }
}
