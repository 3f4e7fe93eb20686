package dam.local.events;

import com.sun.net.httpserver.HttpServer;
import dam.local.clock.LocalClock;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import dam.local.sqs.SqsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Target;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real SDK v2 client against the provider, through a minimal stand-in for the edge (JSON 1.1 routing and
 * error rendering), to check the wire shapes: request/response members, timestamps and error types.
 */
class EventBridgeSdkTest {

    @TempDir
    Path dir;
    private LocalClock clock;
    private RecordingDispatcher lambdas;
    private SqsProvider sqs;
    private EventsProvider events;
    private HttpServer server;
    private EventBridgeClient client;

    @BeforeEach
    void start() throws Exception {
        clock = LocalClock.fixed(Instant.parse("2026-03-01T10:00:00Z"));
        lambdas = new RecordingDispatcher();
        sqs = new SqsProvider(clock, dir);
        events = new EventsProvider(clock, dir, sqs, lambdas);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] body = exchange.getRequestBody().readAllBytes();
            AwsRequest request = new AwsRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body, "events", "us-east-1",
                    target.substring(target.indexOf('.') + 1));
            int status;
            byte[] out;
            try {
                AwsResponse response = events.handle(request);
                status = response.status();
                out = response.body();
            } catch (AwsException e) {
                status = e.status();
                out = ("{\"__type\":\"" + e.code() + "\",\"message\":" + Calls.q(e.getMessage()) + "}").getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", AwsResponse.AMZ_JSON_1_1);
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        client = EventBridgeClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
        events.close();
        sqs.close();
        clock.close();
    }

    @Test
    void sdkRoundTripRuleTargetsAndPutEvents() {
        String busArn = client.createEventBus(b -> b.name("dam")).eventBusArn();
        assertEquals("arn:aws:events:us-east-1:000000000000:event-bus/dam", busArn);
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), client.describeEventBus(b -> b.name("dam")).creationTime());
        client.putRule(r -> r.name("briefs").eventBusName("dam")
                .eventPattern("{\"detail-type\":[\"Command Create Brief\"]}"));
        client.putTargets(t -> t.rule("briefs").eventBusName("dam").targets(Target.builder().id("intake")
                .arn("arn:aws:lambda:us-east-1:000000000000:function:brief-intake")
                .inputTransformer(x -> x.inputPathsMap(Map.of("title", "$.detail.title")).inputTemplate("{\"t\": <title>}"))
                .retryPolicy(p -> p.maximumRetryAttempts(3).maximumEventAgeInSeconds(600))
                .build()));

        DescribeRuleResponse rule = client.describeRule(r -> r.name("briefs").eventBusName("dam"));
        assertEquals("ENABLED", rule.stateAsString());
        Target stored = client.listTargetsByRule(r -> r.rule("briefs").eventBusName("dam")).targets().get(0);
        assertEquals(3, stored.retryPolicy().maximumRetryAttempts());
        assertEquals("$.detail.title", stored.inputTransformer().inputPathsMap().get("title"));

        PutEventsResponse put = client.putEvents(p -> p.entries(
                e -> e.eventBusName("dam").source("dam.api").detailType("Command Create Brief").detail("{\"title\":\"Spring\"}")
                        .time(Instant.parse("2026-02-28T08:00:00Z")),
                e -> e.eventBusName("dam").source("dam.api").detailType("Command Create Brief").detail("not json")));
        assertEquals(1, put.failedEntryCount());
        assertEquals("MalformedDetail", put.entries().get(1).errorCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> events.pendingDeliveries() == 0);
        assertEquals(List.of("{\"t\": \"Spring\"}"), lambdas.inputs("arn:aws:lambda:us-east-1:000000000000:function:brief-intake"));
        String recent = events.recentEvents("dam", 1).get(0);
        assertTrue(recent.contains("\"time\":\"2026-02-28T08:00:00Z\""), recent);

        assertThrows(ResourceNotFoundException.class, () -> client.describeRule(r -> r.name("missing")));
        assertThrows(InvalidEventPatternException.class, () -> client.putRule(r -> r.name("bad").eventPattern("{\"a\":1}")));
        assertTrue(client.testEventPattern(t -> t.eventPattern("{\"source\":[\"dam.api\"]}")
                .event("{\"id\":\"1\",\"source\":\"dam.api\",\"detail-type\":\"x\",\"account\":\"000000000000\","
                        + "\"time\":\"2026-03-01T10:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{}}")).result());
    }
}
