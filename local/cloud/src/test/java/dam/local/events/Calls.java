package dam.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import dam.local.edge.ServiceProvider;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Builds AwsRequests the way the edge hands them to providers, and parses the answers. */
public final class Calls {

    private Calls() {
    }

    /** A JSON-protocol call (X-Amz-Target operation) with a JSON body. */
    public static JsonNode json(ServiceProvider provider, String service, String operation, String body) {
        AwsRequest request = new AwsRequest("POST", "/", null, Map.of("content-type", List.of("application/x-amz-json-1.1")),
                body.getBytes(StandardCharsets.UTF_8), service, "us-east-1", operation);
        return parse(provider, request);
    }

    /** A REST-JSON call. */
    public static JsonNode rest(ServiceProvider provider, String service, String method, String path, String query,
                                String body) {
        AwsRequest request = new AwsRequest(method, path, query, Map.of(),
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), service, "us-east-1", null);
        return parse(provider, request);
    }

    /** Asserts the call fails with this AWS error code; returns the exception for further checks. */
    public static AwsException error(String code, Runnable call) {
        AwsException e = assertThrows(AwsException.class, call::run);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    private static JsonNode parse(ServiceProvider provider, AwsRequest request) {
        try {
            AwsResponse response = provider.handle(request);
            assertEquals(200, response.status());
            return Json.MAPPER.readTree(response.body());
        } catch (AwsException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("provider failed: " + e, e);
        }
    }

    /** Minimal JSON string quoting for building request bodies in tests. */
    public static String q(String s) {
        return Json.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(s));
    }
}
