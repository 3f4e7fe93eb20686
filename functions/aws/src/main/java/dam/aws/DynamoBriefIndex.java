package dam.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.brief.Brief;
import dam.core.brief.BriefIndex;
import dam.core.brief.BriefStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dam.aws.Keys.s;

/**
 * {@link BriefIndex} on GSI1 of the single table, as {@link DynamoBriefRepository} projects it: {@code GSI1PK =
 * BRIEFS#<status>}, {@code GSI1SK = <updatedAt>#<id>}. Newest first; a page continues strictly below the last position
 * ({@code GSI1SK < :after}), so a position is all a cursor needs — no raw table keys travel to clients.
 */
public final class DynamoBriefIndex implements BriefIndex {

    static final String INDEX = "GSI1";

    private final DynamoDbClient db;
    private final String table;
    private final ObjectMapper json;

    public DynamoBriefIndex(DynamoDbClient db, String table, ObjectMapper json) {
        this.db = db;
        this.table = table;
        this.json = json;
    }

    @Override
    public Page byStatus(BriefStatus status, int limit, String after) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", s("BRIEFS#" + status.code()));
        String condition = Keys.GSI1PK + " = :pk";
        if (after != null) {
            values.put(":after", s(after));
            condition += " AND " + Keys.GSI1SK + " < :after";
        }
        QueryResponse response = db.query(QueryRequest.builder().tableName(table).indexName(INDEX)
                .keyConditionExpression(condition).expressionAttributeValues(values)
                .scanIndexForward(false).limit(limit).build());
        List<Brief> items = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            try {
                items.add(json.readValue(item.get("data").s(), Brief.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored brief " + item.get(Keys.PK).s() + " is unreadable", e);
            }
        }
        boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() && !items.isEmpty();
        return new Page(items, more ? response.items().get(items.size() - 1).get(Keys.GSI1SK).s() : null);
    }
}
