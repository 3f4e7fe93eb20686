package dam.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.asset.UploadTicket;
import dam.core.asset.VersionState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Search through the deployed stack: the table stream → event source mapping (filtered) → search-index Lambda →
 * bitmap index → GET /search on the API. An ingested photo becomes findable by its AI tags; a metadata edit
 * re-indexes it; the draft is visible to its uploader and to nobody else.
 */
@ExtendWith(CloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ASTRONAUT = Path.of("/usr/lib/python3/dist-packages/skimage/data/astronaut.png");
    private final HttpClient http = HttpClient.newHttpClient();
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

    private HttpResponse<String> call(String token, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> search(String token, String query) throws Exception {
        HttpResponse<String> r = call(token, "GET", "/search?" + query, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JSON.readTree(r.body()).path("items").forEach(i -> ids.add(i.path("assetId").asText()));
        return ids;
    }

    private static String q(String text) {
        return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void anIngestedPhotoIsFoundByItsAiTagsReindexedOnEditAndHiddenFromOthers() throws Exception {
        String unique = "srch" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        byte[] png = Files.readAllBytes(ASTRONAUT);
        UploadTicket t = f.request(unique + ".png", "image/png", png.length);
        String id = t.asset().id();
        assertThat(f.put(t.plan().url(), "image/png", png).statusCode()).isEqualTo(200);
        assertThat(f.awaitTerminal(id, 1, Duration.ofSeconds(120)).state()).isEqualTo(VersionState.READY);

        String uploader = cloud.cloud().apigateway().issueToken("cara@acme.example", List.of("creator"),
                List.of("Acme"));
        // "face" is the Rekognition face tag (AI), the file name's token makes the query this test's own.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> search(uploader, q(unique + " face") + "&type=image&status=draft").contains(id));
        HttpResponse<String> page = call(uploader, "GET", "/search?" + q(unique) + "&facets=type,orientation,status,colour",
                null);
        JsonNode facets = JSON.readTree(page.body()).path("facets");
        assertThat(facets.path("type").path("image").asLong()).isEqualTo(1);
        assertThat(facets.path("status").path("draft").asLong()).isEqualTo(1);
        assertThat(facets.path("orientation").path("square").asLong()).isEqualTo(1);
        // The rendition step names the photo's main colours (1–3); each is a filter that finds it.
        JsonNode colours = facets.path("colour");
        assertThat(colours.size()).as(page.body()).isBetween(1, 3);
        colours.fieldNames().forEachRemaining(colour -> assertThat(colours.path(colour).asLong()).isEqualTo(1));
        String colour = colours.fieldNames().next();
        assertThat(search(uploader, q(unique) + "&colour=" + colour)).containsExactly(id);

        HttpResponse<String> patched = call(uploader, "PATCH", "/assets/" + id,
                "{\"description\":\"Moonwalk " + unique + "x\"}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> search(uploader, q("moonwalk " + unique + "x")).contains(id));

        String sameBrandViewer = cloud.cloud().apigateway().issueToken("vic@acme.example", List.of("viewer"),
                List.of("Acme"));
        String otherBrandManager = cloud.cloud().apigateway().issueToken("oscar@zest.example",
                List.of("brand-manager"), List.of("Zest"));
        String admin = cloud.cloud().apigateway().issueToken("root@dam.example", List.of("admin"), List.of());
        assertThat(search(sameBrandViewer, q(unique))).as("a draft is not in the library yet").isEmpty();
        assertThat(search(otherBrandManager, q(unique))).isEmpty();
        assertThat(search(admin, q(unique))).containsExactly(id);
    }

    @Test
    void hostileSearchesAre400sNeverServerErrors() throws Exception {
        String token = cloud.cloud().apigateway().issueToken("vic@acme.example", List.of("viewer"), List.of("Acme"));
        // 10 kB does not get past the gateway (a request line over its limit: 414, as API Gateway's 10 KB cap);
        // 2 kB does, and the API refuses it with the reason.
        HttpResponse<String> huge = call(token, "GET", "/search?" + q("x".repeat(10_240)), null);
        assertThat(huge.statusCode()).isBetween(400, 499);
        HttpResponse<String> long2k = call(token, "GET", "/search?" + q("x".repeat(2_048)), null);
        assertThat(long2k.statusCode()).as(long2k.body()).isEqualTo(400);
        assertThat(JSON.readTree(long2k.body()).path("errors").get(0).path("field").asText()).isEqualTo("q");
        HttpResponse<String> facet = call(token, "GET", "/search?smell=x", null);
        assertThat(facet.statusCode()).isEqualTo(400);
        HttpResponse<String> cursor = call(token, "GET", "/search?cursor=AAAA.BBBB", null);
        assertThat(cursor.statusCode()).isEqualTo(400);
        for (String hostile : List.of("{\"$ne\":null}", "' OR '1'='1", "1; DROP TABLE dam", "SIDX#F#brand")) {
            HttpResponse<String> r = call(token, "GET", "/search?" + q(hostile) + "&brand="
                    + URLEncoder.encode(hostile, StandardCharsets.UTF_8), null);
            assertThat(r.statusCode()).as(hostile + ": " + r.body()).isEqualTo(200);
        }
    }
}
