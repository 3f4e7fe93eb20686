package dam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The public HTTP API, as the console uses it: JSON in and out with the caller's token as a Bearer header. Reads and
 * requests carrying an Idempotency-Key are retried on network errors and 5xx (cold API workers under a burst answer
 * 503/504 at first); anything else is answered once.
 */
final class ApiClient {

    /** One answer: status, parsed JSON body (an empty object when there is none) and the Location header. */
    record Reply(int status, JsonNode body, String location) {
    }

    private static final int ATTEMPTS = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Backoff backoff;

    ApiClient(URI base, String token, HttpClient http, ObjectMapper json, Backoff backoff) {
        this.base = base;
        this.token = token;
        this.http = http;
        this.json = json;
        this.backoff = backoff;
    }

    /** Waits between attempts; tests pass one that does not wait. */
    interface Backoff {
        void pause(int attempt) throws InterruptedException;

        Backoff EXPONENTIAL = attempt -> Thread.sleep(250L << Math.min(attempt, 5));
    }

    URI base() {
        return base;
    }

    JsonNode get(String path) {
        return ok(send("GET", path, null, null));
    }

    JsonNode post(String path, Object body, String idempotencyKey) {
        return ok(send("POST", path, body, idempotencyKey));
    }

    /** A GET whose redirect is not followed: the caller reads the JSON body (e.g. a download's presigned URL). */
    Reply getNoRedirect(String path) {
        Reply r = send("GET", path, null, null);
        if (r.status() >= 400) {
            throw error(r);
        }
        return r;
    }

    private JsonNode ok(Reply r) {
        if (r.status() >= 400) {
            throw error(r);
        }
        return r.body();
    }

    /** "message; field: message; …" from the API's error shape {@code {message, errors:[{field, code, message}]}}. */
    static ApiException error(Reply r) {
        List<String> parts = new ArrayList<>();
        String message = r.body().path("message").asText("");
        if (!message.isBlank()) {
            parts.add(message);
        }
        for (JsonNode e : r.body().path("errors")) {
            String field = e.path("field").asText("");
            parts.add((field.isEmpty() ? "" : field + ": ") + e.path("message").asText(e.path("code").asText("")));
        }
        return new ApiException(r.status(), parts.isEmpty() ? "HTTP " + r.status() : String.join("; ", parts));
    }

    private Reply send(String method, String path, Object body, String idempotencyKey) {
        boolean retryable = method.equals("GET") || idempotencyKey != null;
        for (int attempt = 1; ; attempt++) {
            try {
                Reply r = once(method, path, body, idempotencyKey);
                if (r.status() < 500 || !retryable || attempt == ATTEMPTS) {
                    return r;
                }
            } catch (ConnectException e) {
                throw new CliException(ExitCodes.UNAVAILABLE, "cannot reach the API at " + base + " ("
                        + e.getClass().getSimpleName() + "); is it running? (--api or DAM_API_URL)", e);
            } catch (IOException e) {
                if (!retryable || attempt == ATTEMPTS) {
                    throw new CliException(ExitCodes.UNAVAILABLE, method + " " + path + " failed: "
                            + (e instanceof HttpTimeoutException ? "no answer within " + TIMEOUT.toSeconds() + " s"
                            : e.toString()), e);
                }
            }
            try {
                backoff.pause(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.UNAVAILABLE, "interrupted", e);
            }
        }
    }

    private Reply once(String method, String path, Object body, String idempotencyKey) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode parsed = json.createObjectNode();
            if (!r.body().isBlank()) {
                try {
                    parsed = json.readTree(r.body());
                } catch (IOException e) {
                    // Not JSON (a gateway's plain-text error): keep its text as the message.
                    parsed = json.createObjectNode().put("message", r.body().strip());
                }
            }
            return new Reply(r.statusCode(), parsed, r.headers().firstValue("Location").orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.UNAVAILABLE, "interrupted", e);
        }
    }

    /** A token from the local cloud's sign-in ({@code POST /_local/token}); roles and brands may be left empty. */
    static String localToken(HttpClient http, ObjectMapper json, URI base, String user, List<String> roles,
                             List<String> brands) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("user", user);
        if (!roles.isEmpty()) {
            body.put("roles", roles);
        }
        if (!brands.isEmpty()) {
            body.put("brands", brands);
        }
        ApiClient anonymous = new ApiClient(base, null, http, json, Backoff.EXPONENTIAL);
        Reply r = anonymous.send("POST", "/_local/token", body, null);
        if (r.status() == 404) {
            throw new CliException(ExitCodes.AUTH, base + " has no local sign-in (/_local/token): --user works only "
                    + "against the local cloud; pass --token or set DAM_TOKEN");
        }
        if (r.status() >= 400) {
            throw new CliException(ExitCodes.AUTH, "local sign-in refused: " + error(r).getMessage());
        }
        return r.body().path("token").asText();
    }
}
