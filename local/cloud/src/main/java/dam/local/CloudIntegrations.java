package dam.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.asl.StateFailure;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import dam.local.edge.ServiceProvider;
import dam.local.lambda.InvokeResult;
import dam.local.lambda.LambdaProvider;
import dam.local.s3.S3Provider;
import dam.local.states.Integrations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;

/**
 * Step Functions' service integrations in the local cloud: Task states reach the Lambda, EventBridge, DynamoDB and S3
 * providers in-process, with errors named the way Step Functions names them ({@code Lambda.*}, {@code DynamoDB.*}).
 */
final class CloudIntegrations implements Integrations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LambdaProvider lambda;
    private final ServiceProvider events;
    private final ServiceProvider dynamodb;
    private final S3Provider s3;
    private final ExecutorService executor;

    CloudIntegrations(LambdaProvider lambda, ServiceProvider events, ServiceProvider dynamodb, S3Provider s3,
                      ExecutorService executor) {
        this.lambda = lambda;
        this.events = events;
        this.dynamodb = dynamodb;
        this.s3 = s3;
        this.executor = executor;
    }

    @Override
    public CompletionStage<JsonNode> invokeLambda(String functionName, JsonNode payload, String invocationType) {
        return CompletableFuture.supplyAsync(() -> {
            byte[] body = payload == null ? "{}".getBytes(StandardCharsets.UTF_8)
                    : payload.toString().getBytes(StandardCharsets.UTF_8);
            try {
                return invoke(functionName, body, invocationType);
            } catch (AwsException e) {
                // A refused invoke (no such function, throttled, payload too large…) is Lambda.<code>, as AWS names
                // it, so a Retry on Lambda.TooManyRequestsException matches here too.
                throw new StateFailure("Lambda." + e.code(), e.getMessage());
            }
        }, executor);
    }

    private JsonNode invoke(String functionName, byte[] body, String invocationType) {
        ObjectNode out = JSON.createObjectNode();
        if ("Event".equals(invocationType)) {
            lambda.invokeAsync(functionName, body);
            out.put("StatusCode", 202);
            return out;
        }
        InvokeResult result = lambda.invoke(functionName, body);
        out.put("StatusCode", 200);
        out.put("ExecutedVersion", "$LATEST");
        out.set("Payload", parsePayload(result.payload()));
        if (result.failed()) {
            out.put("FunctionError", result.functionError());
        }
        return out;
    }

    private static JsonNode parsePayload(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(payload);
        } catch (Exception e) {
            // Lambda returns raw bytes; a non-JSON payload reaches the state as a string, as on AWS.
            return JSON.getNodeFactory().textNode(new String(payload, StandardCharsets.UTF_8));
        }
    }

    @Override
    public CompletionStage<JsonNode> putEvents(JsonNode request) {
        return CompletableFuture.supplyAsync(() -> call(events, "events", "AWSEvents.PutEvents",
                "application/x-amz-json-1.1", request, "EventBridge."), executor);
    }

    @Override
    public CompletionStage<JsonNode> dynamoDb(String action, JsonNode request) {
        return CompletableFuture.supplyAsync(() -> call(dynamodb, "dynamodb", "DynamoDB_20120810." + action,
                "application/x-amz-json-1.0", request, "DynamoDB."), executor);
    }

    private static JsonNode call(ServiceProvider provider, String service, String target, String contentType,
                                 JsonNode request, String errorPrefix) {
        try {
            AwsResponse response = provider.handle(new AwsRequest("POST", "/", null,
                    Map.of("content-type", List.of(contentType), "x-amz-target", List.of(target)),
                    JSON.writeValueAsBytes(request), service, LocalCloud.REGION,
                    target.substring(target.indexOf('.') + 1)));
            JsonNode body = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.status() >= 300) {
                String type = body.path("__type").asText("ServiceException");
                throw new StateFailure(errorPrefix + type.substring(type.indexOf('#') + 1),
                        body.path("message").asText(body.path("Message").asText("")));
            }
            return body;
        } catch (AwsException e) {
            throw new StateFailure(errorPrefix + e.code(), e.getMessage());
        } catch (StateFailure e) {
            throw e;
        } catch (Exception e) {
            throw new StateFailure(errorPrefix + "AmazonServiceException", e.toString());
        }
    }

    @Override
    public byte[] s3GetObject(String bucket, String key) {
        return s3.getObject(bucket, key);
    }

    @Override
    public void s3PutObject(String bucket, String key, byte[] body) {
        s3.putObject(bucket, key, body);
    }
}
