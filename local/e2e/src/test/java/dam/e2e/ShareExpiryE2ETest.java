package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.local.clock.LocalClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Share links against time, on a cloud of its own with a frozen clock the functions read too: a link expires at its
 * instant (clear page, no download) while a longer one still works, and when the asset's usage rights run out the
 * longer link stops as well — without anyone revoking it — because every use re-checks the rights.
 */
class ShareExpiryE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void linksStopAtTheirExpiryAndWhenTheAssetsRightsEnd(@TempDir Path dir) throws Exception {
        // Noon UTC at the wall clock's date, so the rights' end date and the links' instants are easy to place.
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));
        try (LocalClock clock = LocalClock.fixed(start);
             TestCloud cloud = TestCloud.start(TestCloud.freshStateDir("share-expiry"), clock)) {
            Path photo = dir.resolve("photo.jpg");
            Files.write(photo, IngestFixture.jpeg(1200, 900, 1));
            LibrarySeed seed = new LibrarySeed(cloud);
            String id = seed.readyAsset("photo.jpg", "image/jpeg", photo);
            seed.approve(id);
            LocalDate tomorrow = LocalDate.ofInstant(start, ZoneOffset.UTC).plusDays(1);
            assertThat(call(cloud, "lena@acme.example", "legal", "PUT", "/assets/" + id + "/rights/agency-1",
                    "{\"licenceType\":\"rights-managed\",\"territories\":[\"WW\"],\"channels\":[\"web\"],"
                            + "\"start\":\"2020-01-01\",\"end\":\"" + tomorrow + "\"}").statusCode()).isEqualTo(200);

            String shortLink = share(cloud, id, start.plus(Duration.ofHours(2)));
            String longLink = share(cloud, id, start.plus(Duration.ofDays(7)));
            assertThat(visit(cloud, shortLink + "/download?preset=original").statusCode()).isEqualTo(302);

            clock.advance(Duration.ofHours(3));
            HttpResponse<String> expired = visit(cloud, shortLink);
            assertThat(expired.statusCode()).isEqualTo(410);
            assertThat(expired.body()).contains("This link has expired");
            HttpResponse<String> noFile = visit(cloud, shortLink + "/download?preset=original");
            assertThat(noFile.statusCode()).isEqualTo(410);
            assertThat(noFile.headers().firstValue("Location")).isEmpty();
            assertThat(visit(cloud, longLink + "/download?preset=original").statusCode()).isEqualTo(302);

            clock.advance(Duration.ofDays(2)); // past the rights' last day
            HttpResponse<String> rightsGone = visit(cloud, longLink + "/download?preset=original");
            assertThat(rightsGone.statusCode()).isEqualTo(410);
            assertThat(rightsGone.body()).contains("usage rights expired on " + tomorrow);
            assertThat(JSON.readTree(call(cloud, "mia@acme.example", "brand-manager", "GET", "/shares?assetId=" + id,
                    null).body()).path("items").findValuesAsText("downloads")).containsExactlyInAnyOrder("1", "1");
            assertThat(seed.assets.audit(id).stream().filter(a -> a.action().equals("share.refused")).count())
                    .isGreaterThanOrEqualTo(3);
        }
    }

    private String share(TestCloud cloud, String id, Instant expires) throws Exception {
        HttpResponse<String> r = call(cloud, "mia@acme.example", "brand-manager", "POST", "/assets/" + id + "/shares",
                "{\"expiresAt\":\"" + expires + "\",\"maxDownloads\":5,\"presets\":[\"original\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return URI.create(JSON.readTree(r.body()).path("url").asText()).getPath();
    }

    private HttpResponse<String> visit(TestCloud cloud, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path))
                .timeout(Duration.ofSeconds(90)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(TestCloud cloud, String user, String role, String method, String path,
                                      String body) throws Exception {
        String token = cloud.cloud().apigateway().issueToken(user, List.of(role), List.of("Acme"));
        return http.send(HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(90)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
