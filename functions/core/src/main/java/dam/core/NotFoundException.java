package dam.core;

import java.util.List;

/** The addressed thing does not exist (or the caller may not know it exists). */
public final class NotFoundException extends DomainException {

    private final String field;

    public NotFoundException(String field, String message) {
        super(message);
        this.field = field;
    }

    @Override
    public List<FieldError> errors() {
        return List.of(new FieldError(field, FieldError.Codes.NOT_FOUND, getMessage()));
    }
}
