package dam.api;

import dam.core.FieldError;
import io.micronaut.context.annotation.Primary;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Errors Micronaut produces itself (no route, wrong method, unreadable argument, unexpected failure) in this API's one
 * error shape {@code {"message", "errors":[{field, code, message}]}} instead of Micronaut's HATEOAS body. A 5xx says
 * nothing about its cause (that is logged, not returned).
 */
@Singleton
@Primary
final class ApiErrorResponses implements ErrorResponseProcessor<String> {

    private final ApiJson json;

    ApiErrorResponses(ApiJson json) {
        this.json = json;
    }

    @Override
    public MutableHttpResponse<String> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        int status = base.code();
        String reason = base.reason();
        List<FieldError> errors = new ArrayList<>();
        if (status < 500) {
            String code = reason.toLowerCase(Locale.ROOT).replace(' ', '_');
            for (Error e : context.getErrors()) {
                String field = e.getPath().map(p -> p.replaceFirst("^/", "")).filter(p -> !p.isBlank())
                        .orElse("request");
                errors.add(new FieldError(field, status == 400 ? FieldError.Codes.INVALID : code, e.getMessage()));
            }
        }
        return base.contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(json.write(new ErrorHandlers.ErrorBody(reason, errors)));
    }
}
