package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/** Issue 3: PutEvents (Command Create Brief) → rule → brief-intake Lambda → DynamoDB item → Brief Created on the bus. */
@ExtendWith(CloudExtension.class)
class BriefIntakeE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LAMBDA = Duration.ofSeconds(120);

    private static ObjectNode sampleCommand(String commandId, String title) throws Exception {
        JsonNode sample = JSON.readTree(Files.readString(TestCloud.repoRoot()
                .resolve("events/samples/command-create-brief.json")));
        ObjectNode detail = (ObjectNode) sample.get("detail").deepCopy();
        detail.put("commandId", commandId);
        ObjectNode brief = (ObjectNode) detail.get("brief");
        brief.put("title", title);
        brief.put("dueDate", LocalDate.now().plusDays(90).toString());
        return detail;
    }

    private static PutEventsResponse put(TestCloud cloud, String detailType, JsonNode detail) {
        try (EventBridgeClient events = cloud.events()) {
            return events.putEvents(r -> r.entries(e -> e.eventBusName("dam").source("e2e.crm")
                    .detailType(detailType).detail(detail.toString())));
        }
    }

    @Test
    void createBriefCommandStoresTheBriefAndAnnouncesIt(TestCloud cloud) throws Exception {
        BusObserver created = new BusObserver(cloud, "dam", "{\"detail-type\":[\"Brief Created\"]}");
        String title = "E2E brief " + UUID.randomUUID();
        PutEventsResponse response = put(cloud, "Command Create Brief", sampleCommand("e2e-" + UUID.randomUUID(),
                title));
        assertThat(response.failedEntryCount()).isZero();

        JsonNode announced = created.awaitAtLeast(1, LAMBDA).stream().map(BriefIntakeE2ETest::parse)
                .filter(e -> title.equals(e.path("detail").path("brief").path("title").asText()))
                .findFirst().orElseThrow();
        assertThat(announced.path("source").asText()).isEqualTo("dam.briefs");
        String briefId = announced.path("detail").path("brief").path("id").asText();
        assertThat(briefId).isNotBlank();

        try (DynamoDbClient db = cloud.dynamodb()) {
            Map<String, AttributeValue> item = db.getItem(r -> r.tableName(cloud.ref("DataTable"))
                    .key(Map.of("PK", AttributeValue.fromS("BRIEF#" + briefId), "SK", AttributeValue.fromS("META"))))
                    .item();
            assertThat(item).containsKey("title");
            assertThat(item.get("title").s()).isEqualTo(title);
            assertThat(item.get("status").s()).isEqualTo("draft");
        }
    }

    @Test
    void invalidCommandIsRejectedWithFieldReasonsAndStoresNothing(TestCloud cloud) throws Exception {
        BusObserver rejected = new BusObserver(cloud, "dam", "{\"detail-type\":[\"Command Rejected\"]}");
        String commandId = "e2e-bad-" + UUID.randomUUID();
        ObjectNode detail = sampleCommand(commandId, "x");
        ObjectNode brief = (ObjectNode) detail.get("brief");
        brief.remove("title");
        brief.put("dueDate", "2020-01-01");
        put(cloud, "Command Create Brief", detail);

        JsonNode event = rejected.awaitAtLeast(1, LAMBDA).stream().map(BriefIntakeE2ETest::parse)
                .filter(e -> commandId.equals(e.path("detail").path("command").path("commandId").asText()))
                .findFirst().orElseThrow();
        List<String> fields = event.path("detail").path("reasons").findValuesAsText("field");
        assertThat(fields).anyMatch(f -> f.contains("title")).anyMatch(f -> f.contains("dueDate"));

        try (DynamoDbClient db = cloud.dynamodb()) {
            assertThat(db.getItem(r -> r.tableName(cloud.ref("DataTable")).key(Map.of(
                    "PK", AttributeValue.fromS("CMD#" + commandId), "SK", AttributeValue.fromS("META"))))
                    .hasItem()).isFalse();
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
