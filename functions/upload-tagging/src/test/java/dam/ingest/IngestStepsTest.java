package dam.ingest;

import dam.media.testing.TestFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.S3Files;
import dam.core.asset.AssetService;
import dam.core.asset.AssetVersion;
import dam.core.asset.IngestRules;
import dam.core.asset.IngestService;
import dam.core.asset.NewAsset;
import dam.core.asset.NewUpload;
import dam.core.asset.StepResult;
import dam.core.asset.Tag;
import dam.core.asset.VersionState;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.asset.memory.InMemoryDuplicateIndex;
import dam.core.asset.memory.RecordingAssetStorage;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.json.Json;
import dam.core.memory.InMemoryBriefRepository;
import dam.core.memory.RecordingEventPublisher;
import dam.media.ImageDecoder;
import dam.media.Metadata;
import dam.media.PerceptualHash;
import dam.media.Renditions;
import dam.media.Sniffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The file-reading ingest steps on real media code, in-memory ports and generated files. */
class IngestStepsTest {

    private static final String EXEC = "exec-1";
    private static final Principal CREATOR = new Principal("cara", null, Set.of(Role.CREATOR), Set.of("Acme"));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final InMemoryAssetRepository repo = new InMemoryAssetRepository();
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final RecordingAssetStorage storage = new RecordingAssetStorage();
    private final AtomicInteger ids = new AtomicInteger();
    private final IngestRules rules = IngestRules.defaults();
    private final AssetService assets = new AssetService(repo, storage, new InMemoryBriefRepository(), rules, CLOCK,
            () -> "a" + ids.incrementAndGet());
    private final IngestService ingest = new IngestService(repo, new InMemoryDuplicateIndex(), storage, new InMemoryBriefRepository(), events, rules, CLOCK);
    private final List<Integer> taggedImageSizes = new ArrayList<>();

    private IngestStepHandler handler(Path file) {
        Renditions renditions = new Renditions(new ImageDecoder(), 1.0);
        IngestSteps steps = new IngestSteps(ingest, key -> copy(file), new Sniffer(), new Metadata(),
                new PerceptualHash(renditions), renditions, jpeg -> {
            taggedImageSizes.add(jpeg.length);
            return List.of(Tag.ai("label", "person", 97), Tag.ai("face", "face", 99.2));
        });
        return new IngestStepHandler(ingest, steps, Json.mapper());
    }

    private AssetVersion uploaded(String name, String type, byte[] bytes) throws Exception {
        return assets.createAsset(CREATOR, new NewAsset("Acme", null, "Spring", "web", null, null, null),
                new NewUpload(name, type, (long) bytes.length, null)).version();
    }

    private StepResult run(IngestStepHandler h, AssetVersion v, String step) throws Exception {
        ObjectMapper json = Json.mapper();
        var payload = json.createObjectNode().put("step", step).put("assetId", v.assetId())
                .put("version", v.number()).put("execution", EXEC).put("key", v.originalKey());
        return h.handle(payload);
    }

    private StepResult ingestUntilStop(byte[] bytes, String name, String type) throws Exception {
        Path file = Files.write(dir.resolve("upload.bin"), bytes);
        AssetVersion v = uploaded(name, type, bytes);
        IngestStepHandler h = handler(file);
        StepResult r = run(h, v, "begin");
        for (String step : List.of("sniff", "metadata", "quality", "tags", "duplicates", "naming", "complete")) {
            if (!r.proceed()) {
                return r;
            }
            r = run(h, v, step);
        }
        return r;
    }

    @Test
    void aRotatedPhotoIsReadyWithDisplayDimensionsHashAndTags() throws Exception {
        byte[] photo = TestFiles.jpeg(3000, 2000, 6);
        StepResult r = ingestUntilStop(photo, "Hero Shot.JPG", "image/jpeg");

        assertThat(r.state()).isEqualTo("ready");
        AssetVersion v = repo.findVersion("a1", 1).orElseThrow();
        assertThat(v.state()).isEqualTo(VersionState.READY);
        assertThat(v.detectedType()).isEqualTo("image/jpeg");
        assertThat(v.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(photo)));
        assertThat(v.tech().orientation()).isEqualTo(6);
        assertThat(v.tech().displayWidth()).isEqualTo(2000);
        assertThat(v.tech().displayHeight()).isEqualTo(3000);
        assertThat(v.phash()).matches("[0-9a-f]{16}");
        assertThat(v.standardName()).isEqualTo("acme_spring_web_2000x3000_v1.jpg");
        assertThat(v.tags()).extracting(Tag::value).contains("person", "face", "people");
        assertThat(taggedImageSizes).hasSize(1).allMatch(n -> n < 5 * 1024 * 1024);
        assertThat(events.events()).hasSize(1);
    }

    @Test
    void anExecutableNamedJpgIsRejectedAndDeleted() throws Exception {
        StepResult r = ingestUntilStop(TestFiles.exe(), "photo.jpg", "image/jpeg");
        assertThat(r.state()).isEqualTo("rejected");
        assertThat(r.reasons()).extracting(dam.core.asset.Reason::code).containsAnyOf("executable", "type_mismatch");
        assertThat(storage.deletedOriginals()).containsExactly("originals/a1/1/photo.jpg");
    }

    @Test
    void aTruncatedJpegIsRejected() throws Exception {
        StepResult r = ingestUntilStop(TestFiles.truncated(TestFiles.jpeg(800, 600, 1)), "cut.jpg", "image/jpeg");
        assertThat(r.state()).isEqualTo("rejected");
        assertThat(r.reasons().get(0).code()).isEqualTo("truncated");
    }

    @Test
    void aPixelBombIsRefusedFromItsHeader() throws Exception {
        StepResult r = ingestUntilStop(TestFiles.pngDeclaring(50_000, 50_000), "bomb.png", "image/png");
        assertThat(r.state()).isEqualTo("rejected");
        assertThat(r.reasons().get(0).code()).isIn("pixel_bomb", "too_many_pixels");
        assertThat(r.reasons().get(0).message()).contains("50000");
    }

    @Test
    void anEmptyFileIsRejected() throws Exception {
        StepResult r = ingestUntilStop(new byte[0], "empty.jpg", "image/jpeg");
        assertThat(r.state()).isEqualTo("rejected");
        assertThat(r.reasons().get(0).code()).isEqualTo("empty_file");
        assertThat(events.events()).hasSize(1);
        assertThat(events.events().get(0).detailType()).isEqualTo("Asset Version Rejected");
    }

    private static S3Files.LocalCopy copy(Path file) {
        try {
            byte[] b = Files.readAllBytes(file);
            return new S3Files.LocalCopy(file, b.length, HexFormat.of().formatHex(MessageDigest
                    .getInstance("SHA-256").digest(b)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
