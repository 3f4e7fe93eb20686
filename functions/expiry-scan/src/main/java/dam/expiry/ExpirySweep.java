package dam.expiry;

import dam.core.lifecycle.ExpiryCheck;
import dam.core.lifecycle.ExpiryIndex;
import dam.core.lifecycle.ExpiryPlanner;
import dam.core.lifecycle.ExpiryService;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The daily safety net: queries the expiry index (GSI1, {@link ExpiryIndex}) one partition per day and shard from
 * {@value #LOOKBACK_DAYS} days back (overdue: an expiry that never ran keeps its keys) to {@value #AHEAD_DAYS} days
 * ahead, so it reads only expiring records (rights records, talent releases, offers). Each due record is expired (the
 * same idempotent path as its T-0 schedule); each upcoming one has its schedules re-created (upserts by deterministic
 * name: a deleted schedule comes back, existing ones are unchanged). Reports what DynamoDB says it returned, evaluated
 * and consumed — independent of the table's size.
 */
public final class ExpirySweep {

    static final int LOOKBACK_DAYS = 31;
    static final int AHEAD_DAYS = 31;

    private final DynamoDbClient db;
    private final String table;
    private final String index;
    private final ExpiryPlanner planner;
    private final ExpiryService expiry;
    private final Clock clock;

    public ExpirySweep(DynamoDbClient db, String table, String index, ExpiryPlanner planner, ExpiryService expiry,
                       Clock clock) {
        this.db = db;
        this.table = table;
        this.index = index;
        this.planner = planner;
        this.expiry = expiry;
        this.clock = clock;
    }

    /**
     * What one sweep did; {@code itemsRead} = the sum of the responses' Count, {@code itemsScanned} of their
     * ScannedCount (what DynamoDB evaluated, billed), {@code capacity} of their ConsumedCapacity.
     */
    public record Report(int queries, int itemsRead, int itemsScanned, double capacity, int rescheduled, int expired,
                         int skipped) {
    }

    public Report sweep() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int queries = 0;
        int read = 0;
        int scanned = 0;
        double capacity = 0;
        int rescheduled = 0;
        int expired = 0;
        int skipped = 0;
        for (LocalDate day = today.minusDays(LOOKBACK_DAYS); !day.isAfter(today.plusDays(AHEAD_DAYS));
             day = day.plusDays(1)) {
            for (int shard = 0; shard < ExpiryIndex.SHARDS; shard++) {
                Map<String, AttributeValue> start = null;
                do {
                    Map<String, AttributeValue> from = start;
                    String partition = ExpiryIndex.partition(day, shard);
                    QueryResponse r = db.query(b -> b.tableName(table).indexName(index)
                            .keyConditionExpression("GSI1PK = :p")
                            .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition)))
                            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).exclusiveStartKey(from));
                    queries++;
                    read += r.count();
                    scanned += r.scannedCount() == null ? 0 : r.scannedCount();
                    if (r.consumedCapacity() != null && r.consumedCapacity().capacityUnits() != null) {
                        capacity += r.consumedCapacity().capacityUnits();
                    }
                    for (Map<String, AttributeValue> item : r.items()) {
                        String assetId = item.get("PK").s().substring("ASSET#".length());
                        String kind = ExpiryIndex.kindOf(item.get("SK").s());
                        String subjectId = item.get("SK").s().substring(ExpiryIndex.itemPrefix(kind).length());
                        String sk = item.get("GSI1SK").s();
                        Instant endsAt = Instant.parse(sk.substring(0, sk.indexOf('#')));
                        if (endsAt.isAfter(now)) {
                            planner.sync(assetId, subjectId, kind, endsAt);
                            rescheduled++;
                        } else {
                            ExpiryService.Outcome o = expiry.check(new ExpiryCheck(assetId, subjectId, kind, 0,
                                    endsAt));
                            if (o.status() == ExpiryService.Status.EXPIRED) {
                                expired++;
                            } else {
                                skipped++;
                            }
                        }
                    }
                    start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
                } while (start != null);
            }
        }
        return new Report(queries, read, scanned, capacity, rescheduled, expired, skipped);
    }
}
