package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Rectangle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 7's visual diff through the deployed local cloud: two versions of an image that differ in one known rectangle,
 * ingested for real (renditions by the rendition function); {@code GET /assets/{id}/compare?from=1&to=2} reports that
 * rectangle (relative bounds) and its share of the pixels, pairs presigned URLs of the same rendition of both versions,
 * and a second call reads the stored result instead of diffing again.
 */
@ExtendWith(CloudExtension.class)
class ReviewCompareE2ETest {

    @Test
    void theChangedRectangleAndItsPercentageAreReportedAndTheResultIsKept(TestCloud cloud) throws Exception {
        ReviewApiWalk w = new ReviewApiWalk(cloud);
        String cara = w.token(w.user("cara"), "creator");
        // 640×480 with a 128×96 patch at (160, 128): x 0.25, y 0.2667, w 0.2, h 0.2 — 4 % of the pixels. Edges on the
        // JPEG's 16-pixel blocks, so compression does not smear the patch.
        Rectangle patch = new Rectangle(160, 128, 128, 96);
        String asset = w.upload(cara, null, ReviewApiWalk.jpeg(640, 480, null));
        w.awaitReady(cara, asset, 1);
        assertThat(w.uploadVersion(cara, asset, ReviewApiWalk.jpeg(640, 480, patch))).isEqualTo(2);
        w.awaitReady(cara, asset, 2);

        BriefHttp.Reply r = w.api("GET", "/assets/" + asset + "/compare?from=1&to=2", null, cara);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        String preset = body.path("preset").asText();
        assertThat(preset).isEqualTo("preview");
        assertThat(body.path("from").path("rendition").path("name").asText()).isEqualTo(preset);
        assertThat(body.path("to").path("rendition").path("name").asText()).isEqualTo(preset);
        assertThat(body.path("metadata").findValuesAsText("field")).contains("sha256");

        JsonNode diff = body.path("visualDiff");
        assertThat(diff.path("cached").asBoolean()).isFalse();
        assertThat(diff.path("percentChanged").asDouble()).isCloseTo(4.0, within(0.4));
        assertThat(diff.path("regions").size()).as(diff.toString()).isEqualTo(1);
        JsonNode region = diff.path("regions").get(0);
        assertThat(region.path("x").asDouble()).isCloseTo(0.25, within(0.01));
        assertThat(region.path("y").asDouble()).isCloseTo(128.0 / 480, within(0.01));
        assertThat(region.path("w").asDouble()).isCloseTo(0.2, within(0.01));
        assertThat(region.path("h").asDouble()).isCloseTo(0.2, within(0.01));

        // The paired renditions and the highlighted overlay are fetchable with their presigned URLs alone.
        HttpClient http = HttpClient.newHttpClient();
        for (String url : new String[] {body.path("from").path("rendition").path("url").asText(),
                body.path("to").path("rendition").path("url").asText(), diff.path("overlayUrl").asText()}) {
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.statusCode()).as(url).isEqualTo(200);
            assertThat(got.body().length).isGreaterThan(100);
        }

        JsonNode again = w.api("GET", "/assets/" + asset + "/compare?from=1&to=2", null, cara).json();
        assertThat(again.path("visualDiff").path("cached").asBoolean()).isTrue();
        assertThat(again.path("visualDiff").path("regions")).isEqualTo(diff.path("regions"));
        assertThat(again.path("visualDiff").path("percentChanged").asDouble())
                .isEqualTo(diff.path("percentChanged").asDouble());

        assertThat(w.api("GET", "/assets/" + asset + "/compare?from=1", null, cara).status()).isEqualTo(400);
        assertThat(w.api("GET", "/assets/" + asset + "/compare?from=1&to=2", null,
                w.token(w.user("otto"), "reviewer")).status()).as("not on its review, not its creator").isEqualTo(404);
    }
}
