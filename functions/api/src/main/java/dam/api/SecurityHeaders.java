package dam.api;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/** Every response: never sniffed as HTML, never cached (bodies are per user), never framed. */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class SecurityHeaders {

    @ResponseFilter
    void headers(MutableHttpResponse<?> response) {
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Cache-Control", "no-store");
        response.header("X-Frame-Options", "DENY");
    }
}
