package dam.local.states;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletionStage;

/**
 * The AWS services the local Step Functions provider calls for Task states and Distributed Map I/O. The local cloud
 * implements it against its Lambda, EventBridge, DynamoDB and S3 providers; tests use a fake.
 *
 * <p>Failures: complete the stage exceptionally (or throw) with a {@link dam.asl.StateFailure} carrying the error
 * name Step Functions reports, e.g. {@code Lambda.ResourceNotFoundException},
 * {@code DynamoDB.ConditionalCheckFailedException}, {@code EventBridge.ResourceNotFoundException}. Any other
 * exception becomes {@code States.TaskFailed}.
 */
public interface Integrations {

    /**
     * Invokes a function (synchronously: {@code RequestResponse}; {@code Event} for async).
     *
     * @return {@code {"StatusCode": 200, "ExecutedVersion": "$LATEST", "Payload": <json>, "FunctionError": "Unhandled"?}}
     *         — when {@code FunctionError} is present, Payload is the error document
     *         ({@code errorType}, {@code errorMessage}, …)
     */
    CompletionStage<JsonNode> invokeLambda(String functionName, JsonNode payload, String invocationType);

    /** PutEvents with the request's {@code Entries}; returns {@code {"Entries":[{"EventId":…}],"FailedEntryCount":0}}. */
    CompletionStage<JsonNode> putEvents(JsonNode request);

    /**
     * A DynamoDB call in the service's JSON shape.
     *
     * @param action {@code GetItem}, {@code PutItem}, {@code UpdateItem} or {@code DeleteItem}
     */
    CompletionStage<JsonNode> dynamoDb(String action, JsonNode request);

    /** Reads an object (Distributed Map ItemReader). */
    byte[] s3GetObject(String bucket, String key);

    /** Writes an object (Distributed Map ResultWriter). */
    void s3PutObject(String bucket, String key, byte[] body);
}
