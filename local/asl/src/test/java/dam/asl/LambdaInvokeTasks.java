package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * For the function modules' state machine tests: a task handler for {@code arn:aws:states:::lambda:invoke} only,
 * answering each request with the given function (a {@code {"Payload": …}} result, or a failed stage).
 */
public final class LambdaInvokeTasks implements TaskHandler {
    private final Function<TaskRequest, CompletionStage<JsonNode>> answer;

    public LambdaInvokeTasks(Function<TaskRequest, CompletionStage<JsonNode>> answer) {
        this.answer = answer;
    }

    @Override
    public boolean supports(String resource) {
        return TaskHandler.baseResource(resource).equals("arn:aws:states:::lambda:invoke");
    }

    @Override
    public CompletionStage<JsonNode> invoke(TaskRequest request) {
        return answer.apply(request);
    }
}
