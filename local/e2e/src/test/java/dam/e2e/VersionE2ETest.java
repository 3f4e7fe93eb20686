package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.asset.AssetVersion;
import dam.core.asset.UploadTicket;
import dam.core.asset.VersionState;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 8 versions through the deployed HTTP API and the real ingest: an edit of v1 (rotate + crop) becomes v2,
 * rendered by the rendition function into v2's key and ingested, its recipe on the version; reverting to v1 makes v3,
 * an S3 copy of v1's original that ingest processes like any upload — same SHA-256 as v1 — audited with revertedFrom.
 * Bad recipes are 400s that create nothing.
 */
@ExtendWith(CloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VersionE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private TestCloud cloud;
    private IngestFixture f;

    @BeforeAll
    void fixture(TestCloud cloud) {
        this.cloud = cloud;
        f = new IngestFixture(cloud);
    }

    @AfterAll
    void close() {
        f.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        String token = cloud.cloud().apigateway().issueToken("cara@acme.example", List.of("creator"),
                List.of("Acme"));
        return http.send(HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(90)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private AssetVersion ready(String id, int n) {
        AssetVersion v = f.awaitTerminal(id, n, Duration.ofSeconds(90));
        assertThat(v.state()).as("v%d %s", n, v.reasons()).isEqualTo(VersionState.READY);
        return v;
    }

    @Test
    void anEditBecomesV2WithItsRecipeAndRevertingToV1MakesAByteIdenticalV3() throws Exception {
        byte[] photo = IngestFixture.jpeg(800, 600, 1);
        UploadTicket t = f.request("photo.jpg", "image/jpeg", photo.length);
        assertThat(f.put(t.plan().url(), "image/jpeg", photo).statusCode()).isEqualTo(200);
        String id = t.asset().id();
        AssetVersion v1 = ready(id, 1);

        for (String bad : List.of("{\"baseVersion\":1,\"recipe\":[{\"op\":\"crop\",\"x\":-5,\"y\":0,\"width\":10,"
                        + "\"height\":10}]}", "{\"baseVersion\":1,\"recipe\":[{\"op\":\"resize\",\"width\":20001}]}",
                "{\"baseVersion\":1,\"recipe\":[{\"op\":\"sharpen\"}]}",
                "{\"baseVersion\":1,\"recipe\":[{\"op\":\"crop\",\"x\":700,\"y\":0,\"width\":200,\"height\":100}]}")) {
            HttpResponse<String> r = call("POST", "/assets/" + id + "/edits", bad);
            assertThat(r.statusCode()).as(bad + " → " + r.body()).isEqualTo(400);
        }
        assertThat(f.repo.versions(id)).hasSize(1);

        HttpResponse<String> edit = call("POST", "/assets/" + id + "/edits", """
                {"baseVersion":1,"recipe":[{"op":"rotate","degrees":90},{"op":"crop","x":0,"y":100,"width":600,
                 "height":400},{"op":"flip","axis":"horizontal"}]}""");
        assertThat(edit.statusCode()).as(edit.body()).isEqualTo(202);
        assertThat(JSON.readTree(edit.body()).path("number").asInt()).isEqualTo(2);
        AssetVersion v2 = ready(id, 2);
        assertThat(v2.tech().width()).isEqualTo(600);
        assertThat(v2.tech().height()).isEqualTo(400);
        var edited = ImageIO.read(new ByteArrayInputStream(f.s3.getObjectAsBytes(r -> r.bucket(f.originals)
                .key(v2.originalKey())).asByteArray()));
        assertThat(edited.getWidth()).isEqualTo(600);

        HttpResponse<String> revert = call("POST", "/assets/" + id + "/versions/1/revert", null);
        assertThat(revert.statusCode()).as(revert.body()).isEqualTo(202);
        AssetVersion v3 = ready(id, 3);
        assertThat(v3.sha256()).isEqualTo(v1.sha256()).isNotEqualTo(v2.sha256());

        JsonNode history = JSON.readTree(call("GET", "/assets/" + id + "/versions", null).body()).path("items");
        assertThat(history).hasSize(3);
        assertThat(history.get(0).path("origin").isObject()).as("uploaded: no origin").isFalse();
        assertThat(history.get(1).path("origin").path("kind").asText()).isEqualTo("edit");
        assertThat(history.get(1).path("origin").path("recipe").get(1).path("op").asText()).isEqualTo("crop");
        assertThat(history.get(2).path("origin").path("kind").asText()).isEqualTo("revert");
        assertThat(history.get(2).path("origin").path("baseVersion").asInt()).isEqualTo(1);
        assertThat(history.get(2).path("sha256").asText()).isEqualTo(v1.sha256());

        List<AuditEntry> audit = f.repo.audit(id);
        assertThat(audit).anyMatch(a -> a.action().equals("version.edited") && a.detail().contains("editedFrom=1")
                && a.detail().contains("rotate(90),crop(0,100,600x400),flip(horizontal)"));
        assertThat(audit).anyMatch(a -> a.action().equals("version.reverted") && a.detail().contains("v3 revertedFrom=1"));
        assertThat(AuditChain.firstBroken(audit)).isEqualTo(-1);
        assertThat(call("POST", "/assets/" + id + "/versions/9/revert", null).statusCode()).isEqualTo(404);
    }
}
