package dam.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10 analytics through the deployed cloud: views, downloads, a search, share-link uses and a placement made
 * over HTTP become USE# items and audit/placement items; the analytics function on the table stream folds them into
 * aggregates; the reports count exactly the uses this test made (per asset, per user, team and channel), list the
 * never-used asset, the approved asset's rounds, its expiring rights and the brand's storage. A use delivered twice
 * (its item deleted and written again: the stream carries the same id once more) is counted once. CSV and bad
 * parameters through the API.
 */
@ExtendWith(CloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    /** Users of this run only: the shared cloud's other tests download as mia@… too. */
    private final String manager = "ana-" + run + "@acme.example";
    private final String viewer = "vik-" + run + "@acme.example";
    /** Warms the API's paths up on an asset and as a user whose counts are not asserted. */
    private final String warmer = "warm-" + run + "@acme.example";
    private TestCloud cloud;
    private LibrarySeed seed;
    private Path photo;

    @BeforeAll
    void fixture(TestCloud cloud, @TempDir Path dir) throws Exception {
        this.cloud = cloud;
        seed = new LibrarySeed(cloud);
        photo = dir.resolve("photo.jpg");
        Files.write(photo, IngestFixture.jpeg(800, 600, 3));
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

    private HttpResponse<String> ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.request().uri() + " → " + r.body()).isEqualTo(status);
        return r;
    }

    private JsonNode report(String name, String query) throws Exception {
        return JSON.readTree(ok(call(manager, "brand-manager", "GET", "/reports/" + name + "?brand=Acme" + query,
                null), 200).body());
    }

    /** The rows of a report whose column {@code column} equals {@code value}. */
    private static List<JsonNode> rowsWhere(JsonNode report, String column, String value) {
        int i = columns(report).indexOf(column);
        List<JsonNode> out = new ArrayList<>();
        report.path("rows").forEach(r -> {
            if (r.path(i).asText().equals(value)) {
                out.add(r);
            }
        });
        return out;
    }

    private static List<String> columns(JsonNode report) {
        List<String> c = new ArrayList<>();
        report.path("columns").forEach(n -> c.add(n.asText()));
        return c;
    }

    private static Map<String, Long> column(JsonNode report, String key, String value, List<JsonNode> rows) {
        int k = columns(report).indexOf(key);
        int v = columns(report).indexOf(value);
        Map<String, Long> out = new HashMap<>();
        rows.forEach(r -> out.merge(r.path(k).asText(), r.path(v).asLong(), Long::sum));
        return out;
    }

    @Test
    void reportsCountExactlyTheUsesMadeAndARedeliveredUseOnce() throws Exception {
        long t0 = System.nanoTime();
        String used = seed.readyAsset("analytics-" + run + ".jpg", "image/jpeg", photo);
        String unused = seed.readyAsset("unused-" + run + ".jpg", "image/jpeg", photo);
        String warm = seed.readyAsset("warm-" + run + ".jpg", "image/jpeg", photo);
        seed.approve(used);
        seed.approve(warm);
        Instant now = cloud.clock().instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        String range = "&from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
        String rights = """
                {"licenceType":"rights-managed","territories":["DE"],"channels":["social"],"start":"%s",
                 "end":"%s","costAmount":100,"costCurrency":"EUR","source":"getty"}"""
                .formatted(today.minusDays(10), today.plusDays(19));
        warmUp(warm, rights, now);
        ok(call("lena-" + run + "@acme.example", "legal", "PUT", "/assets/" + used + "/rights/r-" + run, rights),
                200);

        // The uses: 3 views, 3 signed-in downloads, 1 search, a share link opened and downloaded once, 1 placement.
        ok(call(manager, "brand-manager", "GET", "/assets/" + used, null), 200);
        ok(call(manager, "brand-manager", "GET", "/assets/" + used, null), 200);
        ok(call(viewer, "viewer", "GET", "/assets/" + used, null), 200);
        ok(call(manager, "brand-manager", "GET", "/assets/" + used + "/download", null), 302);
        ok(call(viewer, "viewer", "GET", "/assets/" + used + "/download", null), 302);
        ok(call(viewer, "viewer", "GET", "/assets/" + used + "/download", null), 302);
        ok(call(viewer, "viewer", "GET", "/search?q=analytics", null), 200);
        String link = URI.create(JSON.readTree(ok(call(manager, "brand-manager", "POST", "/assets/" + used
                + "/shares", "{\"expiresAt\":\"" + now.plus(Duration.ofDays(3)) + "\",\"maxDownloads\":5,"
                + "\"presets\":[\"original\"]}"), 201).body()).path("url").asText()).getPath();
        String shareUser = "share:" + shareId(used);
        ok(call(null, null, "GET", link, null), 200);
        ok(call(null, null, "GET", link + "/download?preset=original", null), 302);
        ok(call(manager, "brand-manager", "POST", "/assets/" + used + "/placements",
                "{\"channel\":\"web\",\"url\":\"https://www.acme.example/spring-" + run + "\"}"), 201);

        // Aggregated within seconds: the table stream → the analytics function (1 s batching window).
        long aggregated = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<JsonNode> rows = rowsWhere(report("top-assets", range + "&limit=500"), "assetId", used);
            assertThat(rows).hasSize(1);
            // views, downloads (3 signed in + 1 by link), shares (opened + downloaded), placements, total
            assertThat(List.of(rows.get(0).path(3).asLong(), rows.get(0).path(4).asLong(), rows.get(0).path(5)
                    .asLong(), rows.get(0).path(6).asLong(), rows.get(0).path(7).asLong()))
                    .isEqualTo(List.of(3L, 4L, 2L, 1L, 10L));
        });
        long freshMs = (System.nanoTime() - aggregated) / 1_000_000;
        System.out.printf("[analytics] aggregates counted the last use %d ms after it was made%n", freshMs);

        JsonNode byUser = report("downloads-by-user", range);
        assertThat(column(byUser, "user", "downloads", rowsOf(byUser))).containsEntry(manager, 1L)
                .containsEntry(viewer, 2L).containsEntry(shareUser, 1L);
        JsonNode byChannel = report("downloads-by-channel", range);
        assertThat(byChannel.path("chart").path("type").asText()).isEqualTo("line");
        assertThat(column(byChannel, "channel", "downloads", rowsOf(byChannel)).get("social"))
                .isGreaterThanOrEqualTo(4L);
        JsonNode byTeam = report("downloads-by-team", range);
        assertThat(column(byTeam, "team", "downloads", rowsOf(byTeam)).get("external (share link)"))
                .isGreaterThanOrEqualTo(1L);

        assertThat(rowsWhere(report("never-used", range + "&limit=500"), "assetId", unused)).hasSize(1);
        assertThat(rowsWhere(report("never-used", range + "&limit=500"), "assetId", used)).isEmpty();
        List<JsonNode> rounds = rowsWhere(report("review-rounds", range), "assetId", used);
        assertThat(rounds).hasSize(1);
        assertThat(rounds.get(0).path(4).asInt()).isEqualTo(1);
        List<JsonNode> expiring = rowsWhere(report("expiring", "&days=30"), "assetId", used);
        assertThat(expiring).hasSize(1);
        assertThat(expiring.get(0).path(0).asText()).isEqualTo(today.plusDays(19).toString());
        assertThat(rowsWhere(report("expiring", "&days=10"), "assetId", used)).isEmpty();
        List<JsonNode> placements = rowsWhere(report("placements", range), "assetId", used);
        assertThat(placements).hasSize(1);
        assertThat(placements.get(0).path(3).asText()).isEqualTo("web");
        JsonNode storage = rowsWhere(report("storage", ""), "brand", "Acme").get(0);
        assertThat(storage.path(1).asLong()).isGreaterThanOrEqualTo(2 * Files.size(photo));
        assertThat(report("searches", range).path("summary").path("searches").asLong()).isPositive();

        // A use delivered again (its item removed and written back: the stream carries the same id once more).
        Map<String, AttributeValue> use = oneUse(used, viewer, "download");
        var key = Map.of("PK", use.get("PK"), "SK", use.get("SK"));
        cloud.dynamodb().deleteItem(b -> b.tableName("dam").key(key));
        cloud.dynamodb().putItem(b -> b.tableName("dam").item(use));
        String seen = "AN#SEEN#use:" + use.get("PK").s().substring("USE#".length());
        assertThat(cloud.dynamodb().getItem(b -> b.tableName("dam").consistentRead(true).key(Map.of(
                "PK", AttributeValue.fromS(seen), "SK", AttributeValue.fromS("SEEN")))).hasItem()).isTrue();
        // the redelivered record is processed (its batch ends) before a later use's record on the same stream
        ok(call(manager, "brand-manager", "GET", "/assets/" + unused, null), 200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(rowsWhere(report("top-assets", range + "&limit=500"), "assetId", unused)).hasSize(1));
        JsonNode again = rowsWhere(report("top-assets", range + "&limit=500"), "assetId", used).get(0);
        assertThat(again.path(4).asLong()).as("downloads after the redelivery").isEqualTo(4L);

        // CSV and bad parameters.
        HttpResponse<String> csv = ok(call(manager, "brand-manager", "GET", "/reports/top-assets?brand=Acme&format=csv"
                + range + "&limit=500", null), 200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("rank,assetId,title,views,downloads,shares,placements,total\r\n")
                .contains("," + used + ",analytics-" + run + ".jpg,3,4,2,1,10\r\n");
        HttpResponse<String> bad = call(manager, "brand-manager", "GET", "/reports/top-assets?from=2026-02-31&days=3",
                null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"from\"").contains("\"field\":\"days\"");
        assertThat(call(viewer, "viewer", "GET", "/reports/top-assets?brand=Acme", null).statusCode()).isEqualTo(403);
        // The console's pages on the same data, in headless Chromium (console/test/analytics.mjs).
        browser(Map.of("ASSET_ID", used, "ASSET_TITLE", "analytics-" + run + ".jpg", "DRAFT_ID", unused,
                "EXPIRY_DAY", today.plusDays(19).toString(), "DOWNLOADER", viewer, "DOWNLOADS", "2"));
        System.out.printf("[analytics] class %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    private static final List<String> BROWSER_STEPS = List.of(
            "a brand manager signs in and sees Reports, Placements and Expiry in the navigation",
            "reports page charts downloads by user, with the run's downloader and count in the table",
            "a report downloads as CSV with the asset's row",
            "placements page lists the asset's web placement and says in words why a draft cannot be published",
            "expiry calendar shows the asset on its last day in the next 30 and 90 days");
    static final List<String> PAGES = List.of("reports", "placements", "expiry");

    private void browser(Map<String, String> data) throws Exception {
        Path console = TestCloud.repoRoot().resolve("console");
        assertThat(console.resolve("vendor/uplot/uPlot.esm.js")).as("uPlot vendored by npm ci (postinstall)")
                .isRegularFile();
        Path shots = Path.of("target", "screenshots").toAbsolutePath();
        PAGES.forEach(p -> shots.resolve(p + ".png").toFile().delete());
        Path out = Path.of("target", "analytics-browser.out").toAbsolutePath();
        Path err = Path.of("target", "analytics-browser.err").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("node", "test/analytics.mjs").directory(console.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(data);
        pb.environment().put("API_URL", cloud.cloud().apiEndpoint().toString());
        pb.environment().put("SCREENSHOT_DIR", shots.toString());
        Process p = pb.start();
        if (!p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("the browser run did not finish in 3 minutes: " + Files.readString(out));
        }
        List<String> passed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            if (line.startsWith("{\"step\"")) {
                JsonNode step = JSON.readTree(line);
                (step.path("ok").asBoolean() ? passed : failures).add(step.path("step").asText() + " "
                        + step.path("error").asText(""));
                System.out.println("[analytics browser] " + line);
            }
        }
        assertThat(failures).as("failed browser steps; stderr: %s", Files.readString(err)).isEmpty();
        assertThat(passed.stream().map(String::strip).toList()).containsExactlyElementsOf(BROWSER_STEPS);
        assertThat(p.exitValue()).isZero();
        for (String page : PAGES) {
            assertThat(shots.resolve(page + ".png")).as("screenshot of " + page).isNotEmptyFile();
        }
    }

    /**
     * The API's first answer on each path in a fresh cloud is a cold start (Micronaut init, lazily built services); on
     * a loaded machine it can exceed API Gateway's 30 s and answer 504 — and a use recorded by a request whose answer
     * timed out would be counted without the test knowing. So every kind of call is made first on a third asset (its
     * counts are not asserted), repeated on 502-504 only, and the counted uses meet warm paths.
     */
    private void warmUp(String asset, String rights, Instant now) throws Exception {
        String warmManager = "warm-mgr-" + run + "@acme.example";
        retried(() -> call(manager, "brand-manager", "GET", "/reports/storage?brand=Acme", null), 200);
        retried(() -> call("lena-" + run + "@acme.example", "legal", "PUT", "/assets/" + asset + "/rights/w-" + run,
                rights), 200);
        retried(() -> call(warmer, "viewer", "GET", "/assets/" + asset, null), 200);
        retried(() -> call(warmer, "viewer", "GET", "/assets/" + asset + "/download", null), 302);
        retried(() -> call(warmer, "viewer", "GET", "/search?q=warm", null), 200);
        String link = URI.create(JSON.readTree(retried(() -> call(warmManager, "brand-manager", "POST", "/assets/"
                + asset + "/shares", "{\"expiresAt\":\"" + now.plus(Duration.ofDays(3)) + "\",\"maxDownloads\":5,"
                + "\"presets\":[\"original\"]}"), 201).body()).path("url").asText()).getPath();
        retried(() -> call(null, null, "GET", link + "/download?preset=original", null), 302);
        retried(() -> call(warmManager, "brand-manager", "POST", "/assets/" + asset + "/placements",
                "{\"channel\":\"web\",\"url\":\"https://www.acme.example/warm-" + run + "\"}"), 201, 200);
    }

    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    private HttpResponse<String> retried(Call c, Integer... statuses) throws Exception {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> r = c.send();
            // 504: the gateway's 30 s passed; 502: the local Lambda runtime gave up on a cold worker's init.
            if (r.statusCode() < 502 || r.statusCode() > 504 || attempt == 4) {
                assertThat(r.statusCode()).as(r.request().uri() + " → " + r.body()).isIn((Object[]) statuses);
                return r;
            }
        }
    }

    private static List<JsonNode> rowsOf(JsonNode report) {
        List<JsonNode> out = new ArrayList<>();
        report.path("rows").forEach(out::add);
        return out;
    }

    private String shareId(String assetId) throws Exception {
        JsonNode items = JSON.readTree(ok(call(manager, "brand-manager", "GET", "/shares?assetId=" + assetId, null),
                200).body()).path("items");
        return items.get(0).path("id").asText();
    }

    /** One USE# item of this run (a scan of the small usage items: test code, not a read path). */
    private Map<String, AttributeValue> oneUse(String assetId, String user, String kind) {
        return cloud.dynamodb().scanPaginator(b -> b.tableName("dam")
                        .filterExpression("begins_with(PK, :p) AND assetId = :a AND userId = :u AND kind = :k")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("USE#"),
                                ":a", AttributeValue.fromS(assetId), ":u", AttributeValue.fromS(user),
                                ":k", AttributeValue.fromS(kind))))
                .items().stream().findFirst().orElseThrow();
    }
}
