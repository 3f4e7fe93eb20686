package dam.expiry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.aws.AwsClients;
import dam.aws.FunctionClock;
import dam.aws.launch.DynamoPlacementStore;
import dam.aws.observe.Telemetry;
import dam.core.json.Json;
import dam.core.launch.PlacementStore;
import dam.core.launch.WebhookSignature;
import dam.core.launch.WebhookTarget;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Delivers {@code Asset Published} / {@code Asset Unpublish Requested} of webhook placements to the registered target
 * as a signed POST ({@link WebhookSignature}: HMAC over timestamp and body with the target's secret;
 * {@code X-Dam-Event-Id} lets the receiver drop repeats). A timeout, a connection failure or a non-2xx answer throws:
 * the rule invokes this function asynchronously, so Lambda retries it and then puts the event on the function's DLQ —
 * the asset stays expired either way; the DLQ shows which channel still shows it.
 *
 * <p>Why a function and not EventBridge API destinations: API destinations add static auth headers but cannot sign
 * each body with a per-target HMAC, and the local cloud's events provider has no API destinations.
 */
public final class WebhookDeliveryHandler implements RequestStreamHandler {

    /** Connecting; each target sets how long its answer may take ({@link WebhookTarget#timeoutSeconds()}). */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(WebhookDeliveryHandler.class.getName());
    private static final Map<String, String> TYPES = Map.of("Asset Published", "asset.published",
            "Asset Unpublish Requested", "asset.unpublish-requested");

    private final Telemetry telemetry = new Telemetry("webhook-delivery");
    private final PlacementStore targets;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;

    /** Lambda entry: TABLE_NAME (webhook targets). */
    public WebhookDeliveryHandler() {
        this(new AwsClients());
    }

    private WebhookDeliveryHandler(AwsClients aws) {
        this(new DynamoPlacementStore(aws.dynamoDb(), aws.require("TABLE_NAME"), Json.mapper()),
                HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build(),
                Json.mapper(), FunctionClock.fromEnvironment());
    }

    public WebhookDeliveryHandler(PlacementStore targets, HttpClient http, ObjectMapper json, Clock clock) {
        this.targets = targets;
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    /** What was delivered where. */
    public record Delivery(String eventId, String type, String targetId, int status) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = json.readTree(input);
        output.write(json.writeValueAsBytes(telemetry.run(context, event, log -> deliver(event))));
    }

    Delivery deliver(JsonNode event) {
        String type = TYPES.get(event.path("detail-type").asText(""));
        JsonNode d = event.path("detail");
        if (type == null || !"webhook".equals(d.path("channel").asText()) || !d.hasNonNull("targetId")) {
            throw new IllegalArgumentException("not a webhook placement event: " + event.path("detail-type"));
        }
        String targetId = d.get("targetId").asText();
        WebhookTarget target = targets.webhookTarget(targetId).orElseThrow(() -> new IllegalStateException(
                "webhook target " + targetId + " is not registered (removed after the placement?)"));
        ObjectNode body = json.createObjectNode();
        body.put("type", type);
        body.put("id", event.path("id").asText());
        body.set("data", d);
        String payload = body.toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.url()))
                .timeout(Duration.ofSeconds(target.timeoutSeconds()))
                .header("Content-Type", "application/json")
                .header("X-Dam-Event-Id", event.path("id").asText())
                .header(WebhookSignature.HEADER, new WebhookSignature(target.secret().getBytes(StandardCharsets.UTF_8))
                        .sign(payload, clock.instant()))
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new WebhookFailed("webhook " + targetId + " (" + target.url() + ") timed out after "
                    + target.timeoutSeconds() + " s on " + type, e);
        } catch (IOException e) {
            throw new WebhookFailed("webhook " + targetId + " (" + target.url() + ") unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebhookFailed("interrupted while calling webhook " + targetId, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new WebhookFailed("webhook " + targetId + " answered " + response.statusCode() + " to " + type
                    + "; Lambda retries, then the event goes to the DLQ", null);
        }
        LOG.log(System.Logger.Level.INFO, "{0} {1} delivered to {2}: {3}", type, event.path("id").asText(), targetId,
                response.statusCode());
        return new Delivery(event.path("id").asText(), type, targetId, response.statusCode());
    }

    /** A delivery that should be retried (and end in the DLQ if it keeps failing). */
    public static final class WebhookFailed extends RuntimeException {
        WebhookFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
