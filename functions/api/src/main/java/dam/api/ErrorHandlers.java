package dam.api;

import dam.core.ConflictException;
import dam.core.DomainException;
import dam.core.FieldError;
import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Maps domain failures to status codes with one body shape: {@code {"message", "errors":[{field, code, message}]}}. */
final class ErrorHandlers {

    private ErrorHandlers() {
    }

    /** The error body every 4xx of this API uses. */
    record ErrorBody(String message, List<FieldError> errors) {
    }

    static HttpStatus status(DomainException e) {
        if (e instanceof ValidationException) {
            return HttpStatus.BAD_REQUEST;
        }
        if (e instanceof NotFoundException) {
            return HttpStatus.NOT_FOUND;
        }
        if (e instanceof ForbiddenException) {
            return HttpStatus.FORBIDDEN;
        }
        if (e instanceof ConflictException) {
            return HttpStatus.CONFLICT;
        }
        throw new IllegalStateException("unmapped domain failure " + e.getClass().getName(), e);
    }

    @Singleton
    @Produces
    static final class Domain implements ExceptionHandler<DomainException, HttpResponse<String>> {
        private static final Logger LOG = LoggerFactory.getLogger(Domain.class);
        private final Responses responses;

        Domain(Responses responses) {
            this.responses = responses;
        }

        @Override
        public HttpResponse<String> handle(HttpRequest request, DomainException e) {
            HttpStatus status = status(e);
            // The caller's mistake, not ours: one line at INFO, no stack trace.
            LOG.info("{} {} -> {}: {}", request.getMethodName(), request.getPath(), status.getCode(), e.getMessage());
            return responses.json(status, new ErrorBody(e.getMessage(), e.errors()));
        }
    }

    @Singleton
    @Produces
    static final class Unauth implements ExceptionHandler<Unauthenticated, HttpResponse<String>> {
        private static final Logger LOG = LoggerFactory.getLogger(Unauth.class);
        private final Responses responses;

        Unauth(Responses responses) {
            this.responses = responses;
        }

        @Override
        public HttpResponse<String> handle(HttpRequest request, Unauthenticated e) {
            LOG.warn("{} {} -> 401: {}", request.getMethodName(), request.getPath(), e.getMessage());
            return responses.json(HttpStatus.UNAUTHORIZED, new ErrorBody("authentication required",
                    List.of(new FieldError("authorization", "unauthenticated", e.getMessage()))));
        }
    }
}
