package dam.local.edge;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One buffered request as the edge hands it to a JSON/query-protocol provider.
 *
 * @param service   service name from the SigV4 credential scope (e.g. "dynamodb", "states", "events")
 * @param operation the operation from X-Amz-Target after the '.', or null for REST protocols
 * @param headers   lower-cased header names
 */
public record AwsRequest(String method, String path, String rawQuery, Map<String, List<String>> headers,
                         byte[] body, String service, String region, String operation) {

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
