package dam.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

/** JSON responses written with {@link ApiJson} (the domain's wire form), never HTML. */
@Singleton
public final class Responses {

    private final ApiJson json;

    public Responses(ApiJson json) {
        this.json = json;
    }

    public MutableHttpResponse<String> json(HttpStatus status, Object body) {
        return HttpResponse.<String>status(status).contentType(MediaType.APPLICATION_JSON_TYPE).body(json.write(body));
    }

    public MutableHttpResponse<String> ok(Object body) {
        return json(HttpStatus.OK, body);
    }
}
