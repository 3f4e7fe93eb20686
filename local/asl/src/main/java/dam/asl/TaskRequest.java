package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Task state invocation handed to the {@link TaskHandler}.
 *
 * @param resource         the Task's Resource ARN, e.g. {@code arn:aws:states:::lambda:invoke.waitForTaskToken}
 * @param parameters       the effective Parameters (JSONPath) or Arguments (JSONata)
 * @param taskToken        the token when the resource ends in {@code .waitForTaskToken}, else null
 * @param timeoutSeconds   TimeoutSeconds in force (null = AWS default)
 * @param heartbeatSeconds HeartbeatSeconds in force, or null
 * @param credentials      the Task's Credentials field, or null
 */
public record TaskRequest(String executionArn, String stateName, String resource, JsonNode parameters,
                          String taskToken, Integer timeoutSeconds, Integer heartbeatSeconds, JsonNode credentials) {

    /** The resource without the {@code .waitForTaskToken}/{@code .sync} suffix. */
    public String baseResource() {
        return TaskHandler.baseResource(resource);
    }

    public boolean waitForTaskToken() {
        return resource.endsWith(".waitForTaskToken");
    }

    public boolean sync() {
        return resource.endsWith(".sync") || resource.contains(".sync:");
    }
}
