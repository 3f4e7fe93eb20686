package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 6 through the deployed HTTP API: user metadata on an asset (synonyms mapped, unknown keywords refused with the
 * field error) and a folder holding a collection holding that asset, read back from DynamoDB via the API function.
 */
@ExtendWith(CloudExtension.class)
class AssetMetadataE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(TestCloud cloud, String token, String method, String path, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metadataAndCollectionsAreStoredAndReadThroughTheApi(TestCloud cloud) throws Exception {
        String token = cloud.cloud().apigateway().issueToken("cara@acme.example", List.of("creator"), List.of("Acme"));
        HttpResponse<String> created = call(cloud, token, "POST", "/assets", """
                {"brand":"Acme","fileName":"meta.jpg","contentType":"image/jpeg","size":1000}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).path("asset").path("id").asText();

        HttpResponse<String> patched = call(cloud, token, "PATCH", "/assets/" + id, """
                {"description":"Launch","keywords":["packshot"],"license":"owned","rightsExpireOn":"2030-01-01"}""");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        HttpResponse<String> refused = call(cloud, token, "PATCH", "/assets/" + id, "{\"keywords\":[\"sneakers\"]}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("errors").get(0).path("field").asText())
                .isEqualTo("keywords[0]");
        JsonNode asset = JSON.readTree(call(cloud, token, "GET", "/assets/" + id, null).body()).path("asset");
        assertThat(asset.path("keywords").toString()).isEqualTo("[\"product\"]");
        assertThat(asset.path("details").path("license").asText()).isEqualTo("owned");

        String folder = JSON.readTree(call(cloud, token, "POST", "/collections",
                "{\"name\":\"E2E folder\",\"brand\":\"Acme\",\"kind\":\"folder\"}").body()).path("id").asText();
        HttpResponse<String> collection = call(cloud, token, "POST", "/collections",
                "{\"name\":\"E2E picks\",\"parentId\":\"" + folder + "\"}");
        assertThat(collection.statusCode()).as(collection.body()).isEqualTo(201);
        String cid = JSON.readTree(collection.body()).path("id").asText();
        HttpResponse<String> added = call(cloud, token, "POST", "/collections/" + cid + "/items",
                "{\"assetId\":\"" + id + "\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);

        JsonNode items = JSON.readTree(call(cloud, token, "GET", "/collections/" + cid, null).body()).path("items");
        assertThat(items.size()).isEqualTo(1);
        assertThat(items.get(0).path("assetId").asText()).isEqualTo(id);
        JsonNode children = JSON.readTree(call(cloud, token, "GET", "/collections/" + folder, null).body())
                .path("children");
        assertThat(children.get(0).path("id").asText()).isEqualTo(cid);
    }
}
