package dam.api;

import dam.core.FieldError;
import dam.core.captions.TranscriptionUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** No speech-to-text service where the API runs (the local cloud): 501 in the API's error shape, nothing stored. */
@Singleton
@Produces
final class TranscriptionUnavailable implements ExceptionHandler<TranscriptionUnavailableException, HttpResponse<String>> {

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptionUnavailable.class);
    private final Responses responses;

    TranscriptionUnavailable(Responses responses) {
        this.responses = responses;
    }

    @Override
    public HttpResponse<String> handle(HttpRequest request, TranscriptionUnavailableException e) {
        LOG.info("{} {} -> 501: {}", request.getMethodName(), request.getPath(), e.getMessage());
        return responses.json(HttpStatus.NOT_IMPLEMENTED, new ErrorHandlers.ErrorBody(e.getMessage(),
                List.of(new FieldError("captions", "unavailable", e.getMessage()))));
    }
}
