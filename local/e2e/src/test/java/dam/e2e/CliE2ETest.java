package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 10 (CLI): {@code dam import} of a folder of 50 real photos into a brief, run as its own process the way
 * {@code ./dam import} runs it, killed (SIGKILL) after 20 uploads and run again: only the missing files are uploaded,
 * and the brief ends with exactly 50 assets of one ready version each. Then {@code dam export} by a search with a
 * preset writes files of the preset's size (a second run fetches nothing), and {@code dam audit verify} says OK.
 */
@ExtendWith(CloudExtension.class)
class CliE2ETest {

    private static final int FILES = 50;
    private static final int KILL_AFTER = 20;
    private static final int HEROES = 5;
    private static final Path SKIMAGE = Path.of("/usr/lib/python3/dist-packages/skimage/data");
    /** A guard against a hung CLI only (a loaded 2-core machine is slow, not stuck). */
    private static final Duration RUN = Duration.ofSeconds(300);

    private final TestCloud cloud;
    private final BriefHttp http;

    @TempDir
    Path photos;

    @TempDir
    Path exported;

    CliE2ETest(TestCloud cloud) {
        this.cloud = cloud;
        this.http = new BriefHttp(cloud);
    }

    /** A CLI process: its output lines as they come, and an optional action when a line matches. */
    private static final class Child {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final Thread reader;

        Child(Process process, Predicate<List<String>> killWhen) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                        if (killWhen.test(lines)) {
                            process.destroyForcibly(); // SIGKILL: no shutdown hook, no chance to tidy up
                        }
                    }
                } catch (IOException e) {
                    lines.add("(output closed: " + e + ")");
                }
            }, "cli-output");
            reader.start();
        }

        int await() throws InterruptedException {
            assertThat(process.waitFor(RUN.toSeconds(), TimeUnit.SECONDS)).as("the CLI finished: %s", lines)
                    .isTrue();
            reader.join(RUN.toMillis());
            return process.exitValue();
        }

        long count(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).count();
        }

        String output() {
            return String.join("\n", lines);
        }
    }

    private Child cli(Predicate<List<String>> killWhen, String token, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dam.cli.DamCli"));
        command.addAll(List.of(args));
        command.addAll(List.of("--api", cloud.cloud().apiEndpoint().toString(), "--progress", "lines"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DAM_TOKEN", token);
        return new Child(pb.start(), killWhen);
    }

    private Child cli(String token, String... args) throws IOException {
        return cli(lines -> false, token, args);
    }

    @Test
    void importKilledAfter20UploadsResumesWithoutDuplicatesThenExportsAndVerifies() throws Exception {
        String tag = "cli" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String user = tag + "@acme.example";
        String token = http.token(user, "creator");
        String brief = http.create(BriefHttp.brief("CLI import " + tag), token).path("id").asText();
        writePhotos(tag);
        long t0 = System.nanoTime();

        // 1. Killed after the 20th upload (two files at a time, so the kill lands mid-run).
        Child first = cli(lines -> lines.stream().filter(l -> l.startsWith("uploaded ")).count() >= KILL_AFTER,
                token, "import", photos.toString(), "--brief", brief, "--parallel", "2");
        int killedWith = first.await();
        assertThat(killedWith).as(first.output()).isNotZero();
        assertThat(first.output()).doesNotContain("done:");
        List<JsonNode> journal = journal();
        Set<String> uploadedBefore = files(journal, "uploaded");
        assertThat(uploadedBefore.size()).as("journalled uploads when killed").isBetween(KILL_AFTER, FILES - 1);
        System.out.printf("CliE2ETest: killed after %d uploads (%d journalled) in %.1f s%n",
                first.count("uploaded "), uploadedBefore.size(), (System.nanoTime() - t0) / 1e9);

        // 2. The rerun sends only what is missing and waits for every version.
        long t1 = System.nanoTime();
        Child second = cli(token, "import", photos.toString(), "--brief", brief, "--parallel", "4");
        assertThat(second.await()).as(second.output()).isZero();
        long uploadedAgain = second.count("uploaded ");
        // A file whose PUT had finished but was not journalled yet may be sent once more (same key, same version).
        assertThat(uploadedAgain).as(second.output()).isBetween((long) FILES - uploadedBefore.size() - 1,
                (long) FILES - uploadedBefore.size());
        assertThat(second.output()).contains(FILES + "/" + FILES).contains("done: " + FILES + " files — " + FILES
                + " ready, 0 rejected, 0 refused, 0 failed, 0 still processing");
        System.out.printf("CliE2ETest: rerun uploaded %d, all %d ready in %.1f s%n", uploadedAgain, FILES,
                (System.nanoTime() - t1) / 1e9);

        // Exactly 50 assets in the brief, one ready version each, the ones the journal names.
        Set<String> journalAssets = new HashSet<>();
        journal().forEach(r -> journalAssets.add(r.path("assetId").asText()));
        List<Map<String, AttributeValue>> metas = cloud.dynamodb().queryPaginator(q -> q.tableName("dam")
                .indexName("GSI1").keyConditionExpression("GSI1PK = :b")
                .expressionAttributeValues(Map.of(":b", AttributeValue.fromS("ASSETS#BRIEF#" + brief)))).items()
                .stream().toList();
        Set<String> briefAssets = new HashSet<>();
        metas.forEach(m -> briefAssets.add(m.get("PK").s().substring("ASSET#".length())));
        assertThat(metas).hasSize(FILES);
        assertThat(briefAssets).isEqualTo(journalAssets);
        for (String id : briefAssets) {
            List<Map<String, AttributeValue>> versions = cloud.dynamodb().query(q -> q.tableName("dam")
                    .keyConditionExpression("PK = :p AND begins_with(SK, :v)").expressionAttributeValues(Map.of(
                            ":p", AttributeValue.fromS("ASSET#" + id), ":v", AttributeValue.fromS("V#")))).items();
            assertThat(versions).as("versions of %s", id).hasSize(1);
            assertThat(versions.get(0).get("state").s()).isEqualTo("ready");
        }

        // 3. Export the hero shots as a preset, once the search index has them.
        String query = tag + " hero";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> http.api("GET",
                "/search?q=" + tag + "%20hero", null, token).json().path("total").asInt() == HEROES);
        long t2 = System.nanoTime();
        Child export = cli(token, "export", query, exported.toString(), "--preset", "instagram-square",
                "--format", "png");
        assertThat(export.await()).as(export.output()).isZero();
        List<Path> pngs;
        try (var list = Files.list(exported)) {
            pngs = list.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
        }
        assertThat(pngs).hasSize(HEROES);
        for (Path png : pngs) {
            assertThat(png.getFileName().toString()).contains("hero").endsWith("-instagram-square.png");
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img.getWidth()).isEqualTo(1080);
            assertThat(img.getHeight()).isEqualTo(1080);
        }
        System.out.printf("CliE2ETest: exported %d presets in %.1f s%n", HEROES, (System.nanoTime() - t2) / 1e9);
        Child exportAgain = cli(token, "export", query, exported.toString(), "--preset", "instagram-square",
                "--format", "png");
        assertThat(exportAgain.await()).as(exportAgain.output()).isZero();
        assertThat(exportAgain.output()).contains("0 saved, " + HEROES + " unchanged");

        // 4. The audit chain of an imported asset verifies.
        String some = briefAssets.iterator().next();
        Child audit = cli(token, "audit", "verify", some);
        assertThat(audit.await()).as(audit.output()).isZero();
        assertThat(audit.output()).contains("OK " + some);

        // 5. An unknown brief is a clear message and exit code 3, nothing uploaded.
        Child unknown = cli(token, "import", photos.toString(), "--brief", "no-such-brief");
        assertThat(unknown.await()).isEqualTo(3);
        assertThat(unknown.output()).contains("brief no-such-brief not found");
        System.out.printf("CliE2ETest: %.1f s in all%n", (System.nanoTime() - t0) / 1e9);
    }

    /** 50 distinct small JPEGs cut from the real photos Debian's python3-skimage ships; 5 are named "hero". */
    private void writePhotos(String tag) throws IOException {
        List<BufferedImage> sources = new ArrayList<>();
        for (String name : List.of("astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg", "motorcycle_left.png",
                "hubble_deep_field.jpg", "retina.jpg")) {
            Path p = SKIMAGE.resolve(name);
            if (Files.exists(p)) {
                sources.add(ImageIO.read(p.toFile()));
            }
        }
        assertThat(sources).as("python3-skimage sample photos (installed by ./dam)").hasSizeGreaterThan(2);
        for (int i = 0; i < FILES; i++) {
            BufferedImage src = sources.get(i % sources.size());
            int w = src.getWidth() * 2 / 3;
            int h = src.getHeight() * 2 / 3;
            int x = (i * 37) % (src.getWidth() - w + 1);
            int y = (i * 53) % (src.getHeight() - h + 1);
            BufferedImage out = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, 320, 240, x, y, x + w, y + h, null);
            g.dispose();
            String name = String.format("%s-%s-%02d.jpg", tag, i < HEROES ? "hero" : "shot", i);
            Path target = photos.resolve(i % 2 == 0 ? name : "day2/" + name); // sub-folders are imported too
            Files.createDirectories(target.getParent());
            ImageIO.write(out, "jpeg", target.toFile());
        }
    }

    private List<JsonNode> journal() throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(photos.resolve(".dam-import.jsonl"))) {
            if (line.endsWith("}")) {
                records.add(BriefHttp.JSON.readTree(line));
            }
        }
        return records;
    }

    private static Set<String> files(List<JsonNode> journal, String stage) {
        Set<String> files = new HashSet<>();
        journal.stream().filter(r -> r.path("stage").asText().equals(stage)).forEach(r -> files.add(
                r.path("file").asText()));
        return files;
    }
}
