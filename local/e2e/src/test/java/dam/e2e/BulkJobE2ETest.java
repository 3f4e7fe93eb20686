package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 bulk resize/convert through the deployed product: {@code POST /bulk-jobs} over N approved assets (seeded as
 * ingest and review leave them; -Dbulk.assets, default 20 under CI; 1,000 in bench) × 3 presets → the bulk-rendition Distributed Map renders
 * every item through the download cache; progress climbs to the total; the result CSV lists every item and the
 * skipped id; the ZIP (multipart upload) has every file exactly once, each a JPEG of its preset's size; one
 * Bulk Job Completed event. Bad input is a 400 that starts nothing. Bench figures (written under DAM_BENCH_PARTS by
 * {@code ./dam bench}): the job's items/s against one fresh derivative's rate through the download route × cores.
 */
@ExtendWith(CloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkJobE2ETest {

    static final Map<String, int[]> PRESETS = Map.of("instagram-square", new int[] {1080, 1080},
            "story", new int[] {1080, 1920}, "linkedin", new int[] {1200, 627});
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PROBES = 4;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final int assets = Integer.getInteger("bulk.assets", 20);
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

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path))
                .timeout(Duration.ofSeconds(120)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + cloud.cloud().apigateway().issueToken("mia@acme.example",
                        List.of("brand-manager"), List.of("Acme")));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aJobOverNAssetsTimesThreePresetsEndsWithAManifestAndAZipOfEveryFileOnce() throws Exception {
        long t0 = System.nanoTime();
        List<String> all = seed.approvedAssets(assets + PROBES, photo);
        // The probes stay out of the job: their first download renders fresh, the single-item baseline.
        List<String> ids = all.subList(0, assets);
        List<String> probes = all.subList(assets, assets + PROBES);
        long seeded = System.nanoTime();
        BusObserver completed = new BusObserver(cloud, "dam",
                "{\"source\":[\"dam.bulk\"],\"detail-type\":[\"Bulk Job Completed\"]}");
        List<String> asked = new ArrayList<>(ids);
        asked.add("00000000-0000-0000-0000-000000000000");
        String body = JSON.writeValueAsString(Map.of("assetIds", asked,
                "presets", List.of("instagram-square", "story", "linkedin"), "format", "jpeg"));
        HttpResponse<String> created = call("POST", "/bulk-jobs", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode job = JSON.readTree(created.body());
        String jobId = job.path("jobId").asText();
        int total = assets * 3;
        assertThat(job.path("total").asInt()).isEqualTo(total);
        assertThat(job.path("skipped").asInt()).isEqualTo(3);
        assertThat(job.path("skippedItems").get(0).path("reason").asText()).isEqualTo("asset not found");
        long accepted = System.nanoTime();
        BenchFigures.resetPeakHeap();

        JsonNode end = await().atMost(Duration.ofSeconds(Math.max(300, assets * 3L)))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    JsonNode j = JSON.readTree(call("GET", "/bulk-jobs/" + jobId, null).body());
                    return j;
                }, j -> !"RUNNING".equals(j.path("status").asText()));
        long finished = System.nanoTime();
        assertThat(end.path("status").asText()).as(end.toString()).isEqualTo("COMPLETED");
        assertThat(end.path("done").asInt()).isEqualTo(total);
        assertThat(end.path("failed").asInt()).isZero();

        // The result manifest: one row per item, all done, plus the skipped id's three presets.
        HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create(end.path("manifestUrl").asText()))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        List<String> rows = csv.body().lines().skip(1).toList();
        assertThat(rows).hasSize(total + 3);
        assertThat(rows.stream().filter(r -> r.contains(",done,"))).hasSize(total);
        Set<String> listed = rows.stream().filter(r -> r.contains(",done,")).map(r -> r.split(",")[0] + "/"
                + r.split(",")[2]).collect(Collectors.toSet());
        assertThat(listed).hasSize(total);

        // The ZIP, streamed: every (asset, preset) once, each a JPEG of the preset's size.
        Map<String, Integer> perPreset = new HashMap<>();
        Set<String> names = new HashSet<>();
        HttpResponse<InputStream> zip = http.send(HttpRequest.newBuilder(URI.create(end.path("zipUrl").asText()))
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(zip.statusCode()).isEqualTo(200);
        try (ZipInputStream in = new ZipInputStream(zip.body())) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                assertThat(names.add(e.getName())).as("duplicate " + e.getName()).isTrue();
                String preset = e.getName().substring(0, e.getName().indexOf('/'));
                int[] size = size(in.readAllBytes());
                assertThat(size).as(e.getName()).containsExactly(PRESETS.get(preset));
                perPreset.merge(preset, 1, Integer::sum);
            }
        }
        assertThat(names).hasSize(total);
        assertThat(perPreset).containsOnlyKeys(PRESETS.keySet()).allSatisfy((p, n) -> assertThat(n)
                .isEqualTo(assets));
        assertThat(ids).allSatisfy(id -> assertThat(names).contains("story/" + id + "-v1.jpg"));

        List<String> events = completed.awaitAtLeast(1, Duration.ofSeconds(30));
        assertThat(events.stream().filter(e -> e.contains(jobId))).hasSize(1);
        double itemsPerSecond = total / ((finished - accepted) / 1e9);
        double singleMs = singleItemMs(probes);
        int cores = Runtime.getRuntime().availableProcessors();
        new BenchFigures("bulk")
                .add("bulk job, " + assets + " assets x 3 presets (" + total + " items), rendered + zipped",
                        itemsPerSecond, 1000.0 / singleMs * cores, "items/s",
                        "one fresh derivative via GET /assets/{id}/download, x " + cores + " cores")
                .add("bulk job, one fresh derivative via the download route (median of " + (PROBES - 1) + ")",
                        singleMs, "ms")
                .add("bulk job, peak heap of the local cloud JVM", BenchFigures.peakHeapMb(), "MB")
                .write();
        System.out.printf("BulkJobE2ETest: %d assets x 3 presets = %d items; seeded in %d ms, job accepted in %d ms,"
                        + " rendered + zipped in %d ms (%.1f items/s)%n", assets, total, (seeded - t0) / 1_000_000,
                (accepted - seeded) / 1_000_000, (finished - accepted) / 1_000_000,
                total / ((finished - accepted) / 1e9));
    }

    /**
     * Median time of one fresh derivative through the API's download route (302 once rendered and stored), over
     * probe assets the job never touched, one preset each; the first probe warms the API's renderer and is dropped.
     */
    private double singleItemMs(List<String> probes) throws Exception {
        List<String> presets = List.of("story", "instagram-square", "linkedin", "story");
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = call("GET", "/assets/" + probes.get(i) + "/download?preset=" + presets.get(i)
                    + "&format=jpeg", null);
            double took = (System.nanoTime() - t) / 1e6;
            assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
            assertThat(JSON.readTree(r.body()).path("cached").asBoolean()).as("rendered, not cached").isFalse();
            if (i > 0) {
                ms.add(took);
            }
        }
        return BenchFigures.percentile(ms, 0.5);
    }

    @Test
    void badInputIsA400() throws Exception {
        String many = IntStream.range(0, 10_001).mapToObj(i -> "\"a" + i + "\"").collect(Collectors.joining(","));
        Map<String, String> cases = Map.of(
                "{\"assetIds\":[\"a1\"],\"presets\":[\"billboard\"]}", "presets[0]",
                "{\"assetIds\":[],\"presets\":[\"story\"]}", "assetIds",
                "{\"assetIds\":[" + many + "],\"presets\":[\"story\"]}", "assetIds",
                "{\"presets\":[\"story\"]}", "assetIds");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = call("POST", "/bulk-jobs", c.getKey());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("errors").get(0).path("field").asText()).isEqualTo(c.getValue());
        }
        assertThat(call("GET", "/bulk-jobs/not-a-job", null).statusCode()).isEqualTo(404);
    }

    /** Width and height from the image header (no full decode). */
    static int[] size(byte[] image) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(image))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        }
    }
}
