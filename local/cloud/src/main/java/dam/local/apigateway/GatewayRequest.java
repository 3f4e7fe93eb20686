package dam.local.apigateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One buffered HTTP request as the gateway received it.
 *
 * @param rawPath  the path exactly as sent (still percent-encoded)
 * @param rawQuery the query string as sent, "" when none
 * @param headers  header names lower-cased, values in arrival order
 */
public record GatewayRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                             byte[] body, String sourceIp, String protocol) {

    public GatewayRequest {
        rawQuery = rawQuery == null ? "" : rawQuery;
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT),
                k -> new ArrayList<>()).addAll(values));
        lower.replaceAll((k, v) -> List.copyOf(v));
        headers = java.util.Collections.unmodifiableMap(lower);
        body = body == null ? new byte[0] : body;
    }

    /** All values of a header joined with commas (as format 2.0 passes them), or null when absent. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    /** Decoded query parameters in order; repeated names keep every value; a name without '=' has "". */
    Map<String, List<String>> queryParameters() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** The path split on '/' with each segment percent-decoded (so an encoded slash stays inside its segment). */
    List<String> decodedSegments() throws IllegalArgumentException {
        if (rawPath.equals("/") || rawPath.isEmpty()) {
            return List.of();
        }
        String[] parts = rawPath.substring(1).split("/", -1);
        List<String> segments = new ArrayList<>(parts.length);
        for (String part : parts) {
            segments.add(decodePath(part));
        }
        return segments;
    }

    String decodedPath() {
        return "/" + String.join("/", decodedSegments());
    }

    /** Percent-decoding for path segments: '+' is a literal plus; malformed escapes are refused. */
    static String decodePath(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String decodeQuery(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a stray '%' in a query value is passed on as sent rather than rejecting the request
        }
    }
}
