package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 10's browser acceptance walk ({@code console/test/walk.mjs}) in Debian's headless Chromium on the shared
 * local cloud: a brief → two files dropped on the upload page (bars reach 100%, ingest makes them ready) → the
 * reviewer draws an annotation and requests changes → the creator answers and drops version 2 → compare shows the
 * diff overlay → approval through the outbox mail's link → the brand manager finds the asset by its AI tag, downloads
 * a 1080×1080 PNG, creates a share link that opens in a fresh browser context, and sees the download in the reports
 * page's chart.
 * Script-looking text renders as text on every page. This class checks every step passed and that what the browser
 * did is stored.
 */
@ExtendWith(CloudExtension.class)
class ConsoleWalkE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BROWSER_RUN = Duration.ofMinutes(6);
    /** Where mailed review links and share links point (DamStack's default publicBaseUrl). */
    private static final String PUBLIC_BASE_URL = "http://127.0.0.1:8080";
    private static final List<String> STEPS = List.of(
            "create a brief with a reviewer on its team",
            "upload two files by drag and drop: each bar reaches 100% and ingest makes them ready",
            "the reviewer draws an annotation on the preview and requests changes",
            "the creator accepts the point and drops version 2",
            "compare shows both versions and the diff overlay with a slider and the share changed",
            "the reviewer approves version 2 through the outbox mail's link",
            "a brand manager finds the asset in the library by its AI tag",
            "download it as a 1080×1080 PNG",
            "create a share link and open it in a fresh browser context",
            "the reports page shows the download in its chart");
    private static final List<String> PAGES = List.of("upload", "review", "compare", "library", "asset", "share");

    @Test
    void theAcceptanceWalkInHeadlessChromium(TestCloud cloud) throws Exception {
        assertThat(Path.of("/usr/bin/chromium")).as("Debian chromium is installed by ./dam").isRegularFile();
        Path console = TestCloud.repoRoot().resolve("console");
        assertThat(console.resolve("node_modules/playwright-core")).as("npm ci in console/ (./dam)").isDirectory();
        Path shots = Path.of("target", "screenshots").toAbsolutePath();
        PAGES.forEach(p -> shots.resolve(p + ".png").toFile().delete());

        long t0 = System.nanoTime();
        Result run = node(console, List.of("test/walk.mjs"), Map.of(
                "API_URL", cloud.cloud().apiEndpoint().toString(),
                "EDGE_URL", cloud.endpoint().toString(),
                "PUBLIC_BASE_URL", PUBLIC_BASE_URL,
                "SCREENSHOT_DIR", shots.toString()));
        long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();

        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.stdout().split("\n")) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        lines.forEach(l -> System.out.println("[console walk] " + l));
        System.out.println("[console walk] node run " + seconds + " s");
        List<String> failures = lines.stream().filter(l -> l.has("step") && !l.path("ok").asBoolean())
                .map(l -> l.path("step").asText() + ": " + l.path("error").asText()).toList();
        assertThat(failures).as("failed browser steps; stderr: %s", run.stderr()).isEmpty();
        assertThat(lines.stream().filter(l -> l.path("ok").asBoolean()).map(l -> l.path("step").asText()))
                .as("stdout: %s", run.stdout()).containsExactlyElementsOf(STEPS);
        JsonNode summary = lines.get(lines.size() - 1);
        assertThat(summary.path("failed").asInt()).isZero();
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        for (String page : PAGES) {
            assertThat(shots.resolve(page + ".png")).as("screenshot of " + page).isNotEmptyFile();
        }

        // What the browser did is stored: the asset has two versions and an approved review, its audit chain holds
        // the annotation, both decisions and the download, and one share link exists for it.
        String assetId = summary.path("assetId").asText();
        assertThat(assetId).isNotBlank();
        BriefHttp http = new BriefHttp(cloud);
        List<String> sks = http.items("ASSET#" + assetId).stream().map(BriefHttp::sk).toList();
        assertThat(sks).contains("META", "V#000001", "V#000002", "REVIEW");
        String admin = http.token("root@dam.example", "admin");
        BriefHttp.Reply review = http.api("GET", "/assets/" + assetId + "/review", null, admin);
        assertThat(review.json().path("status").asText()).as(review.body()).isEqualTo("approved");
        List<String> actions = http.api("GET", "/assets/" + assetId + "/audit", null, admin).json().path("items")
                .findValuesAsText("action");
        assertThat(actions).contains("review.annotation.added", "approval.decided");
        BriefHttp.Reply shares = http.api("GET", "/shares?assetId=" + assetId, null, admin);
        assertThat(shares.json().path("items").size()).as(shares.body()).isEqualTo(1);
        assertThat(shares.json().path("items").get(0).path("maxDownloads").asInt()).isEqualTo(3);
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result node(Path dir, List<String> args, Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(args);
        Path out = Path.of("target", "console-walk.out").toAbsolutePath();
        Path err = Path.of("target", "console-walk.err").toAbsolutePath();
        Files.createDirectories(out.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(BROWSER_RUN.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("node " + args + " did not finish within " + BROWSER_RUN + "; output so far: "
                    + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
