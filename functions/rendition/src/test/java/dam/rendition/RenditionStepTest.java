package dam.rendition;

import dam.media.testing.TestFiles;

import dam.aws.S3Files;
import dam.core.asset.AssetService;
import dam.core.asset.AssetVersion;
import dam.core.asset.IngestRules;
import dam.core.asset.IngestService;
import dam.core.asset.NewAsset;
import dam.core.asset.NewUpload;
import dam.core.asset.Rendition;
import dam.core.asset.StepResult;
import dam.core.asset.TechMetadata;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.asset.memory.InMemoryDuplicateIndex;
import dam.core.asset.memory.RecordingAssetStorage;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.memory.InMemoryBriefRepository;
import dam.core.memory.RecordingEventPublisher;
import dam.media.Renditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

class RenditionStepTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);
    private static final Principal CREATOR = new Principal("cara", null, Set.of(Role.CREATOR), Set.of("Acme"));

    @TempDir
    Path dir;

    private final InMemoryAssetRepository repo = new InMemoryAssetRepository();
    private final IngestService ingest = new IngestService(repo, new InMemoryDuplicateIndex(),
            new RecordingAssetStorage(), new InMemoryBriefRepository(),
            new RecordingEventPublisher(), IngestRules.defaults(), CLOCK);
    private final Map<String, byte[]> stored = new HashMap<>();

    private AssetVersion processing(String type, long size) {
        AssetService assets = new AssetService(repo, new RecordingAssetStorage(), new InMemoryBriefRepository(),
                IngestRules.defaults(), CLOCK, () -> "a1");
        AssetVersion v = assets.createAsset(CREATOR, new NewAsset("Acme", null, null, null, null, null, null),
                new NewUpload("x." + (type.equals("image/jpeg") ? "jpg" : "mp4"), type, size, null)).version();
        ingest.begin(v.originalKey(), "exec");
        ingest.sniffed("a1", 1, "exec", type, size, "00".repeat(32));
        ingest.described("a1", 1, "exec", TechMetadata.ofImage(type, 3000, 2000, 6, "RGB", false), null);
        return v;
    }

    private RenditionStep step(Path original) {
        return new RenditionStep(ingest, key -> new S3Files.LocalCopy(original, 1, "x"), (key, file, type) -> {
            try {
                stored.put(key, Files.readAllBytes(file));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, new Renditions(), dir.resolve("out"));
    }

    @Test
    void threeOrientedRenditionsAreStoredAndRecordedOnce() throws Exception {
        Path original = Files.write(dir.resolve("o.jpg"), TestFiles.jpeg(3000, 2000, 6));
        processing("image/jpeg", Files.size(original));
        RenditionStep step = step(original);

        StepResult r = step.render("a1", 1, "exec");
        step.render("a1", 1, "exec"); // a retry overwrites the same keys

        assertThat(r.proceed()).isTrue();
        List<Rendition> renditions = repo.findVersion("a1", 1).orElseThrow().renditions();
        assertThat(renditions).extracting(Rendition::name).containsExactly("thumbnail", "preview", "web");
        // Stored 3000x2000 with orientation 6 displays as 2000x3000 (portrait).
        assertThat(renditions).extracting(x -> x.width() + "x" + x.height())
                .containsExactly("171x256", "683x1024", "1365x2048");
        assertThat(stored).containsOnlyKeys("renditions/a1/1/thumbnail.jpg", "renditions/a1/1/preview.jpg",
                "renditions/a1/1/web.jpg");
        BufferedImage web = ImageIO.read(new java.io.ByteArrayInputStream(stored.get("renditions/a1/1/web.jpg")));
        assertThat(web.getWidth()).isEqualTo(1365);
        assertThat(web.getHeight()).isEqualTo(2048);
        try (var files = Files.list(dir.resolve("out"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theThumbnailsColoursBecomeColourTagsThatTaggingKeeps() throws Exception {
        BufferedImage red = new BufferedImage(600, 400, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = red.createGraphics();
        g.setColor(new java.awt.Color(0xD62828));
        g.fillRect(0, 0, 600, 400);
        g.setColor(new java.awt.Color(0x1D4ED8));
        g.fillRect(0, 0, 600, 120); // 30 % blue
        g.dispose();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ImageIO.write(red, "jpg", bytes);
        Path original = Files.write(dir.resolve("o.jpg"), bytes.toByteArray());
        processing("image/jpeg", Files.size(original));

        step(original).render("a1", 1, "exec");
        // The tagging step runs beside the renditions and replaces its own tags, not the colours.
        ingest.tagged("a1", 1, "exec", List.of(dam.core.asset.Tag.ai("label", "poster", 91)));
        step(original).render("a1", 1, "exec"); // a retry replaces the colours, never adds a second set

        List<dam.core.asset.Tag> tags = repo.findVersion("a1", 1).orElseThrow().tags();
        assertThat(tags).filteredOn(t -> t.kind().equals("colour")).extracting(dam.core.asset.Tag::value)
                .containsExactly("red", "blue");
        assertThat(tags).filteredOn(t -> t.kind().equals("colour")).extracting(dam.core.asset.Tag::confidence)
                .allSatisfy(c -> assertThat(c).isBetween(25.0, 75.0));
        assertThat(tags).extracting(dam.core.asset.Tag::value).contains("poster");
    }

    @Test
    void typesThatCannotBeDrawnGetNoRenditions() {
        processing("video/mp4", 100);
        StepResult r = step(dir.resolve("missing.mp4")).render("a1", 1, "exec");
        assertThat(r.proceed()).isTrue();
        assertThat(repo.findVersion("a1", 1).orElseThrow().renditions()).isEmpty();
        assertThat(stored).isEmpty();
    }

    @Test
    void anotherExecutionRendersNothing() throws Exception {
        Path original = Files.write(dir.resolve("o.jpg"), TestFiles.jpeg(300, 200, 1));
        processing("image/jpeg", Files.size(original));
        assertThat(step(original).render("a1", 1, "other").proceed()).isFalse();
        assertThat(stored).isEmpty();
    }
}
