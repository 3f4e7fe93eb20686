package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.audit.AuditChain;
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
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 share links through the deployed HTTP API: a draft is hidden from the brand's viewers and cannot be shared;
 * once approved a brand manager makes a link; anyone opens it without signing in and downloads a preset through a
 * presigned redirect; two racing downloads at cap − 1 get exactly one file; a forged token, revocation, expired
 * rights and a wrong password each get a clear page and no download; every use is on the asset's audit chain.
 */
@ExtendWith(CloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShareE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private TestCloud cloud;
    private LibrarySeed seed;
    private Path photo;

    @BeforeAll
    void fixture(TestCloud cloud, @TempDir Path dir) throws Exception {
        this.cloud = cloud;
        seed = new LibrarySeed(cloud);
        photo = dir.resolve("photo.jpg");
        Files.write(photo, IngestFixture.jpeg(1600, 1200, 1));
    }

    private HttpResponse<String> call(String user, String role, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path))
                .timeout(Duration.ofSeconds(90)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (user != null) {
            b.header("Authorization", "Bearer " + cloud.cloud().apigateway().issueToken(user, List.of(role),
                    List.of("Acme")));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a browser does with a share URL: a plain GET, no credentials. */
    private HttpResponse<String> visit(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path))
                .timeout(Duration.ofSeconds(90)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String share(String assetId, String body) throws Exception {
        HttpResponse<String> r = call("mia@acme.example", "brand-manager", "POST", "/assets/" + assetId + "/shares",
                body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        URI url = URI.create(JSON.readTree(r.body()).path("url").asText());
        assertThat(url.getPath()).matches("/s/[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}");
        return url.getPath();
    }

    private static String in(int days) {
        return java.time.Instant.now().plus(Duration.ofDays(days)).toString();
    }

    @Test
    void anApprovedAssetIsSharedDownloadedOnceAtTheCapAndEveryUseIsAudited() throws Exception {
        String id = seed.readyAsset("photo.jpg", "image/jpeg", photo);
        // A draft: the brand's viewer does not see it, the brand manager cannot share it.
        assertThat(call("vic@acme.example", "viewer", "GET", "/assets/" + id + "/rights", null).statusCode())
                .isEqualTo(404);
        assertThat(call("mia@acme.example", "brand-manager", "POST", "/assets/" + id + "/shares", "{}")
                .statusCode()).isEqualTo(404);
        seed.approve(id);
        assertThat(call("vic@acme.example", "viewer", "GET", "/assets/" + id + "/rights", null).statusCode())
                .isEqualTo(200);

        String link = share(id, "{\"expiresAt\":\"" + in(7) + "\",\"maxDownloads\":2,"
                + "\"presets\":[\"instagram-square\",\"original\"]}");
        HttpResponse<String> page = visit(link, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("photo.jpg").contains(link + "/download?preset=instagram-square");

        HttpResponse<String> first = visit(link + "/download?preset=instagram-square&format=png", null);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(302);
        HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create(first.headers().firstValue("Location")
                .orElseThrow())).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        var img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png.body()));
        assertThat(img.getWidth()).isEqualTo(1080);
        assertThat(img.getHeight()).isEqualTo(1080);

        // Cap − 1 left: two racing downloads, exactly one gets the file.
        List<CompletableFuture<HttpResponse<String>>> racers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            racers.add(http.sendAsync(HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + link
                    + "/download?preset=original")).timeout(Duration.ofSeconds(90)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> r : racers) {
            statuses.add(r.get().statusCode());
        }
        assertThat(statuses).containsExactlyInAnyOrder(302, 410);
        HttpResponse<String> capped = visit(link, null);
        assertThat(capped.statusCode()).isEqualTo(410);
        assertThat(capped.body()).contains("Download limit reached");

        JsonNode listed = JSON.readTree(call("mia@acme.example", "brand-manager", "GET", "/shares?assetId=" + id,
                null).body()).path("items").get(0);
        assertThat(listed.path("downloads").asInt()).isEqualTo(2);
        assertThat(listed.path("state").asText()).isEqualTo("exhausted");
        List<String> actions = seed.assets.audit(id).stream().map(a -> a.action()).toList();
        assertThat(actions).containsSubsequence("share.created", "share.viewed", "share.download");
        assertThat(actions.stream().filter("share.download"::equals)).hasSize(2);
        assertThat(actions).contains("share.refused");
        assertThat(AuditChain.firstBroken(seed.assets.audit(id))).isEqualTo(-1);
    }

    @Test
    void forgedRevokedRightsExpiredAndWrongPasswordLinksGetAClearPageAndNoFile() throws Exception {
        String id = seed.readyAsset("photo.jpg", "image/jpeg", photo);
        seed.approve(id);
        String link = share(id, "{\"expiresAt\":\"" + in(3) + "\",\"maxDownloads\":10,\"password\":\"correct horse"
                + "\",\"presets\":[\"story\"]}");

        String forged = link.substring(0, link.length() - 3) + (link.endsWith("AAA") ? "BBB" : "AAA");
        HttpResponse<String> bad = visit(forged + "/download?preset=story", null);
        assertThat(bad.statusCode()).isEqualTo(404);
        assertThat(bad.body()).contains("This link is not valid");

        HttpResponse<String> form = visit(link, null);
        assertThat(form.body()).contains("type=\"password\"").doesNotContain("download?preset");
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(m.find()).isTrue();
        String csrf = URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> wrong = post(link, "csrf=" + csrf + "&password=wrong+horse");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong password");
        assertThat(visit(link + "/download?preset=story", null).statusCode()).isEqualTo(401);
        HttpResponse<String> ok = post(link, "csrf=" + csrf + "&password=correct+horse");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(303);
        String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("Path=" + link).contains("HttpOnly");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(visit(link, cookie).body()).contains("download?preset=story");

        // Expired usage rights stop the link at once; removing the record lets it work again.
        String rights = "/assets/" + id + "/rights/getty-1";
        assertThat(call("lena@acme.example", "legal", "PUT", rights, """
                {"licenceType":"rights-managed","territories":["DE"],"channels":["social"],
                 "start":"2020-01-01","end":"2020-12-31"}""").statusCode()).isEqualTo(200);
        HttpResponse<String> blocked = visit(link + "/download?preset=story", cookie);
        assertThat(blocked.statusCode()).isEqualTo(410);
        assertThat(blocked.body()).contains("usage rights expired on 2020-12-31");
        assertThat(call("lena@acme.example", "legal", "DELETE", rights, null).statusCode()).isEqualTo(200);
        assertThat(visit(link + "/download?preset=story", cookie).statusCode()).isEqualTo(302);

        String shareId = JSON.readTree(call("mia@acme.example", "brand-manager", "GET", "/shares?assetId=" + id, null)
                .body()).path("items").get(0).path("id").asText();
        assertThat(call("cara@acme.example", "creator", "DELETE", "/shares/" + shareId, null).statusCode())
                .isEqualTo(403);
        assertThat(call("mia@acme.example", "brand-manager", "DELETE", "/shares/" + shareId, null).statusCode())
                .isEqualTo(200);
        HttpResponse<String> revoked = visit(link + "/download?preset=story", cookie);
        assertThat(revoked.statusCode()).isEqualTo(410);
        assertThat(revoked.body()).contains("This link was revoked");
        assertThat(revoked.headers().firstValue("Location")).isEmpty();
        assertThat(seed.assets.audit(id).stream().map(a -> a.action()).toList())
                .contains("share.unlocked", "share.revoked").containsSubsequence("share.refused", "share.refused");
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path))
                .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
