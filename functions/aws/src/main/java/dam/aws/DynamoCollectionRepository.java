package dam.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.collection.Collection;
import dam.core.collection.CollectionRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dam.aws.Keys.PK;
import static dam.aws.Keys.SK;
import static dam.aws.Keys.s;

/**
 * Collections in the single table, one partition each: {@code COLLECTION#<id>} / {@code META} (the collection as
 * JSON), {@code ITEM#<assetId>} per asset (the key makes a second add a no-op), and in a folder's partition
 * {@code CHILD#<id>} with the child's kind and name, written in the same transaction as the child — so one query
 * reads a collection with its items or a folder with its children.
 */
public final class DynamoCollectionRepository implements CollectionRepository {

    private final DynamoDbClient db;
    private final String table;
    private final ObjectMapper json;

    public DynamoCollectionRepository(DynamoDbClient db, String table, ObjectMapper json) {
        this.db = db;
        this.table = table;
        this.json = json;
    }

    static String pk(String id) {
        return "COLLECTION#" + id;
    }

    @Override
    public void create(Collection c) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> meta = new HashMap<>();
        meta.put(PK, s(pk(c.id())));
        meta.put(SK, s(Keys.META));
        meta.put("type", s("collection"));
        meta.put("brand", s(c.brand()));
        meta.put("data", s(write(c)));
        writes.add(put(meta, "attribute_not_exists(PK)"));
        if (c.parentId() != null) {
            writes.add(put(Map.of(PK, s(pk(c.parentId())), SK, s("CHILD#" + c.id()), "type", s("collectionChild"),
                    "kind", s(c.kind().code()), "name", s(c.name())), null));
        }
        db.transactWriteItems(b -> b.transactItems(writes));
    }

    @Override
    public Optional<Collection> find(String id) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(PK, s(pk(id)), SK, s(Keys.META)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(item.get("data").s(), Collection.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable collection " + id, e);
        }
    }

    @Override
    public boolean addItem(String collectionId, Item item) {
        try {
            db.putItem(b -> b.tableName(table).conditionExpression("attribute_not_exists(PK)").item(Map.of(
                    PK, s(pk(collectionId)), SK, s("ITEM#" + item.assetId()), "type", s("collectionItem"),
                    "assetId", s(item.assetId()), "addedBy", s(item.addedBy()), "addedAt",
                    s(item.addedAt().toString()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false; // already in the collection: the first add (and its time) stands
        }
    }

    @Override
    public List<Item> items(String collectionId) {
        return query(collectionId, "ITEM#").stream().map(i -> new Item(i.get("assetId").s(), i.get("addedBy").s(),
                Instant.parse(i.get("addedAt").s()))).sorted(Comparator.comparing(Item::addedAt)
                .thenComparing(Item::assetId)).toList();
    }

    @Override
    public boolean contains(String collectionId, String assetId) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .projectionExpression("PK").key(Map.of(PK, s(pk(collectionId)), SK, s("ITEM#" + assetId)))).item();
        return item != null && !item.isEmpty();
    }

    @Override
    public List<Child> children(String folderId) {
        return query(folderId, "CHILD#").stream().map(i -> new Child(i.get(SK).s().substring("CHILD#".length()),
                Collection.Kind.parse(i.get("kind").s()), i.get("name").s()))
                .sorted(Comparator.comparing(Child::name).thenComparing(Child::id)).toList();
    }

    private List<Map<String, AttributeValue>> query(String id, String prefix) {
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(pk(id)), ":prefix", s(prefix))).build();
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        db.queryPaginator(q).items().forEach(out::add);
        return out;
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition) {
        Put.Builder p = Put.builder().tableName(table).item(item);
        if (condition != null) {
            p.conditionExpression(condition);
        }
        return TransactWriteItem.builder().put(p.build()).build();
    }

    private String write(Object o) {
        return Items.toJson(json, o);
    }
}
