package dam.aws;

import dam.core.asset.SearchIndex;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dam.aws.Keys.PK;
import static dam.aws.Keys.SK;
import static dam.aws.Keys.s;

/** {@link SearchIndex} as postings on the table: {@code TERM#<field:value>} / {@code ASSET#<id>}. */
public final class DynamoSearchIndex implements SearchIndex {

    static final int MAX_TERM = 200;

    private final DynamoDbClient db;
    private final String table;

    public DynamoSearchIndex(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public void index(String assetId, Set<String> terms) {
        for (String term : terms) {
            String t = term.length() > MAX_TERM ? term.substring(0, MAX_TERM) : term;
            db.putItem(b -> b.tableName(table).item(Map.of(PK, s("TERM#" + t), SK, s("ASSET#" + assetId),
                    "type", s("posting"), "assetId", s(assetId))));
        }
    }

    @Override
    public List<String> find(String term) {
        QueryRequest q = QueryRequest.builder().tableName(table)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :asset)")
                .expressionAttributeValues(Map.of(":pk", s("TERM#" + term), ":asset", s("ASSET#")))
                .build();
        List<String> out = new ArrayList<>();
        db.queryPaginator(q).items().forEach(i -> out.add(i.get("assetId").s()));
        return out;
    }
}
