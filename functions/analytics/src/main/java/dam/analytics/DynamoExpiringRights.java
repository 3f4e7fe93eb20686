package dam.analytics;

import dam.core.analytics.ExpiringRights;
import dam.core.lifecycle.ExpiryIndex;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Rights records ending on given days, from the expiry index (GSI1 {@code EXP#<day>#<shard>}): one Query per day and
 * shard, in parallel — it reads only records that end then, never the table. The index keys hold the end instant
 * ({@code <endsAt>#<asset>#<record>}); a record's last usable day is the day before its end instant's day when it
 * ends at midnight, so the caller's day range is widened by one day and filtered on the instant.
 */
public final class DynamoExpiringRights implements ExpiringRights {

    private final DynamoDbClient db;
    private final String table;
    private final String index;
    private final Executor reads;

    public DynamoExpiringRights(DynamoDbClient db, String table, String index, Executor reads) {
        this.db = db;
        this.table = table;
        this.index = index;
        this.reads = reads;
    }

    @Override
    public List<Entry> endingBetween(LocalDate firstDay, LocalDate lastDay) {
        Instant after = firstDay.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        Instant until = lastDay.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        List<CompletableFuture<List<Entry>>> parts = new ArrayList<>();
        for (LocalDate day = firstDay; !day.isAfter(lastDay.plusDays(1)); day = day.plusDays(1)) {
            for (int shard = 0; shard < ExpiryIndex.SHARDS; shard++) {
                String partition = ExpiryIndex.partition(day, shard);
                parts.add(CompletableFuture.supplyAsync(() -> partition(partition), reads));
            }
        }
        List<Entry> out = new ArrayList<>();
        for (CompletableFuture<List<Entry>> f : parts) {
            for (Entry e : f.join()) {
                // usable through the day before the end instant (an end at midnight → the previous day is the last)
                Instant lastUse = e.endsAt().minusSeconds(1);
                if (!lastUse.isBefore(after) && lastUse.isBefore(until)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private List<Entry> partition(String partition) {
        List<Entry> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = db.query(b -> b.tableName(table).indexName(index)
                    .keyConditionExpression("GSI1PK = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition)))
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : r.items()) {
                String pk = item.get("PK").s();
                String sk = item.get("SK").s();
                String gsi = item.get("GSI1SK").s();
                if (pk.startsWith("ASSET#") && sk.startsWith("RIGHTS#")) {
                    out.add(new Entry(pk.substring("ASSET#".length()), sk.substring("RIGHTS#".length()),
                            Instant.parse(gsi.substring(0, gsi.indexOf('#')))));
                }
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }
}
