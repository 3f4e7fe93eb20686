package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 5 (links, documents, progress) through the local HTTP API: related briefs linked both ways in one write, a
 * supporting document uploaded with plain java.net.http to the presigned URL the API handed out (a different
 * Content-Type is refused by storage), and the progress view after a milestone is ticked.
 */
@ExtendWith(CloudExtension.class)
class BriefLinksE2ETest {

    private static final String ALICE = "alice.links@acme.example";
    private static final String BOB = "bob.links@acme.example";

    @Test
    void linkBriefsUploadADocumentAndReadProgress(TestCloud cloud) throws Exception {
        BriefHttp api = new BriefHttp(cloud);
        String alice = api.token(ALICE, "creator");
        ObjectNode body = BriefHttp.brief("Links e2e A");
        body.putArray("milestones").addObject().put("name", "Shoot").put("owner", BOB)
                .put("dueDate", java.time.LocalDate.now().plusDays(30).toString());
        body.putArray("members").addObject().put("userId", BOB).put("role", "creator");
        String a = api.create(body, alice).path("id").asText();
        String b = api.create(BriefHttp.brief("Links e2e B"), alice).path("id").asText();

        // Related briefs: one call, the link on both.
        BriefHttp.Reply linked = api.api("POST", "/briefs/" + a + "/links",
                Map.of("expectedVersion", 1, "kind", "brief", "targetId", b), alice);
        assertThat(linked.status()).as(linked.body()).isEqualTo(201);
        JsonNode other = api.read(b, alice);
        assertThat(other.path("links").get(0).path("targetId").asText()).isEqualTo(a);
        assertThat(other.path("version").asLong()).isEqualTo(2);
        assertThat(api.read(a, alice).path("links").get(0).path("targetId").asText()).isEqualTo(b);
        assertThat(api.api("POST", "/briefs/" + a + "/links",
                Map.of("expectedVersion", 2, "kind", "brief", "targetId", b), alice).status())
                .as("linking twice").isEqualTo(409);

        // A supporting document: presigned PUT straight to the originals bucket.
        byte[] pdf = "%PDF-1.4\n% supporting document\n".getBytes(StandardCharsets.US_ASCII);
        BriefHttp.Reply doc = api.api("POST", "/briefs/" + a + "/documents", Map.of("expectedVersion", 2,
                "fileName", "Brand deck.pdf", "contentType", "application/pdf", "size", pdf.length), alice);
        assertThat(doc.status()).as(doc.body()).isEqualTo(201);
        JsonNode upload = doc.json().path("upload");
        URI url = URI.create(upload.path("url").asText());
        String key = "briefs/" + a + "/documents/" + doc.json().path("documentId").asText();
        assertThat(url.getPath()).endsWith("/" + key);

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> wrongType = http.send(HttpRequest.newBuilder(url).header("Content-Type", "text/html")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(pdf)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongType.statusCode()).as(wrongType.body()).isEqualTo(403);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(url)
                .header("Content-Type", upload.path("headers").path("Content-Type").asText())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(pdf)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        try (S3Client s3 = cloud.s3()) {
            byte[] stored = s3.getObjectAsBytes(r -> r.bucket(cloud.ref("StorageOriginals")).key(key)).asByteArray();
            assertThat(stored).isEqualTo(pdf);
        }
        JsonNode listed = api.read(a, alice).path("documents").get(0);
        assertThat(listed.path("fileName").asText()).isEqualTo("Brand deck.pdf");
        assertThat(listed.path("state").asText()).isEqualTo("uploading");

        // Progress after the milestone's owner ticks it.
        JsonNode brief = api.read(a, alice);
        String milestone = brief.path("milestones").get(0).path("id").asText();
        BriefHttp.Reply ticked = api.api("PATCH", "/briefs/" + a + "/milestones/" + milestone,
                Map.of("expectedVersion", brief.path("version").asLong(), "done", true), api.token(BOB, "creator"));
        assertThat(ticked.status()).as(ticked.body()).isEqualTo(200);
        BriefHttp.Reply progress = api.api("GET", "/briefs/" + a + "/progress", null, alice);
        assertThat(progress.status()).as(progress.body()).isEqualTo(200);
        JsonNode p = progress.json();
        assertThat(p.path("milestonesDone").asInt()).isEqualTo(1);
        assertThat(p.path("milestonesTotal").asInt()).isEqualTo(1);
        assertThat(p.path("deliverablesByStatus").path("planned").asInt()).isEqualTo(1);
        assertThat(p.path("openReviewRounds").asInt()).isZero();
        assertThat(p.path("approvalsPending").asInt()).isZero();
    }
}
