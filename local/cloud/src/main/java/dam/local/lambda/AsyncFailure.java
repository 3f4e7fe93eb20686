package dam.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * An asynchronous invocation that failed for good, addressed to one target.
 *
 * @param kind                   which setting named the target: the on-failure destination receives
 *                               {@link #destinationRecordJson()}, a dead-letter queue receives the original
 *                               {@link #requestPayload()} as message body with {@link #deadLetterAttributes()}
 * @param condition              "RetriesExhausted" (the only condition the local provider produces)
 * @param approximateInvokeCount attempts made, first one included
 * @param responsePayload        the last attempt's error document
 */
public record AsyncFailure(String targetArn, Kind kind, String functionArn, String requestId, String condition,
                           int approximateInvokeCount, Instant timestamp, byte[] requestPayload,
                           byte[] responsePayload, String functionError) {

    public enum Kind { ON_FAILURE_DESTINATION, DEAD_LETTER_QUEUE }

    /** The record AWS sends to an on-failure destination (version 1.0). */
    public String destinationRecordJson() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.put("timestamp", timestamp.toString());
        ObjectNode request = root.putObject("requestContext");
        request.put("requestId", requestId);
        request.put("functionArn", functionArn + ":$LATEST");
        request.put("condition", condition);
        request.put("approximateInvokeCount", approximateInvokeCount);
        root.set("requestPayload", embed(json, requestPayload));
        ObjectNode response = root.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        if (functionError != null) {
            response.put("functionError", functionError);
        }
        root.set("responsePayload", embed(json, responsePayload));
        return root.toString();
    }

    /** Message attributes Lambda puts on a dead-letter message (its body is the original event). */
    public Map<String, String> deadLetterAttributes() {
        return Map.of("RequestID", requestId, "ErrorCode", "200", "ErrorMessage", errorMessage());
    }

    private String errorMessage() {
        try {
            JsonNode error = new ObjectMapper().readTree(responsePayload);
            return error != null && error.hasNonNull("errorMessage") ? error.get("errorMessage").asText()
                    : new String(responsePayload, StandardCharsets.UTF_8);
        } catch (IOException notJson) {
            return new String(responsePayload, StandardCharsets.UTF_8);
        }
    }

    /** JSON payloads are embedded as JSON (as AWS does), anything else as a string. */
    private static JsonNode embed(ObjectMapper json, byte[] payload) {
        if (payload == null || payload.length == 0) {
            return json.nullNode();
        }
        try {
            return json.readTree(payload);
        } catch (IOException notJson) {
            return json.getNodeFactory().textNode(new String(payload, StandardCharsets.UTF_8));
        }
    }
}
