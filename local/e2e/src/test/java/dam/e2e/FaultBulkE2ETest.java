package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Issue 12 fault injection for issue 8's bulk jobs: {@code kill -9} of the local cloud (a separate JVM, with its
 * Lambda workers and dynalite) once a third of a bulk job's items are rendered, then a restart on the same state. The
 * persisted execution resumes from its journal (batches cut short run again; each item is recorded once), and the job
 * ends COMPLETED with every item in the result manifest once, every file in the ZIP once, done + failed = total, and
 * one derivative per (version, preset, format) in the cache, and no object in the derivatives bucket is a temporary
 * the kill cut short. {@code -Dbulk.fault.assets=N} (default 30) × 3 presets; {@code ./dam bench} runs it at 1,000
 * and writes its figures ({@code parts/bulk-fault.tsv} through {@link BenchFigures}).
 */
class FaultBulkE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PRESETS = List.of("instagram-square", "story", "linkedin");
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    /** S3Proxy's temporary: the key, "-", a random UUID. */
    private static final Pattern TORN_TEMPORARY = Pattern.compile(
            "-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private final int assets = Integer.getInteger("bulk.fault.assets", 30);

    @Test
    void killedMidJobTheJobFinishesAfterARestartWithEveryItemOnce(@TempDir Path dir) throws Exception {
        Path photo = dir.resolve("photo.jpg");
        Files.write(photo, IngestFixture.jpeg(1600, 1200, 1));
        try (ChildCloud child = ChildCloud.start("fault-bulk")) {
            long t0 = System.nanoTime();
            List<String> ids = new LibrarySeed(child, Clock.systemUTC()).approvedAssets(assets, photo);
            String token = token(child);
            int total = assets * PRESETS.size();
            HttpResponse<String> created = api(child, "POST", "/bulk-jobs", JSON.writeValueAsString(Map.of(
                    "assetIds", ids, "presets", PRESETS, "format", "jpeg")), token);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
            String jobId = JSON.readTree(created.body()).path("jobId").asText();
            long accepted = System.nanoTime();
            assertThat(JSON.readTree(created.body()).path("total").asInt()).isEqualTo(total);

            // The job item read straight from the table (one consistent GetItem): much quicker than the API route,
            // so the kill lands close to a third even when the batches run together.
            Map<String, AttributeValue> atKill;
            try (DynamoDbClient dynamodb = child.dynamodb()) {
                atKill = await().atMost(scaled(180)).pollInterval(Duration.ofMillis(20))
                        .until(() -> dynamodb.getItem(r -> r.tableName("dam").consistentRead(true).key(Map.of(
                                "PK", AttributeValue.fromS("BULK#" + jobId), "SK", AttributeValue.fromS("META"))))
                                .item(), i -> Integer.parseInt(i.get("done").n()) >= total / 3);
            }
            int doneAtKill = Integer.parseInt(atKill.get("done").n());
            long childPid = child.pid();
            String peakBeforeKill = peakRss(childPid);
            child.kill();
            // The premise: the crash lands mid-job, not after it.
            assertThat(atKill.get("status").s()).as(atKill.toString()).isEqualTo("RUNNING");
            assertThat(doneAtKill).as("done at the kill").isLessThan(total);
            long killed = System.nanoTime();

            child.restart();
            String machine = child.stateMachine("BulkRendition");
            JsonNode end = awaitNotRunning(child, jobId, token);
            boolean resumedByHand = false;
            if ("FAILED".equals(end.path("status").asText())) {
                // The run failed across the crash: the documented way on is a resume over the same manifest.
                HttpResponse<String> resumed = api(child, "POST", "/bulk-jobs/" + jobId + "/resume", "", token);
                assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(202);
                resumedByHand = true;
                end = awaitNotRunning(child, jobId, token);
            }
            long finished = System.nanoTime();
            assertThat(end.path("status").asText()).as("%s; child log:%n%s", end, child.output())
                    .isEqualTo("COMPLETED");
            assertThat(end.path("done").asInt() + end.path("failed").asInt()).isEqualTo(total);
            assertThat(end.path("done").asInt()).as("nothing fails in this job").isEqualTo(total);

            List<ExecutionListItem> executions;
            try (SfnClient sfn = child.sfn()) {
                executions = sfn.listExecutions(r -> r.stateMachineArn(machine)).executions();
            }
            // The persisted execution carries on after the restart: no resume, one execution, succeeded.
            assertThat(resumedByHand).as("the job needed POST /resume after the restart").isFalse();
            assertThat(executions).as("the one execution the job started, resumed rather than restarted")
                    .singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED));

            Set<String> expected = new HashSet<>();
            ids.forEach(id -> PRESETS.forEach(p -> expected.add(p + "/" + id + "-v1.jpg")));
            assertManifest(end, total, ids);
            assertZip(end, expected);
            assertOneDerivativeEach(child, ids);
            assertNoTornTemporaries(child);

            String peakAfter = peakRss(child.pid());
            double jobSeconds = (finished - accepted) / 1e9;
            System.out.printf("FaultBulkE2ETest: %d assets x 3 presets = %d items; killed at %d done; job finished"
                            + " %d ms after the kill (incl. restart), %s; child cloud JVM peak RSS %s before the kill,"
                            + " %s after (heap peak not reportable from outside the child); job %.1f s; total %d ms%n",
                    assets, total, doneAtKill, (finished - killed) / 1_000_000,
                    resumedByHand ? "after POST /resume" : "by the persisted execution", peakBeforeKill,
                    peakAfter, jobSeconds, (System.nanoTime() - t0) / 1_000_000);
            new BenchFigures("bulk-fault")
                    .add("bulk job killed (kill -9) at a third and restarted, " + assets + " assets x 3 presets: items",
                            total, "items")
                    .add("bulk job killed at a third and restarted: wall time from the job's acceptance, incl. the"
                            + " restart", jobSeconds, "s")
                    .add("bulk job killed at a third and restarted: items/s incl. the restart", total / jobSeconds,
                            "items/s")
                    .add("bulk job killed at a third: kill -> job finished (restart + the rest)",
                            (finished - killed) / 1e9, "s")
                    .add("bulk job killed at a third: local cloud JVM peak RSS before the kill", megabytes(
                            peakBeforeKill), "MB")
                    .add("bulk job killed at a third: local cloud JVM peak RSS after the restart", megabytes(
                            peakAfter), "MB")
                    .write();
        }
    }

    /** The result CSV: one row per item, each (asset, preset) exactly once, all done. */
    private void assertManifest(JsonNode end, int total, List<String> ids) throws Exception {
        HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create(end.path("manifestUrl").asText()))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        List<String> rows = csv.body().lines().skip(1).toList();
        assertThat(rows).hasSize(total);
        assertThat(rows).allSatisfy(r -> assertThat(r).contains(",done,"));
        Map<String, Long> perItem = rows.stream().collect(Collectors.groupingBy(r -> r.split(",")[0] + "/"
                + r.split(",")[2], Collectors.counting()));
        assertThat(perItem).hasSize(total).allSatisfy((item, n) -> assertThat(n).as(item).isEqualTo(1L));
        assertThat(perItem.keySet().stream().map(k -> k.substring(0, k.indexOf('/'))).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    /** The ZIP, streamed: every expected file, none twice, each a JPEG of its preset's size. */
    private void assertZip(JsonNode end, Set<String> expected) throws Exception {
        List<String> names = new ArrayList<>();
        HttpResponse<InputStream> zip = http.send(HttpRequest.newBuilder(URI.create(end.path("zipUrl").asText()))
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(zip.statusCode()).isEqualTo(200);
        try (ZipInputStream in = new ZipInputStream(zip.body())) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                String preset = e.getName().substring(0, e.getName().indexOf('/'));
                assertThat(BulkJobE2ETest.size(in.readAllBytes())).as(e.getName())
                        .containsExactly(BulkJobE2ETest.PRESETS.get(preset));
            }
        }
        assertThat(names).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The derivative cache: per asset exactly one object per preset (all jpeg, version 1) — nothing rendered twice. */
    private void assertOneDerivativeEach(ChildCloud child, List<String> ids) {
        String derivatives = child.bucket("StorageDerivatives");
        Map<String, List<String>> perAsset = new HashMap<>();
        try (S3Client s3 = child.s3()) {
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(derivatives).prefix("downloads/")).contents()) {
                String[] parts = o.key().split("/");
                perAsset.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(parts[2] + "/" + parts[3]);
            }
        }
        assertThat(perAsset).containsOnlyKeys(ids);
        assertThat(perAsset).allSatisfy((id, keys) -> {
            assertThat(keys).as(id).hasSize(PRESETS.size());
            PRESETS.forEach(p -> assertThat(keys).as(id).filteredOn(k -> k.startsWith("1/" + p + "-")
                    && k.endsWith(".jpg")).hasSize(1));
        });
    }

    /**
     * Every object listed in the derivatives bucket is one the product wrote: none is a {@code <key>-<uuid>} temporary
     * of the local S3's filesystem store that the kill cut short (the provider removes those on restart).
     */
    private void assertNoTornTemporaries(ChildCloud child) {
        String derivatives = child.bucket("StorageDerivatives");
        List<String> keys = new ArrayList<>();
        try (S3Client s3 = child.s3()) {
            s3.listObjectsV2Paginator(r -> r.bucket(derivatives)).contents().forEach(o -> keys.add(o.key()));
        }
        assertThat(keys).as("objects in the derivatives bucket").isNotEmpty()
                .noneMatch(k -> TORN_TEMPORARY.matcher(k).find());
    }

    /** A wait that grows with the job (the bench runs 1,000 assets): at least {@code floorSeconds}. */
    private Duration scaled(long floorSeconds) {
        return Duration.ofSeconds(Math.max(floorSeconds, assets * 3L));
    }

    private JsonNode awaitNotRunning(ChildCloud child, String jobId, String token) {
        return await().atMost(scaled(240)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> job(child, jobId, token),
                        j -> !"RUNNING".equals(j.path("status").asText()));
    }

    private JsonNode job(ChildCloud child, String jobId, String token) throws Exception {
        HttpResponse<String> r = api(child, "GET", "/bulk-jobs/" + jobId, null, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private String token(ChildCloud child) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(child.apiEndpoint() + "/_local/token"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"user\":\"mia@acme.example\",\"roles\":[\"brand-manager\"],\"brands\":[\"Acme\"]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("token").asText();
    }

    private HttpResponse<String> api(ChildCloud child, String method, String path, String body, String token)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(child.apiEndpoint() + path))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** "123456 kB" (VmHWM) in MB; NaN when unknown. */
    private static double megabytes(String vmHwm) {
        return vmHwm.endsWith(" kB") ? Long.parseLong(vmHwm.substring(0, vmHwm.length() - 3).trim()) / 1024.0
                : Double.NaN;
    }

    /** Peak resident set (VmHWM) of a process, from /proc; "unknown" where /proc is not there. */
    private static String peakRss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmHWM:")).map(l -> l.substring(6).trim()).findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            System.err.println("cannot read the peak RSS of " + pid + ": " + e);
            return "unknown";
        }
    }
}
