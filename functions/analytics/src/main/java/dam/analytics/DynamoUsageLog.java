package dam.analytics;

import dam.core.analytics.UsageEvent;
import dam.core.analytics.UsageLog;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link UsageLog} as one small item per use, {@code USE#<id>}/{@code META} (put if absent, so a retried request with
 * the same id is one use), kept {@link #KEEP} for re-aggregation and then dropped by TTL. The table stream carries it
 * to the analytics function; the request that made it waits for nothing else.
 */
public final class DynamoUsageLog implements UsageLog {

    static final Duration KEEP = Duration.ofDays(35);
    public static final String PREFIX = "USE#";

    private final DynamoDbClient db;
    private final String table;

    public DynamoUsageLog(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public void record(UsageEvent e) {
        try {
            db.putItem(p -> p.tableName(table).item(item(e)).conditionExpression("attribute_not_exists(PK)"));
        } catch (ConditionalCheckFailedException duplicate) {
            System.getLogger(DynamoUsageLog.class.getName()).log(System.Logger.Level.DEBUG,
                    "use {0} recorded before", e.id());
        }
    }

    static Map<String, AttributeValue> item(UsageEvent e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("PK", AttributeValue.fromS(PREFIX + e.id()));
        item.put("SK", AttributeValue.fromS("META"));
        item.put("type", AttributeValue.fromS("usage"));
        item.put("kind", AttributeValue.fromS(e.kind().code()));
        if (e.assetId() != null) {
            item.put("assetId", AttributeValue.fromS(e.assetId()));
        }
        item.put("userId", AttributeValue.fromS(e.userId()));
        item.put("team", AttributeValue.fromS(e.team()));
        item.put("via", AttributeValue.fromS(e.via()));
        item.put("at", AttributeValue.fromS(e.at().toString()));
        item.put("ttl", AttributeValue.fromN(Long.toString(e.at().plus(KEEP).getEpochSecond())));
        return item;
    }
}
