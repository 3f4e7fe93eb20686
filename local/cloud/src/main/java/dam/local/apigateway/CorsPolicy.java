package dam.local.apigateway;

import dam.local.apigateway.ApiModel.Cors;
import dam.local.apigateway.GatewayResponse.Header;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An API's CorsConfiguration applied the way API Gateway does: preflights are answered by the gateway (never by a
 * function), and on other requests from an allowed origin the configured headers replace whatever CORS headers the
 * function returned.
 */
final class CorsPolicy {

    private static final List<String> CORS_HEADERS = List.of("access-control-allow-origin",
            "access-control-allow-credentials", "access-control-expose-headers", "access-control-allow-methods",
            "access-control-allow-headers", "access-control-max-age");

    private final Cors cors;

    CorsPolicy(Cors cors) {
        this.cors = cors;
    }

    static boolean isPreflight(GatewayRequest req) {
        return req.method().equals("OPTIONS") && req.header("origin") != null
                && req.header("access-control-request-method") != null;
    }

    GatewayResponse preflight(GatewayRequest req) {
        String origin = req.header("origin");
        String method = req.header("access-control-request-method").trim().toUpperCase(Locale.ROOT);
        List<Header> headers = new ArrayList<>();
        if (allowOrigin(origin) != null && methodAllowed(method)) {
            headers.add(new Header("access-control-allow-origin", allowOrigin(origin)));
            headers.add(new Header("access-control-allow-methods", String.join(",", cors.allowMethods())));
            String requested = req.header("access-control-request-headers");
            if (!cors.allowHeaders().isEmpty()) {
                headers.add(new Header("access-control-allow-headers", cors.allowHeaders().contains("*")
                        && requested != null ? requested : String.join(",", cors.allowHeaders())));
            }
            if (cors.maxAge() != null) {
                headers.add(new Header("access-control-max-age", cors.maxAge().toString()));
            }
            if (cors.allowCredentials()) {
                headers.add(new Header("access-control-allow-credentials", "true"));
            }
            headers.add(new Header("vary", "Origin"));
        }
        return new GatewayResponse(204, headers, null);
    }

    GatewayResponse apply(GatewayRequest req, GatewayResponse res) {
        String origin = req.header("origin");
        String allowed = origin == null ? null : allowOrigin(origin);
        GatewayResponse stripped = res.withoutHeaders(CORS_HEADERS);
        if (allowed == null) {
            return stripped;
        }
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("access-control-allow-origin", allowed));
        if (!cors.exposeHeaders().isEmpty()) {
            headers.add(new Header("access-control-expose-headers", String.join(",", cors.exposeHeaders())));
        }
        if (cors.allowCredentials()) {
            headers.add(new Header("access-control-allow-credentials", "true"));
        }
        headers.add(new Header("vary", "Origin"));
        return stripped.withHeaders(headers);
    }

    /** The Access-Control-Allow-Origin value for this origin, or null when it is not allowed. */
    private String allowOrigin(String origin) {
        if (cors.allowOrigins().contains(origin)) {
            return origin;
        }
        if (cors.allowOrigins().contains("*")) {
            // A wildcard cannot be combined with credentials: echo the origin instead.
            return cors.allowCredentials() ? origin : "*";
        }
        return null;
    }

    private boolean methodAllowed(String method) {
        return cors.allowMethods().contains("*") || cors.allowMethods().contains(method)
                || cors.allowMethods().stream().anyMatch(m -> m.equalsIgnoreCase(method));
    }
}
