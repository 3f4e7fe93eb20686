package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletionStage;

/**
 * The integration port the engine calls for Task states. Implementations complete the stage with the task result,
 * or exceptionally with a {@link StateFailure} carrying the AWS error name (e.g. {@code Lambda.ServiceException},
 * a function's {@code errorType}); any other exception becomes {@code States.TaskFailed}.
 *
 * <p>For {@code .waitForTaskToken} resources the stage completing only means the request was delivered: the engine
 * then waits for SendTaskSuccess/Failure with the token. A failed stage fails the task.
 */
public interface TaskHandler {

    /** Whether a Task Resource is known (checked when a definition is created). */
    boolean supports(String resource);

    CompletionStage<JsonNode> invoke(TaskRequest request);

    /** Strips the integration pattern suffix. */
    static String baseResource(String resource) {
        if (resource.endsWith(".waitForTaskToken")) {
            return resource.substring(0, resource.length() - ".waitForTaskToken".length());
        }
        int sync = resource.indexOf(".sync");
        return sync >= 0 ? resource.substring(0, sync) : resource;
    }
}
