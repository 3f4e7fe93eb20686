package dam.analytics;

import dam.core.analytics.AnalyticsStore;
import dam.core.analytics.Delta;
import dam.core.analytics.Row;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link AnalyticsStore} on the single table: aggregate items {@code AN#…} (numbers as N, the rest as S) and one
 * marker per applied fact ({@code AN#SEEN#<fact>}, expiring after {@link #REMEMBER}) written in the same transaction as
 * the fact's counter updates — a redelivered fact fails the marker's condition and changes nothing.
 */
public final class DynamoAnalyticsStore implements AnalyticsStore {

    /** Longer than any redelivery: stream records live 24 h, EventBridge retries for 24 h. */
    static final Duration REMEMBER = Duration.ofDays(7);

    private final DynamoDbClient db;
    private final String table;
    private final Clock clock;

    public DynamoAnalyticsStore(DynamoDbClient db, String table, Clock clock) {
        this.db = db;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean apply(String factId, List<Delta> deltas) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> marker = new HashMap<>();
        marker.put("PK", AttributeValue.fromS("AN#SEEN#" + factId));
        marker.put("SK", AttributeValue.fromS("SEEN"));
        marker.put("ttl", AttributeValue.fromN(Long.toString(clock.instant().plus(REMEMBER).getEpochSecond())));
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(marker)
                .conditionExpression("attribute_not_exists(PK)")).build());
        for (Delta d : deltas) {
            writes.add(TransactWriteItem.builder().update(update(d)).build());
        }
        try {
            db.transactWriteItems(t -> t.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (reasons != null && !reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                return false;
            }
            throw e;
        }
    }

    private software.amazon.awssdk.services.dynamodb.model.Update update(Delta d) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> adds = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Long> e : d.add().entrySet()) {
            names.put("#a" + i, e.getKey());
            values.put(":a" + i, AttributeValue.fromN(Long.toString(e.getValue())));
            adds.add("#a" + i + " :a" + i);
            i++;
        }
        for (Map.Entry<String, String> e : d.set().entrySet()) {
            names.put("#s" + i, e.getKey());
            values.put(":s" + i, AttributeValue.fromS(e.getValue()));
            sets.add("#s" + i + " = :s" + i);
            i++;
        }
        for (Map.Entry<String, String> e : d.keep().entrySet()) {
            names.put("#k" + i, e.getKey());
            values.put(":k" + i, AttributeValue.fromS(e.getValue()));
            sets.add("#k" + i + " = if_not_exists(#k" + i + ", :k" + i + ")");
            i++;
        }
        StringBuilder expression = new StringBuilder();
        if (!sets.isEmpty()) {
            expression.append("SET ").append(String.join(", ", sets));
        }
        if (!adds.isEmpty()) {
            expression.append(expression.length() > 0 ? " " : "").append("ADD ").append(String.join(", ", adds));
        }
        return software.amazon.awssdk.services.dynamodb.model.Update.builder().tableName(table)
                .key(Map.of("PK", AttributeValue.fromS(d.pk()), "SK", AttributeValue.fromS(d.sk())))
                .updateExpression(expression.toString())
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    @Override
    public List<Row> range(String pk, String from, String to) {
        return query(pk, from, to, null);
    }

    /** A projection of SK and the attributes (PK is the one asked for): fewer bytes from the table and to parse. */
    @Override
    public List<Row> range(String pk, String from, String to, Set<String> attributes) {
        return query(pk, from, to, Objects.requireNonNull(attributes, "attributes"));
    }

    /** @param attributes null: every attribute */
    private List<Row> query(String pk, String from, String to, Set<String> attributes) {
        Map<String, String> names = new HashMap<>();
        StringBuilder projection = new StringBuilder("SK");
        if (attributes != null) {
            for (String a : attributes) {
                String name = "#p" + names.size();
                names.put(name, a);
                projection.append(", ").append(name);
            }
        }
        List<Row> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("PK = :pk AND SK BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk),
                            ":from", AttributeValue.fromS(from), ":to", AttributeValue.fromS(to)));
            if (attributes != null) {
                q.projectionExpression(projection.toString());
                if (!names.isEmpty()) {
                    q.expressionAttributeNames(names);
                }
            }
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            QueryResponse r = db.query(q.build());
            r.items().forEach(item -> out.add(row(pk, item)));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    @Override
    public Optional<Row> get(String pk, String sk) {
        Map<String, AttributeValue> item = db.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(row(pk, item));
    }

    static Row row(String pk, Map<String, AttributeValue> item) {
        Map<String, Long> numbers = new HashMap<>();
        Map<String, String> strings = new HashMap<>();
        item.forEach((k, v) -> {
            if (k.equals("PK") || k.equals("SK")) {
                return;
            }
            if (v.n() != null) {
                numbers.put(k, Long.parseLong(v.n()));
            } else if (v.s() != null) {
                strings.put(k, v.s());
            }
        });
        return new Row(pk, item.get("SK").s(), numbers, strings);
    }
}
