package dam.approval;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.observe.Telemetry;
import dam.aws.observe.Metrics;
import dam.aws.AwsClients;
import dam.core.approval.ApprovalLinkService;
import dam.core.approval.LinkResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The public review link routes (API Gateway HTTP API, payload format 2.0, no authorizer):
 * <ul>
 *   <li>{@code GET /review/{nonce}} — the confirm page; changes no decision state (mail scanners prefetch links);</li>
 *   <li>{@code POST /review/{nonce}} — form-urlencoded {@code csrf, decision, comment}: the decision, exactly once.</li>
 * </ul>
 * Refusals answer 404 (unknown), 410 (expired), 409 (already decided / superseded), 403 (bad CSRF), 400 (incomplete).
 * Pages are never cached and never send a Referer (the URL is the credential).
 */
public final class ReviewLinkHandler implements RequestStreamHandler {

    /** Structured JSON logs + EMF metrics per invocation (dam.aws.observe). */
    private final Telemetry telemetry = new Telemetry("approval");

    static final int MAX_BODY = 16 * 1024;
    static final Map<String, String> HEADERS = Map.of(
            "content-type", "text/html; charset=utf-8",
            "cache-control", "no-store",
            "referrer-policy", "no-referrer",
            "x-content-type-options", "nosniff",
            "x-frame-options", "DENY",
            "content-security-policy",
            "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'self'; "
                    + "frame-ancestors 'none'");

    private final ApprovalLinkService links;
    private final ObjectMapper json;

    /** Lambda entry: wires the AWS adapters once per process from the environment. */
    public ReviewLinkHandler() {
        this(new ApprovalWiring(new AwsClients()));
    }

    private ReviewLinkHandler(ApprovalWiring w) {
        this(w.links(), w.json);
    }

    public ReviewLinkHandler(ApprovalLinkService links, ObjectMapper json) {
        this.links = links;
        this.json = json;
    }

    /** An API Gateway v2 response. */
    record Response(int statusCode, Map<String, String> headers, String body) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = json.readTree(input);
        output.write(json.writeValueAsBytes(telemetry.run(context, event, log -> {
            Response page = handle(event);
            // Method and status only: the path and form carry the link's nonce and CSRF value.
            String method = event.path("requestContext").path("http").path("method").asText("GET");
            log.info("review page answered", "method", method, "status", page.statusCode());
            if ("POST".equalsIgnoreCase(method) && page.statusCode() == 200) {
                log.count(Metrics.REVIEW_DECISIONS);
            }
            return page;
        })));
    }

    Response handle(JsonNode event) {
        String method = event.path("requestContext").path("http").path("method").asText("GET")
                .toUpperCase(Locale.ROOT);
        String nonce = event.path("pathParameters").path("nonce").asText(null);
        if (nonce == null) {
            String path = event.path("rawPath").asText("");
            int i = path.lastIndexOf("/review/");
            nonce = i < 0 ? "" : path.substring(i + "/review/".length());
        }
        return switch (method) {
            case "GET" -> view(nonce);
            case "POST" -> decide(nonce, event);
            default -> new Response(405, withAllow(), ReviewPages.plain("Method not allowed",
                    "Open the link from your email."));
        };
    }

    private Response view(String nonce) {
        LinkResult r = links.view(nonce);
        return r.ok() ? page(200, ReviewPages.confirm(r.page())) : refused(r);
    }

    private Response decide(String nonce, JsonNode event) {
        String contentType = header(event, "content-type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT)
                .startsWith("application/x-www-form-urlencoded")) {
            return page(415, ReviewPages.plain("Unsupported form", "Submit the decision with the form on the page."));
        }
        String body = event.path("body").asText("");
        if (event.path("isBase64Encoded").asBoolean(false)) {
            try {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return page(400, ReviewPages.plain("Bad request", "The form could not be read."));
            }
        }
        if (body.length() > MAX_BODY) {
            return page(413, ReviewPages.plain("Too large", "The comment is too long."));
        }
        Map<String, String> form = form(body);
        LinkResult r = links.decide(nonce, form.get("csrf"), form.get("decision"), form.get("comment"), null);
        return r.ok() ? page(200, ReviewPages.decided(r.page(), r.taskAnswered())) : refused(r);
    }

    private static Response refused(LinkResult r) {
        return page(r.refusal().status(), ReviewPages.refused(r.refusal(), r.detail()));
    }

    private static Response page(int status, String html) {
        return new Response(status, HEADERS, html);
    }

    private static Map<String, String> withAllow() {
        Map<String, String> h = new LinkedHashMap<>(HEADERS);
        h.put("allow", "GET, POST");
        return h;
    }

    /** First value of each field; malformed escapes make the whole form unreadable (so nothing half-parsed counts). */
    static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        if (body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v,
                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return Map.of();
            }
        }
        return out;
    }

    private static String header(JsonNode event, String name) {
        JsonNode headers = event.path("headers");
        for (var it = headers.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().asText();
            }
        }
        return null;
    }
}
