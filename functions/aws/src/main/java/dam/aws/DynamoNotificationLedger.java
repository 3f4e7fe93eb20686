package dam.aws;

import dam.core.notify.NotificationLedger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import static dam.aws.Keys.PK;
import static dam.aws.Keys.SK;
import static dam.aws.Keys.n;
import static dam.aws.Keys.s;

/**
 * {@link NotificationLedger} on the single table: item {@code NOTIFIED#<key>/META}, claimed with a conditional put
 * ({@code attribute_not_exists(PK)}) and expired by the table's TTL attribute at {@code keepUntil}.
 */
public final class DynamoNotificationLedger implements NotificationLedger {

    private final DynamoDbClient db;
    private final String table;
    private final Clock clock;

    public DynamoNotificationLedger(DynamoDbClient db, String table, Clock clock) {
        this.db = db;
        this.table = table;
        this.clock = clock;
    }

    static String pk(String key) {
        return "NOTIFIED#" + key;
    }

    @Override
    public boolean claim(String key, Instant keepUntil) {
        Map<String, AttributeValue> item = Map.of(PK, s(pk(key)), SK, s(Keys.META),
                "claimedAt", s(clock.instant().toString()), Keys.TTL, n(keepUntil.getEpochSecond()));
        try {
            db.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void release(String key) {
        db.deleteItem(b -> b.tableName(table).key(Map.of(PK, s(pk(key)), SK, s(Keys.META))));
    }
}
