package dam.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.asl.Errors;
import dam.asl.ExecutionInfo;
import dam.asl.ExecutionStatus;
import dam.asl.Json;
import dam.asl.StateFailure;
import dam.asl.TaskHandler;
import dam.asl.TaskRequest;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Maps the Task resources this product uses onto {@link Integrations} and onto this provider's own executions. */
final class StatesTaskHandler implements TaskHandler {
    private static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    private static final String PUT_EVENTS = "arn:aws:states:::events:putEvents";
    private static final String START_EXECUTION = "arn:aws:states:::states:startExecution";
    private static final Map<String, String> DYNAMO = Map.of(
            "arn:aws:states:::dynamodb:getItem", "GetItem",
            "arn:aws:states:::dynamodb:putItem", "PutItem",
            "arn:aws:states:::dynamodb:updateItem", "UpdateItem",
            "arn:aws:states:::dynamodb:deleteItem", "DeleteItem");
    private static final Set<String> SUPPORTED = Set.of(
            LAMBDA_INVOKE, LAMBDA_INVOKE + ".waitForTaskToken",
            PUT_EVENTS, PUT_EVENTS + ".waitForTaskToken",
            START_EXECUTION, START_EXECUTION + ".sync", START_EXECUTION + ".sync:2",
            START_EXECUTION + ".waitForTaskToken");

    private final Integrations integrations;
    private final StatesProvider provider;

    StatesTaskHandler(Integrations integrations, StatesProvider provider) {
        this.integrations = integrations;
        this.provider = provider;
    }

    @Override
    public boolean supports(String resource) {
        return SUPPORTED.contains(resource) || DYNAMO.containsKey(resource)
                || resource.matches("arn:aws:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?");
    }

    @Override
    public CompletionStage<JsonNode> invoke(TaskRequest request) {
        String base = request.baseResource();
        JsonNode p = request.parameters();
        if (base.startsWith("arn:aws:lambda:")) {
            return integrations.invokeLambda(base, p, "RequestResponse").thenApply(r -> {
                checkFunctionError(r);
                return r.path("Payload");
            });
        }
        if (base.equals(LAMBDA_INVOKE)) {
            String function = p.path("FunctionName").asText(null);
            if (function == null) {
                throw new StateFailure(Errors.RUNTIME, "The field 'FunctionName' is required for lambda:invoke");
            }
            return integrations.invokeLambda(function, p.has("Payload") ? p.get("Payload") : Json.object(),
                    p.path("InvocationType").asText("RequestResponse")).thenApply(r -> {
                        checkFunctionError(r);
                        return lambdaResult(r);
                    });
        }
        if (base.equals(PUT_EVENTS)) {
            return integrations.putEvents(p);
        }
        if (DYNAMO.containsKey(base)) {
            return integrations.dynamoDb(DYNAMO.get(base), p);
        }
        if (base.equals(START_EXECUTION)) {
            return startExecution(request, p);
        }
        return CompletableFuture.failedFuture(new StateFailure(Errors.RUNTIME, "Unsupported resource "
                + request.resource()));
    }

    /** A function error surfaces as the function's errorType with the error document as cause (like AWS). */
    private static void checkFunctionError(JsonNode r) {
        if (r.hasNonNull("FunctionError")) {
            JsonNode payload = r.path("Payload");
            String type = payload.path("errorType").asText(null);
            throw new StateFailure(type != null ? type : "Lambda.Unknown", Json.write(payload));
        }
    }

    private static JsonNode lambdaResult(JsonNode r) {
        ObjectNode out = Json.object();
        out.put("ExecutedVersion", r.path("ExecutedVersion").asText("$LATEST"));
        out.set("Payload", r.path("Payload"));
        ObjectNode http = out.putObject("SdkHttpMetadata");
        http.put("HttpStatusCode", r.path("StatusCode").asInt(200));
        out.putObject("SdkResponseMetadata").put("RequestId", UUID.randomUUID().toString());
        out.put("StatusCode", r.path("StatusCode").asInt(200));
        return out;
    }

    private CompletionStage<JsonNode> startExecution(TaskRequest request, JsonNode p) {
        String smArn = p.path("StateMachineArn").asText(null);
        if (smArn == null) {
            throw new StateFailure(Errors.RUNTIME, "The field 'StateMachineArn' is required for states:startExecution");
        }
        JsonNode input = p.path("Input");
        String inputText = input.isMissingNode() ? "{}" : input.isTextual() ? input.textValue() : Json.write(input);
        ExecutionInfo child;
        try {
            child = provider.startExecution(smArn, p.path("Name").asText(null), inputText);
        } catch (dam.local.edge.AwsException e) {
            throw new StateFailure("StepFunctions." + e.code(), e.getMessage());
        }
        if (!request.sync()) {
            ObjectNode out = Json.object();
            out.put("ExecutionArn", child.executionArn());
            out.put("StartDate", StatesProvider.epochSeconds(child.startDate()));
            return CompletableFuture.completedFuture(out);
        }
        boolean v2 = request.resource().endsWith(".sync:2");
        return provider.engine().completion(child.executionArn()).thenApply(done -> {
            ObjectNode out = Json.object();
            out.put("ExecutionArn", done.executionArn());
            out.put("StateMachineArn", done.stateMachineArn());
            out.put("Name", done.name());
            out.put("Status", done.status().name());
            out.put("StartDate", StatesProvider.epochSeconds(done.startDate()));
            out.put("StopDate", StatesProvider.epochSeconds(done.stopDate()));
            if (v2) {
                out.set("Input", done.input());
            } else {
                out.put("Input", Json.write(done.input()));
            }
            if (done.status() != ExecutionStatus.SUCCEEDED) {
                out.put("Error", done.error());
                out.put("Cause", done.cause());
                // AWS fails the parent with States.TaskFailed and the child's description as cause.
                throw new StateFailure(Errors.TASK_FAILED, Json.write(out));
            }
            if (v2) {
                out.set("Output", done.output());
            } else {
                out.put("Output", Json.write(done.output()));
            }
            return out;
        });
    }
}
