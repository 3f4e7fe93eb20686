package dam.local;

import static dam.local.lambda.LambdaTestSupport.fixtureCode;
import static dam.local.lambda.LambdaTestSupport.handler;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.asl.StateFailure;
import dam.local.clock.LocalClock;
import dam.local.lambda.FunctionConfig;
import dam.local.lambda.LambdaProvider;
import dam.local.lambda.fixtures.SleepyHandler;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task states reach Lambda through {@link CloudIntegrations}: a refused invoke must carry the error name Step Functions
 * uses ({@code Lambda.TooManyRequestsException}), or the state machines' throttle retriers never match it.
 */
class CloudIntegrationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path state;
    private LocalClock clock;
    private LambdaProvider lambda;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private CloudIntegrations integrations;

    @BeforeEach
    void start() {
        clock = LocalClock.fixed(Instant.parse("2026-03-01T10:00:00Z"));
        lambda = new LambdaProvider(clock, state, URI.create("http://127.0.0.1:4566"), failure -> { },
                Duration.ofMillis(300));
        lambda.deploy(FunctionConfig.builder("one-worker", fixtureCode(), handler(SleepyHandler.class))
                .timeoutSeconds(30).maxWorkers(1).build());
        integrations = new CloudIntegrations(lambda, null, null, null, executor);
    }

    @AfterEach
    void stop() {
        lambda.close();
        clock.close();
        executor.shutdownNow();
    }

    @Test
    void aThrottledInvokeFailsTheTaskWithLambdaTooManyRequestsException() throws Exception {
        CompletableFuture<JsonNode> busy = invoke("{\"sleepMs\":5000,\"id\":\"first\"}").toCompletableFuture();
        await().atMost(Duration.ofSeconds(30)).until(() -> lambda.stats("one-worker").invocations() == 1);

        StateFailure throttled = failure(invoke("{\"sleepMs\":0,\"id\":\"second\"}"));

        assertEquals("Lambda.TooManyRequestsException", throttled.error());
        assertEquals(1, lambda.stats("one-worker").throttled());
        assertTrue(throttled.cause().contains("stayed busy"), throttled.cause());
        JsonNode first = busy.get();
        assertEquals("first", first.path("Payload").path("id").asText(), first.toString());
        assertFalse(first.has("FunctionError"), first.toString());
    }

    @Test
    void anOversizedPayloadFailsTheTaskWithLambdaRequestTooLargeException() {
        String big = "{\"pad\":\"" + "x".repeat(7 * 1024 * 1024) + "\"}";

        StateFailure refused = failure(invoke(big));

        assertEquals("Lambda.RequestTooLargeException", refused.error());
        assertEquals(0, lambda.stats("one-worker").invocations(), "nothing ran");
    }

    @Test
    void anUnknownFunctionFailsTheTaskWithLambdaResourceNotFoundException() {
        StateFailure missing = failure(integrations.invokeLambda("no-such-function", JSON.createObjectNode(),
                "RequestResponse").toCompletableFuture());

        assertEquals("Lambda.ResourceNotFoundException", missing.error());
        assertTrue(missing.cause().contains("no-such-function"), missing.cause());
    }

    private CompletableFuture<JsonNode> invoke(String payload) {
        try {
            return integrations.invokeLambda("one-worker", JSON.readTree(payload), "RequestResponse")
                    .toCompletableFuture();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static StateFailure failure(CompletableFuture<JsonNode> call) {
        CompletionException e = assertThrows(CompletionException.class, call::join);
        return assertInstanceOf(StateFailure.class, e.getCause());
    }
}
