package dam.local.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.apigateway.GatewayResponse.Header;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * API Gateway HTTP API payload format 2.0: the event a Lambda integration receives and how its result becomes the
 * HTTP response (AWS's documented rules, field names and omissions).
 */
final class PayloadV2 {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final java.util.Set<String> HOP_BY_HOP = java.util.Set.of("content-length", "transfer-encoding",
            "connection");

    /** Thrown when a function's result cannot be mapped (API Gateway answers it like a function error). */
    static final class MalformedResponse extends Exception {
        MalformedResponse(String message) {
            super(message);
        }
    }

    private PayloadV2() {
    }

    /** An id shaped like API Gateway's ({@code apigw-requestid}): 16 base64 characters. */
    static String newRequestId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return Base64.getEncoder().encodeToString(id).replace('/', '_');
    }

    /**
     * @param claims  the JWT claims as strings, or null for a route without an authorizer
     * @param scopes  the token's scopes, or null when it has none
     */
    static ObjectNode event(GatewayRequest req, RouteTable.Match match, String requestId, Instant now,
                            String accountId, Map<String, String> claims, List<String> scopes) {
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", match.route().routeKey());
        e.put("rawPath", req.rawPath());
        e.put("rawQueryString", req.rawQuery());

        List<String> cookies = new ArrayList<>();
        ObjectNode headers = JSON.createObjectNode();
        req.headers().forEach((name, values) -> {
            if (name.equals("cookie")) {
                // Format 2.0 moves cookies out of the headers into their own array, one entry per cookie.
                values.forEach(v -> {
                    for (String c : v.split(";")) {
                        if (!c.isBlank()) {
                            cookies.add(c.trim());
                        }
                    }
                });
            } else {
                headers.put(name, String.join(",", values));
            }
        });
        // What API Gateway's front end adds for the integration.
        headers.put("x-forwarded-for", req.sourceIp());
        headers.put("x-forwarded-proto", "http");
        headers.put("x-forwarded-port", hostPort(req));
        if (!cookies.isEmpty()) {
            e.putArray("cookies").addAll(cookies.stream().map(JSON.getNodeFactory()::textNode).toList());
        }
        e.set("headers", headers);

        Map<String, List<String>> query = req.queryParameters();
        if (!query.isEmpty()) {
            ObjectNode q = e.putObject("queryStringParameters");
            query.forEach((k, v) -> q.put(k, String.join(",", v)));
        }

        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("accountId", accountId);
        ctx.put("apiId", match.api().id());
        if (claims != null) {
            ObjectNode jwt = ctx.putObject("authorizer").putObject("jwt");
            ObjectNode c = jwt.putObject("claims");
            claims.forEach(c::put);
            if (scopes == null) {
                jwt.putNull("scopes");
            } else {
                jwt.putArray("scopes").addAll(scopes.stream().map(JSON.getNodeFactory()::textNode).toList());
            }
        }
        String host = req.header("host") == null ? "localhost" : req.header("host");
        ctx.put("domainName", host);
        String hostName = host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        ctx.put("domainPrefix", hostName.contains(".") ? hostName.substring(0, hostName.indexOf('.')) : hostName);
        ObjectNode http = ctx.putObject("http");
        http.put("method", req.method());
        http.put("path", req.decodedPath());
        http.put("protocol", req.protocol());
        http.put("sourceIp", req.sourceIp());
        http.put("userAgent", req.header("user-agent") == null ? "" : req.header("user-agent"));
        ctx.put("requestId", requestId);
        ctx.put("routeKey", match.route().routeKey());
        ctx.put("stage", match.api().stageName());
        ctx.put("time", TIME.format(now));
        ctx.put("timeEpoch", now.toEpochMilli());

        if (req.body().length > 0) {
            boolean binary = !isText(req.header("content-type"));
            e.put("body", binary ? Base64.getEncoder().encodeToString(req.body())
                    : new String(req.body(), StandardCharsets.UTF_8));
            e.put("isBase64Encoded", binary);
        } else {
            e.put("isBase64Encoded", false);
        }
        if (!match.pathParameters().isEmpty()) {
            ObjectNode p = e.putObject("pathParameters");
            match.pathParameters().forEach(p::put);
        }
        return e;
    }

    /**
     * Bodies API Gateway passes as text; everything else (images, octet streams, form posts, no content type)
     * arrives base64-encoded with {@code isBase64Encoded: true}.
     */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml") || type.equals("application/javascript")
                || type.equals("application/graphql");
    }

    /**
     * Maps a function result per the 2.0 rules: an object with {@code statusCode} is a structured response
     * (headers, cookies → set-cookie, body, isBase64Encoded); any other valid JSON is a 200 whose body is that
     * JSON (a JSON string's content), content-type application/json.
     */
    static GatewayResponse response(byte[] result) throws MalformedResponse {
        JsonNode node;
        try {
            node = result.length == 0 ? JSON.nullNode() : JSON.readTree(result);
        } catch (IOException e) {
            throw new MalformedResponse("the function result is not JSON");
        }
        if (node == null || node.isMissingNode()) {
            node = JSON.nullNode();
        }
        if (!node.isObject() || !node.has("statusCode")) {
            String body = node.isTextual() ? node.asText() : node.toString();
            return new GatewayResponse(200, List.of(new Header("content-type", "application/json")),
                    body.getBytes(StandardCharsets.UTF_8));
        }
        JsonNode status = node.get("statusCode");
        int code;
        if (status.isIntegralNumber() && status.canConvertToInt()) {
            code = status.asInt();
        } else if (status.isTextual()) {
            code = parseStatus(status.asText());
        } else {
            throw new MalformedResponse("statusCode must be an integer");
        }
        if (code < 100 || code > 599) {
            throw new MalformedResponse("statusCode " + code + " is not an HTTP status");
        }
        List<Header> headers = new ArrayList<>();
        JsonNode h = node.path("headers");
        if (h.isObject()) {
            h.fields().forEachRemaining(f -> {
                // Framing is the gateway's business: a function's own length/encoding headers would corrupt it.
                if (!f.getValue().isNull() && !HOP_BY_HOP.contains(f.getKey().toLowerCase(Locale.ROOT))) {
                    headers.add(new Header(f.getKey(), f.getValue().asText()));
                }
            });
        } else if (!h.isMissingNode() && !h.isNull()) {
            throw new MalformedResponse("headers must be an object");
        }
        JsonNode cookies = node.path("cookies");
        if (cookies.isArray()) {
            cookies.forEach(c -> headers.add(new Header("set-cookie", c.asText())));
        }
        byte[] body = new byte[0];
        JsonNode b = node.get("body");
        if (b != null && !b.isNull()) {
            String text = b.isTextual() ? b.asText() : b.toString();
            if (node.path("isBase64Encoded").asBoolean(false)) {
                try {
                    body = Base64.getDecoder().decode(text);
                } catch (IllegalArgumentException e) {
                    throw new MalformedResponse("isBase64Encoded is true but body is not base64");
                }
            } else {
                body = text.getBytes(StandardCharsets.UTF_8);
            }
        }
        return new GatewayResponse(code, headers, body);
    }

    private static int parseStatus(String text) throws MalformedResponse {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new MalformedResponse("statusCode must be an integer");
        }
    }

    private static String hostPort(GatewayRequest req) {
        String host = req.header("host");
        if (host != null && host.lastIndexOf(':') > host.lastIndexOf(']')) {
            return host.substring(host.lastIndexOf(':') + 1);
        }
        return "80";
    }
}
