package dam.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the API is and who the caller is: shared by every command. */
final class ApiOptions {

    static final String DEFAULT_API = "http://127.0.0.1:8080";

    @Option(names = "--api", paramLabel = "URL", description = "the HTTP API's base URL (env DAM_API_URL; default "
            + DEFAULT_API + ")")
    String api;

    @Option(names = "--token", paramLabel = "JWT", description = "an ID token (env DAM_TOKEN)")
    String token;

    @Option(names = "--user", paramLabel = "EMAIL", description = "local cloud only: get a token for this user from "
            + "its sign-in (/_local/token)")
    String user;

    @Option(names = "--role", paramLabel = "ROLE", description = "with --user: a role (repeatable; a demo user's own "
            + "roles when left out)")
    List<String> roles = new ArrayList<>();

    @Option(names = "--brand", paramLabel = "BRAND", description = "with --user: a brand scope (repeatable)")
    List<String> brands = new ArrayList<>();

    @Option(names = "--progress", paramLabel = "MODE", description = "bars (terminal), lines (logs) or auto "
            + "(default: bars when attached to a terminal)")
    String progress = "auto";

    /** The API client for the resolved URL and token; a missing token is a clear error, not a 401 later. */
    ApiClient client(Map<String, String> env, HttpClient http, ObjectMapper json, ApiClient.Backoff backoff) {
        String url = api != null ? api : env.getOrDefault("DAM_API_URL", DEFAULT_API);
        URI base;
        try {
            base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (base.getScheme() == null || !base.getScheme().startsWith("http") || base.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--api " + url + " is not a valid http(s) URL");
        }
        String jwt = token != null ? token : user != null ? null : env.get("DAM_TOKEN");
        if (user != null) {
            jwt = ApiClient.localToken(http, json, base, user, roles, brands);
        } else if (!roles.isEmpty() || !brands.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "--role and --brand go with --user");
        }
        if (jwt == null || jwt.isBlank()) {
            throw new CliException(ExitCodes.AUTH, "not signed in: pass --token JWT or set DAM_TOKEN "
                    + "(against the local cloud: --user EMAIL [--role ROLE] [--brand BRAND])");
        }
        return new ApiClient(base, jwt, http, json, backoff);
    }

    Progress progress(java.io.PrintStream out) {
        return switch (progress) {
            case "bars" -> new BarProgress();
            case "lines" -> new LineProgress(out);
            case "auto" -> System.console() != null ? new BarProgress() : new LineProgress(out);
            default -> throw new CliException(ExitCodes.USAGE, "--progress is bars, lines or auto (got " + progress
                    + ")");
        };
    }

    static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }
}
