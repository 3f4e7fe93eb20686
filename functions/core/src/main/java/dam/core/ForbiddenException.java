package dam.core;

import java.util.List;

/** The actor is not allowed to do this (deny by default). */
public final class ForbiddenException extends DomainException {

    public ForbiddenException(String message) {
        super(message);
    }

    @Override
    public List<FieldError> errors() {
        return List.of(new FieldError("actor", FieldError.Codes.FORBIDDEN, getMessage()));
    }
}
