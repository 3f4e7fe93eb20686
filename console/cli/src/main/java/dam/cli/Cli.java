package dam.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/**
 * What every command gets from the process: environment, output streams, the HTTP client and timing. Tests pass
 * their own (captured streams, a backoff that does not wait, a short poll interval).
 */
record Cli(Map<String, String> env, PrintStream out, PrintStream err, HttpClient http, ObjectMapper json,
           ApiClient.Backoff backoff, Duration pollInterval) {

    static Cli system() {
        return new Cli(System.getenv(), System.out, System.err, ApiOptions.http(), new ObjectMapper(),
                ApiClient.Backoff.EXPONENTIAL, Duration.ofSeconds(1));
    }

    ApiClient api(ApiOptions options) {
        return options.client(env, http, json, backoff);
    }

    Storage storage() {
        return new Storage(http, backoff);
    }

    /** A path segment or query value, percent-encoded. */
    static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
