package dam.local.apigateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A response the gateway sends; headers are name/value pairs so repeated headers (set-cookie) survive. */
public record GatewayResponse(int status, List<Header> headers, byte[] body) {

    public record Header(String name, String value) {
    }

    public GatewayResponse {
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** The AWS-style error body API Gateway itself sends, e.g. {@code {"message":"Not Found"}}. */
    static GatewayResponse message(int status, String message) {
        return json(status, "{\"message\":\"" + message + "\"}");
    }

    static GatewayResponse json(int status, String json) {
        return new GatewayResponse(status, List.of(new Header("content-type", "application/json")),
                json.getBytes(StandardCharsets.UTF_8));
    }

    GatewayResponse withHeaders(List<Header> extra) {
        List<Header> all = new ArrayList<>(headers);
        all.addAll(extra);
        return new GatewayResponse(status, all, body);
    }

    /** Drops every header with one of these names (case-insensitive). */
    GatewayResponse withoutHeaders(java.util.Collection<String> names) {
        List<String> lower = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        return new GatewayResponse(status, headers.stream()
                .filter(h -> !lower.contains(h.name().toLowerCase(Locale.ROOT))).toList(), body);
    }

    public String header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst()
                .orElse(null);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
