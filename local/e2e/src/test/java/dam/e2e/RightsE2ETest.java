package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.asset.UploadTicket;
import dam.core.asset.VersionState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 8 rights records through the deployed HTTP API: validated (end before start → 400, nothing stored), only
 * legal/brand managers write them, the status and summary item follow, every change is on the asset's audit chain,
 * and expired rights block downloads with the reason (403).
 */
@ExtendWith(CloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RightsE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private IngestFixture f;
    private TestCloud cloud;

    @BeforeAll
    void fixture(TestCloud cloud) {
        this.cloud = cloud;
        f = new IngestFixture(cloud);
    }

    @AfterAll
    void close() {
        f.close();
    }

    private HttpResponse<String> call(String user, String role, String method, String path, String body)
            throws Exception {
        String token = cloud.cloud().apigateway().issueToken(user, List.of(role), List.of("Acme"));
        return http.send(HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void rightsAreValidatedAuditedAndExpiredRightsBlockDownloads() throws Exception {
        byte[] photo = IngestFixture.jpeg(800, 600, 1);
        UploadTicket t = f.request("licensed.jpg", "image/jpeg", photo.length);
        assertThat(f.put(t.plan().url(), "image/jpeg", photo).statusCode()).isEqualTo(200);
        String id = t.asset().id();
        assertThat(f.awaitTerminal(id, 1, Duration.ofSeconds(90)).state()).isEqualTo(VersionState.READY);
        new LibrarySeed(cloud).approve(id); // in the library: legal, managers and viewers of the brand see it
        String path = "/assets/" + id + "/rights/getty-1";

        HttpResponse<String> backwards = call("lena@acme.example", "legal", "PUT", path, """
                {"licenceType":"rights-managed","territories":["DE"],"channels":["social"],
                 "start":"2026-05-01","end":"2026-04-01"}""");
        assertThat(backwards.statusCode()).as(backwards.body()).isEqualTo(400);
        assertThat(JSON.readTree(backwards.body()).path("errors").get(0).path("field").asText()).isEqualTo("end");
        assertThat(call("cara@acme.example", "creator", "PUT", path, """
                {"licenceType":"owned","territories":["WW"],"channels":["web"],"start":"2020-01-01"}""")
                .statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(call("vic@acme.example", "viewer", "GET", "/assets/" + id + "/rights", null)
                .body()).path("status").asText()).isEqualTo("none");

        HttpResponse<String> put = call("lena@acme.example", "legal", "PUT", path, """
                {"licenceType":"rights-managed","territories":["de","FR"],"channels":["social","web"],
                 "start":"2020-01-01","end":"2020-12-31","talentReleases":["MR-17"],"costAmount":1200.50,
                 "costCurrency":"EUR","source":"Getty Images","documentUrl":"https://contracts.example/getty-1.pdf"}""");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode view = JSON.readTree(call("vic@acme.example", "viewer", "GET", "/assets/" + id + "/rights", null)
                .body());
        assertThat(view.path("status").asText()).isEqualTo("expired");
        assertThat(view.path("items").get(0).path("territories").toString()).isEqualTo("[\"DE\",\"FR\"]");
        var summary = f.dynamodb.getItem(r -> r.tableName("dam").key(java.util.Map.of(
                "PK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("ASSET#" + id),
                "SK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("RIGHTS")))).item();
        assertThat(summary.get("rightsStatus").s()).isEqualTo("expired");
        assertThat(summary.get("rightsValidUntil").s()).isEqualTo("2020-12-31");

        HttpResponse<String> blocked = call("cara@acme.example", "creator", "GET",
                "/assets/" + id + "/download?preset=story&format=png", null);
        assertThat(blocked.statusCode()).isEqualTo(403);
        assertThat(blocked.body()).contains("usage rights expired on 2020-12-31");
        assertThat(f.keys(f.derivatives, "downloads/" + id + "/")).isEmpty();

        // A perpetual licence next to it makes the asset usable again; deleting it blocks again.
        assertThat(call("mia@acme.example", "brand-manager", "PUT", "/assets/" + id + "/rights/owned", """
                {"licenceType":"owned","territories":["WW"],"channels":["web"],"start":"2021-01-01"}""")
                .statusCode()).isEqualTo(200);
        assertThat(call("cara@acme.example", "creator", "GET", "/assets/" + id + "/download?width=200", null)
                .statusCode()).isEqualTo(302);
        assertThat(call("lena@acme.example", "legal", "DELETE", "/assets/" + id + "/rights/owned", null)
                .statusCode()).isEqualTo(200);
        assertThat(call("cara@acme.example", "creator", "GET", "/assets/" + id + "/download", null)
                .statusCode()).isEqualTo(403);

        List<String> actions = f.repo.audit(id).stream().map(a -> a.action()).toList();
        assertThat(actions).containsSubsequence("rights.put", "rights.put", "rights.removed");
        assertThat(dam.core.audit.AuditChain.firstBroken(f.repo.audit(id))).isEqualTo(-1);
    }
}
