package dam.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A DynamoDB stand-in for adapter unit tests: one table, PK/SK, all-or-nothing transactions, and exactly the condition
 * and key expressions the adapters use (anything else fails loudly, so an adapter change cannot pass by accident).
 * End-to-end tests run the adapters against the local cloud instead.
 */
final class FakeDynamoDb implements DynamoDbClient {

    private final String table;
    private final TreeMap<String, Map<String, AttributeValue>> items = new TreeMap<>();
    final List<TransactWriteItemsRequest> transactions = new ArrayList<>();
    boolean returnOldItemOnConditionFailure = true;

    FakeDynamoDb(String table) {
        this.table = table;
    }

    @Override
    public synchronized GetItemResponse getItem(GetItemRequest r) {
        checkTable(r.tableName());
        Map<String, AttributeValue> item = items.get(key(r.key()));
        return GetItemResponse.builder().item(item).build();
    }

    @Override
    public synchronized PutItemResponse putItem(PutItemRequest r) {
        checkTable(r.tableName());
        if (!conditionHolds(r.item(), r.conditionExpression(), r.expressionAttributeNames(),
                r.expressionAttributeValues())) {
            throw ConditionalCheckFailedException.builder().message("The conditional request failed").build();
        }
        items.put(key(r.item()), Map.copyOf(r.item()));
        return PutItemResponse.builder().build();
    }

    @Override
    public synchronized TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest r) {
        transactions.add(r);
        List<CancellationReason> reasons = new ArrayList<>();
        boolean cancelled = false;
        for (TransactWriteItem w : r.transactItems()) {
            Put p = w.put();
            if (p == null) {
                throw new UnsupportedOperationException("fake supports Put only: " + w);
            }
            checkTable(p.tableName());
            if (conditionHolds(p.item(), p.conditionExpression(), p.expressionAttributeNames(),
                    p.expressionAttributeValues())) {
                reasons.add(CancellationReason.builder().code("None").build());
            } else {
                cancelled = true;
                CancellationReason.Builder b = CancellationReason.builder().code("ConditionalCheckFailed")
                        .message("The conditional request failed");
                if (returnOldItemOnConditionFailure
                        && p.returnValuesOnConditionCheckFailure() == ReturnValuesOnConditionCheckFailure.ALL_OLD) {
                    b.item(items.get(key(p.item())));
                }
                reasons.add(b.build());
            }
        }
        if (cancelled) {
            throw TransactionCanceledException.builder().message("Transaction cancelled")
                    .cancellationReasons(reasons).build();
        }
        r.transactItems().forEach(w -> items.put(key(w.put().item()), Map.copyOf(w.put().item())));
        return TransactWriteItemsResponse.builder().build();
    }

    @Override
    public synchronized QueryResponse query(QueryRequest r) {
        checkTable(r.tableName());
        if (!("PK = :pk AND begins_with(SK, :" + prefixName(r) + ")").equals(r.keyConditionExpression())) {
            throw new UnsupportedOperationException("fake does not know " + r.keyConditionExpression());
        }
        String pk = r.expressionAttributeValues().get(":pk").s();
        String prefix = r.expressionAttributeValues().get(":" + prefixName(r)).s();
        List<Map<String, AttributeValue>> found = items.values().stream()
                .filter(i -> i.get("PK").s().equals(pk) && i.get("SK").s().startsWith(prefix)).toList();
        return QueryResponse.builder().items(found).count(found.size()).build();
    }

    synchronized Map<String, AttributeValue> item(String pk, String sk) {
        return items.get(pk + "\u0000" + sk);
    }

    synchronized int size() {
        return items.size();
    }

    private static String prefixName(QueryRequest r) {
        return r.expressionAttributeValues().keySet().stream().filter(k -> !k.equals(":pk")).findFirst()
                .orElseThrow().substring(1);
    }

    private boolean conditionHolds(Map<String, AttributeValue> item, String condition, Map<String, String> names,
                                   Map<String, AttributeValue> values) {
        Map<String, AttributeValue> existing = items.get(key(item));
        if (condition == null) {
            return true;
        }
        if (condition.equals("attribute_not_exists(PK)")) {
            return existing == null;
        }
        if (condition.equals("#v = :expected") && "version".equals(names.get("#v"))) {
            return existing != null && existing.get("version").equals(values.get(":expected"));
        }
        throw new UnsupportedOperationException("fake does not know condition " + condition);
    }

    private void checkTable(String name) {
        if (!table.equals(name)) {
            throw new IllegalArgumentException("no table " + name);
        }
    }

    private static String key(Map<String, AttributeValue> item) {
        return item.get("PK").s() + "\u0000" + item.get("SK").s();
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {
    }
}
