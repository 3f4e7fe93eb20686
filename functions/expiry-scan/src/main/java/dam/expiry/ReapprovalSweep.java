package dam.expiry;

import dam.aws.launch.DynamoPlacementStore;
import dam.core.launch.ReapprovalService;
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
 * The daily re-approval sweep (always-on content): queries the re-approval index (GSI1,
 * {@link DynamoPlacementStore#reapprovalPartition}) one partition per day and shard from {@value #LOOKBACK_DAYS} days
 * back to today, so it reads only placements that reached their brand's age and were not handled yet (handling takes
 * them out of the index); each goes to {@link ReapprovalService#due}. Reports what DynamoDB says it returned.
 */
public final class ReapprovalSweep {

    /** A sweep missed for up to this long still finds what fell due meanwhile. */
    static final int LOOKBACK_DAYS = 31;

    private final DynamoDbClient db;
    private final String table;
    private final String index;
    private final ReapprovalService reapprovals;
    private final Clock clock;

    public ReapprovalSweep(DynamoDbClient db, String table, String index, ReapprovalService reapprovals, Clock clock) {
        this.db = db;
        this.table = table;
        this.index = index;
        this.reapprovals = reapprovals;
        this.clock = clock;
    }

    public record Report(int queries, int itemsRead, int reviews, int retired, int skipped) {
    }

    public Report sweep() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int queries = 0;
        int read = 0;
        int reviews = 0;
        int retired = 0;
        int skipped = 0;
        for (LocalDate day = today.minusDays(LOOKBACK_DAYS); !day.isAfter(today); day = day.plusDays(1)) {
            for (int shard = 0; shard < DynamoPlacementStore.REAPPROVAL_SHARDS; shard++) {
                String partition = DynamoPlacementStore.reapprovalPartition(day, shard);
                Map<String, AttributeValue> start = null;
                do {
                    Map<String, AttributeValue> from = start;
                    QueryResponse r = db.query(b -> b.tableName(table).indexName(index)
                            .keyConditionExpression("GSI1PK = :p")
                            .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition)))
                            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).exclusiveStartKey(from));
                    queries++;
                    read += r.count();
                    for (Map<String, AttributeValue> item : r.items()) {
                        String[] sk = item.get("GSI1SK").s().split("#", 3);
                        if (Instant.parse(sk[0]).isAfter(now)) {
                            skipped++; // due later today
                            continue;
                        }
                        ReapprovalService.Outcome o = reapprovals.due(sk[1], sk[2]);
                        switch (o.status()) {
                            case REVIEW_STARTED -> reviews++;
                            case RETIRED -> retired++;
                            default -> skipped++;
                        }
                    }
                    start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
                } while (start != null);
            }
        }
        return new Report(queries, read, reviews, retired, skipped);
    }
}
