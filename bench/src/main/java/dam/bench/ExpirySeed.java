package dam.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.DynamoAssetRepository;
import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.json.Json;
import dam.core.library.RightsRecord;
import dam.core.lifecycle.ExpiryIndex;
import dam.core.lifecycle.RightsExpiry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A library for the expiry sweep at scale, written straight into the table as the rights service leaves it: rights
 * records ({@code ASSET#<id>/RIGHTS#lic}, JSON data + the expiry index keys) for {@code n} assets whose rights end
 * 40–400 days out (outside the sweep's ±31-day window), {@code upcoming} that end within the next 30 days, and one
 * ready asset whose rights ended yesterday with no schedule at all (as if its T-0 schedule had been deleted). Seeded
 * with BatchWriteItem (25 items a request) on parallel clients; nothing here plans schedules.
 */
public final class ExpirySeed {

    public static final String RIGHTS_ID = "lic";
    private static final int BATCH = 25;

    private final DynamoDbClient db;
    private final String table;
    private final ObjectMapper json = Json.mapper();

    public ExpirySeed(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    /** What was written: the far and upcoming subjects' asset ids and the overdue asset, and how long it took. */
    public record Seeded(int far, List<String> upcoming, String overdue, double seconds) {
        public int inWindow() {
            return upcoming.size() + 1;
        }
    }

    public Seeded seed(int n, int upcoming, Instant now, int threads) throws Exception {
        long t0 = System.nanoTime();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Map<String, AttributeValue>> items = new ArrayList<>(n + upcoming);
        for (int i = 0; i < n; i++) {
            items.add(rightsItem("far-" + i, today.plusDays(40 + i % 360), now));
        }
        List<String> soon = new ArrayList<>();
        for (int i = 0; i < upcoming; i++) {
            soon.add("soon-" + i);
            items.add(rightsItem("soon-" + i, today.plusDays(1 + i % 30), now));
        }
        write(items, threads);
        String overdue = overdueAsset(today.minusDays(1), now);
        return new Seeded(n, soon, overdue, (System.nanoTime() - t0) / 1e9);
    }

    /** A ready asset (owner cara@acme.example) with rights whose last day was {@code lastDay}; no schedule exists. */
    private String overdueAsset(LocalDate lastDay, Instant now) {
        String id = "overdue-" + now.toEpochMilli();
        DynamoAssetRepository assets = new DynamoAssetRepository(db, table, json, Clock.fixed(now, ZoneOffset.UTC));
        AuditEntry audit = AuditChain.next(null, id, 1, now, "cara@acme.example", "asset.created", "sweep seed");
        assets.save(new Asset(id, "Acme", null, null, null, "overdue.jpg", null, List.of(), List.of(),
                "cara@acme.example", now, now, 1, 1, audit.hash()), new AssetVersion(id, 1, VersionState.READY,
                List.of(), "cara@acme.example", "originals/" + id + "/1/overdue.jpg", "overdue.jpg", "image/jpeg", 1,
                null, now, now, null, "seeded", "image/jpeg", 1L, "0".repeat(64), null, null, List.of(), List.of(),
                List.of(), List.of(), null), audit, null);
        db.putItem(b -> b.tableName(table).item(rightsItem(id, lastDay, now)));
        return id;
    }

    private Map<String, AttributeValue> rightsItem(String assetId, LocalDate lastDay, Instant now) {
        RightsRecord r = new RightsRecord(assetId, RIGHTS_ID, "rights-managed", List.of("WW"), List.of("web"),
                LocalDate.of(2020, 1, 1), lastDay, List.of(), null, null, "sweep seed", null, "lena@acme.example",
                now);
        Instant endsAt = RightsExpiry.endsAt(r);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("PK", AttributeValue.fromS("ASSET#" + assetId));
        item.put("SK", AttributeValue.fromS("RIGHTS#" + RIGHTS_ID));
        item.put("type", AttributeValue.fromS("rights"));
        try {
            item.put("data", AttributeValue.fromS(json.writeValueAsString(r)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rights record always serialises", e);
        }
        item.put("GSI1PK", AttributeValue.fromS(ExpiryIndex.partition(endsAt, assetId)));
        item.put("GSI1SK", AttributeValue.fromS(ExpiryIndex.sort(endsAt, assetId, RIGHTS_ID)));
        return item;
    }

    private void write(List<Map<String, AttributeValue>> items, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int from = 0; from < items.size(); from += BATCH) {
                List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + BATCH)).stream()
                        .map(i -> WriteRequest.builder().putRequest(PutRequest.builder().item(i).build()).build())
                        .toList();
                done.add(pool.submit(() -> writeBatch(batch)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void writeBatch(List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt == 10) {
                throw new IllegalStateException("BatchWriteItem left items unprocessed 10 times");
            }
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse r = db.batchWriteItem(b -> b.requestItems(request));
            pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
        }
    }
}
