package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 5 (API part): briefs through the local HTTP API on :8080 — local sign-in token → API Gateway JWT authorizer →
 * the Micronaut API function in a Lambda worker → DynamoDB + EventBridge.
 */
@ExtendWith(CloudExtension.class)
class BriefApiE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LAMBDA = Duration.ofSeconds(120);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private String token(TestCloud cloud, String user, String role) throws Exception {
        HttpResponse<String> r = send(cloud, "POST", "/_local/token", JSON.writeValueAsString(Map.of("user", user,
                "roles", List.of(role), "brands", List.of("Acme"))), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("token").asText();
    }

    private HttpResponse<String> send(TestCloud cloud, String method, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path))
                .timeout(LAMBDA).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String briefBody(String title) throws Exception {
        ObjectNode b = JSON.createObjectNode();
        b.put("title", title);
        b.putArray("objectives").add("Drive store visits");
        b.put("keyMessage", "Everything 20% off");
        b.put("audience", "Families");
        b.putArray("channels").add("web");
        b.putArray("regions").add("DE");
        b.putArray("deliverables").addObject().put("channel", "web").put("format", "banner")
                .put("spec", "1200x627").put("quantity", 1);
        b.putObject("brand").put("name", "Acme");
        b.put("dueDate", LocalDate.now().plusDays(90).toString());
        b.putArray("members").addObject().put("userId", "bob@acme.example").put("role", "creator");
        return JSON.writeValueAsString(b);
    }

    @Test
    void createGetListUpdateThroughTheLocalHttpApi(TestCloud cloud) throws Exception {
        String alice = token(cloud, "alice@acme.example", "creator");
        String bob = token(cloud, "bob@acme.example", "creator");
        BusObserver created = new BusObserver(cloud, "dam", "{\"detail-type\":[\"Brief Created\"]}");
        String title = "<img src=x onerror=alert(1)> API e2e " + UUID.randomUUID();

        HttpResponse<String> post = send(cloud, "POST", "/briefs", briefBody(title), alice);
        assertThat(post.statusCode()).as(post.body()).isEqualTo(201);
        assertThat(post.headers().firstValue("Content-Type")).hasValueSatisfying(v ->
                assertThat(v).startsWith("application/json"));
        assertThat(post.body()).doesNotContain("<img");
        JsonNode brief = JSON.readTree(post.body());
        String id = brief.path("id").asText();
        assertThat(brief.path("title").asText()).isEqualTo(title);
        assertThat(brief.path("requester").asText()).isEqualTo("alice@acme.example");

        try (DynamoDbClient db = cloud.dynamodb()) {
            Map<String, AttributeValue> item = db.getItem(r -> r.tableName(cloud.ref("DataTable")).key(Map.of(
                    "PK", AttributeValue.fromS("BRIEF#" + id), "SK", AttributeValue.fromS("META")))).item();
            assertThat(item.get("title").s()).isEqualTo(title);
            assertThat(item.get("version").n()).isEqualTo("1");
        }
        // The observer may also see other tests' briefs: wait for this one.
        org.awaitility.Awaitility.await().atMost(LAMBDA).until(() -> created.drain().stream()
                .anyMatch(e -> e.contains("\"" + id + "\"")));

        HttpResponse<String> got = send(cloud, "GET", "/briefs/" + id, null, bob);
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        assertThat(JSON.readTree(got.body())).isEqualTo(brief);

        HttpResponse<String> list = send(cloud, "GET", "/briefs?status=draft&limit=100", null, bob);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(JSON.readTree(list.body()).path("items").findValuesAsText("id")).contains(id);

        HttpResponse<String> patched = send(cloud, "PATCH", "/briefs/" + id,
                "{\"expectedVersion\":1,\"audience\":\"Students\"}", alice);
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(JSON.readTree(patched.body()).path("version").asLong()).isEqualTo(2);
        HttpResponse<String> stale = send(cloud, "PATCH", "/briefs/" + id,
                "{\"expectedVersion\":1,\"audience\":\"Lost\"}", alice);
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(409);
        assertThat(JSON.readTree(stale.body()).path("errors").get(0).path("field").asText())
                .isEqualTo("expectedVersion");

        HttpResponse<String> invalid = send(cloud, "POST", "/briefs", "{\"title\":\"\",\"channels\":[\"fax\"]}",
                alice);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(invalid.body()).path("errors").findValuesAsText("field"))
                .contains("title", "channels[0]");
    }

    @Test
    void noTokenNoBrief(TestCloud cloud) throws Exception {
        HttpResponse<String> anonymous = send(cloud, "GET", "/briefs", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> forged = send(cloud, "GET", "/briefs", null, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        assertThat(forged.statusCode()).isEqualTo(401);
    }
}
