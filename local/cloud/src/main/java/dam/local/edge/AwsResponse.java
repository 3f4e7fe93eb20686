package dam.local.edge;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A buffered response from a provider. */
public record AwsResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    public static final String AMZ_JSON_1_0 = "application/x-amz-json-1.0";
    public static final String AMZ_JSON_1_1 = "application/x-amz-json-1.1";

    public static AwsResponse json(int status, String contentType, String body) {
        return new AwsResponse(status, contentType, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    public static AwsResponse json(String contentType, String body) {
        return json(200, contentType, body);
    }
}
