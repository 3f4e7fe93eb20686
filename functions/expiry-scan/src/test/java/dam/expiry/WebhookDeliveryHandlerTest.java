package dam.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dam.core.json.Json;
import dam.core.launch.WebhookSignature;
import dam.core.launch.WebhookTarget;
import dam.core.launch.memory.InMemoryPlacementStore;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookDeliveryHandlerTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-07-11T00:00:00Z");

    private final ObjectMapper json = Json.mapper();
    private final InMemoryPlacementStore store = new InMemoryPlacementStore();
    private final List<String[]> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(204);
    private HttpServer server;
    private WebhookDeliveryHandler handler;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new String[] {ex.getRequestHeaders().getFirst(WebhookSignature.HEADER), body,
                    ex.getRequestHeaders().getFirst("X-Dam-Event-Id")});
            ex.sendResponseHeaders(status.get(), -1);
            ex.close();
        });
        server.start();
        store.saveWebhookTarget(new WebhookTarget("cms", "http://127.0.0.1:" + server.getAddress().getPort()
                + "/hook", SECRET));
        handler = new WebhookDeliveryHandler(store, HttpClient.newHttpClient(), json,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private JsonNode event(String type, String target) throws Exception {
        return json.readTree("{\"id\":\"ev-1\",\"detail-type\":\"" + type + "\",\"detail\":{\"assetId\":\"a1\","
                + "\"channel\":\"webhook\",\"targetId\":\"" + target + "\",\"placementId\":\"pl-1\"}}");
    }

    @Test
    void unpublishIsPostedSignedWithTheTargetsSecret() throws Exception {
        var d = handler.deliver(event("Asset Unpublish Requested", "cms"));
        assertEquals(204, d.status());
        assertEquals(1, received.size());
        String[] r = received.get(0);
        assertTrue(new WebhookSignature(SECRET.getBytes(StandardCharsets.UTF_8)).verify(r[0], r[1], NOW,
                Duration.ofMinutes(5)), "signature verifies with the target's secret");
        JsonNode body = json.readTree(r[1]);
        assertEquals("asset.unpublish-requested", body.get("type").asText());
        assertEquals("pl-1", body.path("data").path("placementId").asText());
        assertEquals("ev-1", r[2]);
    }

    @Test
    void aServerErrorThrowsSoLambdaRetriesAndThenDeadLetters() throws Exception {
        status.set(500);
        var e = assertThrows(WebhookDeliveryHandler.WebhookFailed.class,
                () -> handler.deliver(event("Asset Published", "cms")));
        assertTrue(e.getMessage().contains("500"), e.getMessage());
        assertEquals(1, received.size());
    }

    @Test
    void unknownTargetsAndOtherEventsAreRefused() throws Exception {
        assertThrows(IllegalStateException.class, () -> handler.deliver(event("Asset Published", "gone")));
        assertThrows(IllegalArgumentException.class, () -> handler.deliver(event("Asset Expired", "cms")));
        assertEquals(0, received.size());
    }

    @Test
    void aTargetThatDoesNotAnswerInItsTimeoutFailsTheDeliveryWithTheReason() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        server.createContext("/hang", ex -> {
            try {
                release.await(30, java.util.concurrent.TimeUnit.SECONDS); // hangs until the test is done
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        store.saveWebhookTarget(new WebhookTarget("slow", "http://127.0.0.1:" + server.getAddress().getPort()
                + "/hang", SECRET, 1));
        try {
            JsonNode event = json.readTree("{\"id\":\"e-9\",\"detail-type\":\"Asset Unpublish Requested\","
                    + "\"detail\":{\"assetId\":\"a1\",\"channel\":\"webhook\",\"targetId\":\"slow\"}}");
            long t0 = System.nanoTime();
            WebhookDeliveryHandler.WebhookFailed e = assertThrows(WebhookDeliveryHandler.WebhookFailed.class,
                    () -> handler.deliver(event));
            assertTrue(e.getMessage().contains("timed out after 1 s"), e.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(9)) < 0,
                    "the target's 1 s timeout applies, not the 10 s default");
        } finally {
            release.countDown();
        }
    }
}
