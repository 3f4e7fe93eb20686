package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** A scripted task handler: records each request (with the clock time) and answers with a programmable function. */
final class FakeTasks implements TaskHandler {
    record Call(TaskRequest request, Instant at) {
    }

    final List<Call> calls = new ArrayList<>();
    private final EngineClock clock;
    Function<TaskRequest, CompletionStage<JsonNode>> answer =
            r -> CompletableFuture.completedFuture(Json.parse("{\"ok\":true}"));

    FakeTasks(EngineClock clock) {
        this.clock = clock;
    }

    @Override
    public boolean supports(String resource) {
        return resource.startsWith("arn:aws:states:::") || resource.startsWith("arn:aws:lambda:");
    }

    @Override
    public synchronized CompletionStage<JsonNode> invoke(TaskRequest request) {
        calls.add(new Call(request, clock.now()));
        return answer.apply(request);
    }

    TaskRequest last() {
        return calls.get(calls.size() - 1).request();
    }

    static CompletionStage<JsonNode> failure(String error, String cause) {
        return CompletableFuture.failedFuture(new StateFailure(error, cause));
    }
}
