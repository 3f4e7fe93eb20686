package dam.local.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import dam.local.edge.ServiceProvider;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Calls a provider through its public AWS JSON API, in-process — so the deployer relies on the same contract the SDK
 * does, not on provider internals.
 */
final class JsonApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ServiceProvider provider;
    private final String service;
    private final String targetPrefix;
    private final String contentType;

    JsonApi(ServiceProvider provider, String service, String targetPrefix, String contentType) {
        this.provider = provider;
        this.service = service;
        this.targetPrefix = targetPrefix;
        this.contentType = contentType;
    }

    JsonNode call(String operation, Object body) throws Exception {
        byte[] bytes = JSON.writeValueAsBytes(body);
        AwsRequest request = new AwsRequest("POST", "/", null,
                Map.of("content-type", List.of(contentType), "x-amz-target", List.of(targetPrefix + "." + operation)),
                bytes, service, "us-east-1", operation);
        AwsResponse response = provider.handle(request);
        JsonNode out = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.status() >= 300) {
            String type = out.path("__type").asText("Error");
            type = type.contains("#") ? type.substring(type.indexOf('#') + 1) : type;
            throw new AwsException(type, out.path("message").asText(out.path("Message").asText(
                    new String(response.body(), StandardCharsets.UTF_8))), response.status());
        }
        return out;
    }

    /** Same as {@link #call} but treats the listed error codes as "already there". */
    JsonNode callIgnoring(String operation, Object body, String... alreadyThere) throws Exception {
        try {
            return call(operation, body);
        } catch (AwsException e) {
            for (String code : alreadyThere) {
                if (e.code().equals(code)) {
                    return null;
                }
            }
            throw e;
        }
    }
}
