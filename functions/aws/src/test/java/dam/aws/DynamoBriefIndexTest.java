package dam.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.brief.BriefIndex;
import dam.core.brief.BriefStatus;
import dam.core.json.Json;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class DynamoBriefIndexTest {

    private final ObjectMapper json = Json.mapper();
    private final List<QueryRequest> queries = new ArrayList<>();

    private DynamoDbClient answering(QueryResponse response) {
        return new DynamoDbClient() {
            @Override
            public QueryResponse query(QueryRequest r) {
                queries.add(r);
                return response;
            }

            @Override
            public String serviceName() {
                return "dynamodb";
            }

            @Override
            public void close() {
            }
        };
    }

    private static Map<String, AttributeValue> item(String id, String updatedAt) {
        String data = "{\"id\":\"" + id + "\",\"version\":1,\"status\":\"draft\",\"title\":\"T " + id + "\","
                + "\"objectives\":[],\"channels\":[],\"regions\":[],\"deliverables\":[],\"mandatoryElements\":[],"
                + "\"tags\":[],\"claims\":[],\"milestones\":[],\"members\":[],\"disclaimers\":[],"
                + "\"createdAt\":\"" + updatedAt + "\",\"updatedAt\":\"" + updatedAt + "\",\"auditHash\":\"h\"}";
        return Map.of("PK", AttributeValue.fromS("BRIEF#" + id), "SK", AttributeValue.fromS("META"),
                "GSI1PK", AttributeValue.fromS("BRIEFS#draft"), "GSI1SK", AttributeValue.fromS(updatedAt + "#" + id),
                "data", AttributeValue.fromS(data));
    }

    @Test
    void queriesGsi1NewestFirstBelowThePosition() {
        var index = new DynamoBriefIndex(answering(QueryResponse.builder()
                .items(item("b2", "2026-06-01T10:02:00Z"), item("b1", "2026-06-01T10:01:00Z"))
                .lastEvaluatedKey(Map.of("PK", AttributeValue.fromS("BRIEF#b1"))).build()), "dam", json);

        BriefIndex.Page page = index.byStatus(BriefStatus.DRAFT, 2, "2026-06-01T10:03:00Z#b3");

        QueryRequest q = queries.get(0);
        assertEquals("dam", q.tableName());
        assertEquals("GSI1", q.indexName());
        assertEquals("GSI1PK = :pk AND GSI1SK < :after", q.keyConditionExpression());
        assertEquals(Map.of(":pk", AttributeValue.fromS("BRIEFS#draft"),
                ":after", AttributeValue.fromS("2026-06-01T10:03:00Z#b3")), q.expressionAttributeValues());
        assertFalse(q.scanIndexForward());
        assertEquals(2, q.limit());
        assertEquals(List.of("b2", "b1"), page.items().stream().map(b -> b.id()).toList());
        assertEquals("2026-06-01T10:01:00Z#b1", page.next());
    }

    @Test
    void lastPageHasNoNextAndFirstPageHasNoPositionCondition() {
        var index = new DynamoBriefIndex(answering(QueryResponse.builder()
                .items(item("b1", "2026-06-01T10:01:00Z")).build()), "dam", json);
        BriefIndex.Page page = index.byStatus(BriefStatus.SUBMITTED, 10, null);
        assertEquals("GSI1PK = :pk", queries.get(0).keyConditionExpression());
        assertEquals(AttributeValue.fromS("BRIEFS#submitted"), queries.get(0).expressionAttributeValues().get(":pk"));
        assertEquals(1, page.items().size());
        assertNull(page.next());
    }
}
