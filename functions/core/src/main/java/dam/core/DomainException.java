package dam.core;

import java.util.List;

/**
 * A failure the caller caused (bad input, stale version, unknown id, not allowed). Adapters map these to 4xx responses
 * or "Command Rejected" events; anything else is an infrastructure failure and should be retried.
 */
public abstract sealed class DomainException extends RuntimeException
        permits ValidationException, ConflictException, NotFoundException, ForbiddenException {

    protected DomainException(String message) {
        super(message);
    }

    /** The reasons, in field-error form, for rejection events and API error bodies. */
    public abstract List<FieldError> errors();
}
