package dam.rendition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dam.aws.S3Files;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.json.Json;
import dam.core.library.DerivativeSpec;
import dam.core.library.Focal;
import dam.core.library.memory.InMemoryLibraryStore;
import dam.media.ImageDecoder;
import dam.media.OutputFormat;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DerivativeStepTest {

    @TempDir
    Path dir;

    private final Map<String, byte[]> stored = new HashMap<>();
    private final InMemoryLibraryStore library = new InMemoryLibraryStore(new InMemoryAssetRepository());
    private final AtomicInteger detections = new AtomicInteger();
    /** A "face" in the right-hand edge of the frame, where a centred square crop would cut it off. */
    private final Focal.FaceBox face = new Focal.FaceBox(0.82, 0.30, 0.12, 0.16);
    private final List<byte[]> detectorInputs = new ArrayList<>();

    private DerivativeStep step(Path original) {
        return new DerivativeStep(key -> new S3Files.LocalCopy(original, 0, "x"), (key, file, type) -> {
            try {
                stored.put(key, Files.readAllBytes(file));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, library, jpeg -> {
            detections.incrementAndGet();
            detectorInputs.add(jpeg);
            return List.of(face);
        }, new ImageDecoder(), dir.resolve("work"));
    }

    private Path photo(int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.PINK);
        g.fillOval((int) (face.x() * w), (int) (face.y() * h), (int) (face.width() * w), (int) (face.height() * h));
        g.dispose();
        Path p = dir.resolve("photo.jpg");
        ImageIO.write(img, "jpeg", p.toFile());
        return p;
    }

    private static DerivativeSpec crop(String key, String format, int w, int h, Focal focal) {
        return new DerivativeSpec("a1", 1, "originals/a1/1/photo.jpg", "image/jpeg", key, format, DerivativeSpec.CROP,
                "instagram-square", w, h, focal);
    }

    @Test
    void aPresetCropHasTheExactSizeAndKeepsTheDetectedFaceInFrame() throws Exception {
        DerivativeStep step = step(photo(3000, 2000));
        Focal used = step.derive(crop("downloads/a1/1/sq.png", "png", 1080, 1080, null));
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(stored.get("downloads/a1/1/sq.png")));
        assertThat(out.getWidth()).isEqualTo(1080);
        assertThat(out.getHeight()).isEqualTo(1080);
        assertThat(used.source()).isEqualTo("faces");
        // The crop is 2000×2000 of 3000×2000: it must span the face's x range 2460..2820.
        double cropLeft = Math.max(0, Math.min(1000, used.x() * 3000 - 1000));
        assertThat(cropLeft).isLessThanOrEqualTo(face.x() * 3000);
        assertThat(cropLeft + 2000).isGreaterThanOrEqualTo((face.x() + face.width()) * 3000);
        // The face (pink) is in the output: its centre maps inside the 1080 px square.
        int fx = (int) (((face.x() + face.width() / 2) * 3000 - cropLeft) * 1080 / 2000);
        int fy = (int) ((face.y() + face.height() / 2) * 2000 * 1080 / 2000);
        Color c = new Color(out.getRGB(fx, fy));
        assertThat(c.getRed()).isGreaterThan(200);
        assertThat(library.detectedFocal("a1", 1)).contains(used);
        ImageIO.read(new ByteArrayInputStream(detectorInputs.get(0))); // the detector got a readable JPEG
        step.derive(crop("downloads/a1/1/story.jpg", "jpeg", 1080, 1920, null));
        assertThat(detections.get()).as("detected once per version").isEqualTo(1);
    }

    @Test
    void aManualFocalPointWinsOverDetection() throws Exception {
        DerivativeStep step = step(photo(3000, 2000));
        Focal used = step.derive(crop("downloads/a1/1/m.jpg", "jpeg", 500, 500, Focal.manual(0.1, 0.5)));
        assertThat(used.source()).isEqualTo("manual");
        assertThat(detections.get()).isZero();
    }

    @Test
    void aFitScalesDownKeepingTheAspectAndNeverUp() throws Exception {
        DerivativeStep step = step(photo(1600, 1200));
        step.derive(new DerivativeSpec("a1", 1, "k", "image/jpeg", "w.gif", "gif", DerivativeSpec.FIT, null, 800, 0,
                null));
        BufferedImage w = ImageIO.read(new ByteArrayInputStream(stored.get("w.gif")));
        assertThat(w.getWidth()).isEqualTo(800);
        assertThat(w.getHeight()).isEqualTo(600);
        step.derive(new DerivativeSpec("a1", 1, "k", "image/jpeg", "full.tif", "tiff", DerivativeSpec.FIT, null, 0,
                0, null));
        BufferedImage full = ImageIO.read(new ByteArrayInputStream(stored.get("full.tif")));
        assertThat(full.getWidth()).isEqualTo(1600);
        step.derive(new DerivativeSpec("a1", 1, "k", "image/jpeg", "up.png", "png", DerivativeSpec.FIT, null, 0,
                5000, null));
        assertThat(ImageIO.read(new ByteArrayInputStream(stored.get("up.png"))).getHeight()).isEqualTo(1200);
    }

    @Test
    void webpIsRefusedWithAPlainMessageThroughTheHandler() throws Exception {
        assertThat(OutputFormat.WEBP.writable()).isFalse();
        assertThat(dam.core.library.DownloadService.DEFAULT_FORMATS).as("what the API offers = what we can write")
                .isEqualTo(OutputFormat.writableFormats().stream().map(f -> f == OutputFormat.JPEG ? "jpeg"
                        : f == OutputFormat.TIFF ? "tiff" : f.extension()).collect(java.util.stream.Collectors.toSet()));
        RenditionHandler handler = new RenditionHandler(null, step(photo(400, 300)), Json.mapper());
        String request = "{\"op\":\"derive\",\"spec\":" + Json.mapper().writeValueAsString(
                crop("x.webp", "webp", 100, 100, null)) + "}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(request.getBytes()), out, null);
        JsonNode answer = Json.mapper().readTree(out.toByteArray());
        assertThat(answer.path("ok").asBoolean()).isFalse();
        assertThat(answer.path("message").asText()).contains("webp output not available");
        assertThat(stored).isEmpty();
        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream("{\"op\":\"nope\"}".getBytes()),
                new ByteArrayOutputStream(), null)).isInstanceOf(IllegalArgumentException.class);
    }
}
