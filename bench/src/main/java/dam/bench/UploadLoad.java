package dam.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Issue 12 load: uploads at a fixed rate (e.g. 200 a minute) for a window, each the way a browser does it
 * ({@code POST /assets} on the HTTP API, then the presigned PUT), until every one is ingested. Completion is read
 * from the table with BatchGetItem every 100 ms (one call per 100 pending versions), so the observer costs almost
 * nothing. Bounded: a fixed number of uploads, loopback only. Used by {@code ./dam bench} (5 minutes) and by the
 * e2e LoadE2ETest (a short window at the same rate).
 */
public final class UploadLoad {

    /**
     * @param latenciesMs   upload complete (PUT answered) → terminal state, per upload that completed
     * @param notReady      uploads that ended rejected/quarantined or did not finish in time (ids with states)
     * @param peakHeapBytes the peak used heap of this JVM (where an in-process local cloud runs) during the run
     */
    public record Result(int uploads, double[] latenciesMs, Map<String, String> notReady, long peakHeapBytes,
                         Duration elapsed) {

        public double percentile(double p) {
            double[] sorted = latenciesMs.clone();
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p * sorted.length); // nearest rank
            return sorted[Math.max(0, rank - 1)];
        }

        public String describe() {
            return String.format("%d uploads in %.1f s: %d ready, %d not; upload complete → ready p50 %.0f ms, "
                            + "p95 %.0f ms, p99 %.0f ms; peak heap %.0f MB", uploads, elapsed.toMillis() / 1e3,
                    latenciesMs.length, notReady.size(), percentile(0.50), percentile(0.95), percentile(0.99),
                    peakHeapBytes / 1e6);
        }
    }

    private final URI api;
    private final String token;
    private final DynamoDbClient dynamodb;
    private final String table;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    public UploadLoad(URI api, String token, DynamoDbClient dynamodb, String table) {
        this.api = api;
        this.token = token;
        this.dynamodb = dynamodb;
        this.table = table;
    }

    /**
     * Starts {@code perMinute} uploads a minute for {@code window}, cycling through {@code photos}, and waits up to
     * {@code drain} after the last upload for every version to reach a terminal state.
     */
    public Result run(int perMinute, Duration window, Duration drain, List<byte[]> photos) throws Exception {
        int total = (int) Math.max(1, window.toSeconds() * perMinute / 60);
        long periodMicros = 60_000_000L / perMinute;
        Map<String, Long> uploadedAt = new ConcurrentHashMap<>();
        Map<String, Double> done = new ConcurrentHashMap<>();
        Map<String, String> notReady = new ConcurrentHashMap<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger started = new AtomicInteger();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
        ExecutorService uploaders = Executors.newFixedThreadPool(16);
        CompletableFuture<Void> allStarted = new CompletableFuture<>();
        CompletableFuture<Void> allDone = new CompletableFuture<>();
        long t0 = System.nanoTime();
        try {
            ScheduledFuture<?> starter = ticks.scheduleAtFixedRate(() -> {
                int i = started.getAndIncrement();
                if (i >= total) {
                    allStarted.complete(null);
                    return;
                }
                uploaders.execute(() -> {
                    try {
                        String id = upload("load-" + i + ".jpg", photos.get(i % photos.size()));
                        uploadedAt.put(id, System.nanoTime());
                    } catch (Exception e) {
                        failures.add(e);
                    }
                });
            }, 0, periodMicros, TimeUnit.MICROSECONDS);
            ScheduledFuture<?> observer = ticks.scheduleWithFixedDelay(() -> {
                try {
                    observe(uploadedAt, done, notReady);
                    if (!failures.isEmpty()) {
                        allDone.completeExceptionally(failures.get(0));
                    } else if (started.get() >= total && done.size() + notReady.size() == total) {
                        allDone.complete(null);
                    }
                } catch (RuntimeException e) {
                    allDone.completeExceptionally(e);
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
            allStarted.get(window.toMillis() + 60_000, TimeUnit.MILLISECONDS);
            starter.cancel(false);
            try {
                allDone.get(drain.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                uploadedAt.keySet().stream().filter(id -> !done.containsKey(id) && !notReady.containsKey(id))
                        .forEach(id -> notReady.put(id, "not finished within " + drain + " of the last upload"));
            }
            observer.cancel(false);
        } finally {
            ticks.shutdownNow();
            uploaders.shutdownNow();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " uploads could not be sent", failures.get(0));
        }
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Result(total, done.values().stream().mapToDouble(Double::doubleValue).toArray(), Map.copyOf(notReady),
                peak, Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * POST /assets then the presigned PUT; answers the asset id. A gateway timeout or 5xx (cold API workers starting
     * under the burst) is retried with the same Idempotency-Key, as a client should: it never creates a second asset.
     */
    private String upload(String name, byte[] photo) throws Exception {
        String idempotencyKey = java.util.UUID.randomUUID().toString();
        HttpResponse<String> created = null;
        for (int attempt = 1; attempt <= 4; attempt++) {
            created = http.send(HttpRequest.newBuilder(URI.create(api + "/assets"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("Idempotency-Key", idempotencyKey).timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("brand", "Acme",
                            "channel", "web", "fileName", name, "contentType", "image/jpeg", "size", photo.length))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() < 500) {
                break;
            }
        }
        if (created.statusCode() != 201 && created.statusCode() != 200) {
            throw new IllegalStateException("POST /assets answered " + created.statusCode() + ": " + created.body());
        }
        JsonNode ticket = json.readTree(created.body());
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(ticket.path("plan").path("url")
                        .asText())).header("Content-Type", "image/jpeg").timeout(Duration.ofSeconds(120))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(photo)).build(), HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() != 200) {
            throw new IllegalStateException("presigned PUT answered " + put.statusCode() + ": " + put.body());
        }
        return ticket.path("asset").path("id").asText();
    }

    /** Reads the state of every pending version (100 keys per BatchGetItem) and records those now terminal. */
    private void observe(Map<String, Long> uploadedAt, Map<String, Double> done, Map<String, String> notReady) {
        List<String> pending = uploadedAt.keySet().stream()
                .filter(id -> !done.containsKey(id) && !notReady.containsKey(id)).toList();
        for (int from = 0; from < pending.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String id : pending.subList(from, Math.min(pending.size(), from + 100))) {
                keys.add(Map.of("PK", AttributeValue.fromS("ASSET#" + id), "SK", AttributeValue.fromS("V#000001")));
            }
            Map<String, KeysAndAttributes> request = new HashMap<>(Map.of(table, KeysAndAttributes.builder()
                    .keys(keys).projectionExpression("PK, #s").expressionAttributeNames(Map.of("#s", "state"))
                    .consistentRead(true).build()));
            while (!request.isEmpty()) {
                var response = dynamodb.batchGetItem(r -> r.requestItems(request));
                long now = System.nanoTime();
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    String id = item.get("PK").s().substring("ASSET#".length());
                    String state = item.containsKey("state") ? item.get("state").s() : "";
                    if (state.equals("ready")) {
                        done.put(id, (now - uploadedAt.get(id)) / 1e6);
                    } else if (state.equals("rejected") || state.equals("quarantined")) {
                        notReady.put(id, state);
                    }
                }
                request.clear();
                request.putAll(response.unprocessedKeys());
            }
        }
    }
}
