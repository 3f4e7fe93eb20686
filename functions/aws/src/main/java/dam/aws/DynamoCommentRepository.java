package dam.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.brief.Comment;
import dam.core.brief.CommentRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dam.aws.Keys.PK;
import static dam.aws.Keys.SK;
import static dam.aws.Keys.s;

/** {@link CommentRepository} as {@code BRIEF#<id>/COMMENT#<createdAt>#<commentId>} items (time-ordered). */
public final class DynamoCommentRepository implements CommentRepository {

    private final DynamoDbClient db;
    private final String table;
    private final ObjectMapper json;

    public DynamoCommentRepository(DynamoDbClient db, String table, ObjectMapper json) {
        this.db = db;
        this.table = table;
        this.json = json;
    }

    @Override
    public void add(Comment c) {
        String data;
        try {
            data = json.writeValueAsString(c);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise comment", e);
        }
        db.putItem(b -> b.tableName(table).conditionExpression("attribute_not_exists(PK)").item(Map.of(
                PK, s(Keys.brief(c.briefId())),
                SK, s("COMMENT#" + c.createdAt() + "#" + c.id()),
                "type", s("comment"),
                "visibility", s(c.visibility().code()),
                "data", s(data))));
    }

    @Override
    public List<Comment> listAll(String briefId) {
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :c)")
                .expressionAttributeValues(Map.of(":pk", s(Keys.brief(briefId)), ":c", s("COMMENT#")))
                .build();
        List<Comment> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : db.queryPaginator(q).items()) {
            try {
                out.add(json.readValue(item.get("data").s(), Comment.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored comment " + item.get(SK).s() + " is unreadable", e);
            }
        }
        return out;
    }
}
