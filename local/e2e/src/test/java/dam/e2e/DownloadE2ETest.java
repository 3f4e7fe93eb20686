package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.asset.AssetVersion;
import dam.core.asset.UploadTicket;
import dam.core.asset.VersionState;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 downloads through the deployed HTTP API: permission → rights → a derivative rendered once by the rendition
 * function into the derivatives bucket → 302 to a presigned GET. A JPEG whose only face sits at the right edge,
 * downloaded as a 1080×1080 PNG, keeps the detected face box in the crop; a 60 MB TIFF converts to JPEG and downloads
 * via the redirect; bad input is a 400 that renders nothing.
 */
@ExtendWith(CloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DownloadE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private IngestFixture f;
    private TestCloud cloud;
    private String token;

    @BeforeAll
    void fixture(TestCloud cloud) {
        this.cloud = cloud;
        f = new IngestFixture(cloud);
        token = cloud.cloud().apigateway().issueToken("cara@acme.example", List.of("creator"), List.of("Acme"));
    }

    @AfterAll
    void close() {
        f.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(90)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Follows a download's redirect like a browser: a plain GET of the presigned URL, no credentials. */
    private byte[] follow(HttpResponse<String> redirect) throws Exception {
        assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("X-Amz-Signature").contains("X-Amz-Expires=300");
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(location)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private String ingested(String name, String type, byte[] bytes) throws Exception {
        UploadTicket t = f.request(name, type, bytes.length);
        assertThat(f.put(t.plan().url(), type, bytes).statusCode()).isEqualTo(200);
        AssetVersion v = f.awaitTerminal(t.asset().id(), 1, Duration.ofSeconds(120));
        assertThat(v.state()).as("%s", v.reasons()).isEqualTo(VersionState.READY);
        return t.asset().id();
    }

    /** The astronaut (NASA, Debian python3-skimage) at the right of a 2:1 frame: a centred square would lose her. */
    private static byte[] astronautAtTheRightEdge() throws Exception {
        BufferedImage face = ImageIO.read(IngestE2ETest.ASTRONAUT.toFile());
        BufferedImage wide = new BufferedImage(2048, 1024, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = wide.createGraphics();
        g.setColor(new java.awt.Color(30, 60, 90));
        g.fillRect(0, 0, 2048, 1024);
        g.drawImage(face, 1024, 0, 1024, 1024, null);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(wide, "jpeg", out);
        return out.toByteArray();
    }

    @Test
    void aPresetCropKeepsTheDetectedFaceAndIsCachedByVersionPresetAndFormat() throws Exception {
        String id = ingested("astronaut wide.jpg", "image/jpeg", astronautAtTheRightEdge());

        HttpResponse<String> first = get("/assets/" + id + "/download?preset=instagram-square&format=png");
        byte[] png = follow(first);
        assertThat(JSON.readTree(first.body()).path("cached").asBoolean()).isFalse();
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(png[1]).isEqualTo((byte) 'P');
        assertThat(out.getWidth()).isEqualTo(1080);
        assertThat(out.getHeight()).isEqualTo(1080);

        JsonNode focal = JSON.readTree(get("/assets/" + id + "/focal-point").body()).path("detected");
        assertThat(focal.path("source").asText()).isEqualTo("faces");
        JsonNode box = focal.path("faces").get(0);
        // The square crop of a 2048×1024 frame is 1024 px wide; the face box (relative to 2048) must lie inside it.
        double cropLeft = Math.max(0, Math.min(1024, focal.path("x").asDouble() * 2048 - 512));
        assertThat(box.path("x").asDouble() * 2048).isGreaterThanOrEqualTo(cropLeft);
        assertThat((box.path("x").asDouble() + box.path("width").asDouble()) * 2048)
                .isLessThanOrEqualTo(cropLeft + 1024);
        assertThat(box.path("x").asDouble()).as("the face is in the right half").isGreaterThan(0.5);

        HttpResponse<String> again = get("/assets/" + id + "/download?preset=instagram-square&format=png");
        assertThat(JSON.readTree(again.body()).path("cached").asBoolean()).isTrue();
        assertThat(follow(again)).isEqualTo(png);
        assertThat(f.keys(f.derivatives, "downloads/" + id + "/")).containsExactly(
                "downloads/" + id + "/1/instagram-square-1080x1080-auto.png");

        byte[] original = follow(get("/assets/" + id + "/download"));
        assertThat(original).isEqualTo(f.s3.getObjectAsBytes(r -> r.bucket(f.originals)
                .key(f.version(id, 1).originalKey())).asByteArray());
    }

    @Test
    void badInputIsA400AndOtherBrandsSeeNothing() throws Exception {
        String id = ingested("small.jpg", "image/jpeg", IngestFixture.jpeg(800, 600, 1));
        for (String q : List.of("preset=billboard", "width=20001&height=10", "width=-5", "format=webp",
                "format=bmp", "width=1%27%20OR%201%3D1", "version=0")) {
            HttpResponse<String> r = get("/assets/" + id + "/download?" + q);
            assertThat(r.statusCode()).as(q + " → " + r.body()).isEqualTo(400);
        }
        assertThat(get("/assets/" + id + "/download?format=webp").body()).contains("webp output not available");
        assertThat(f.keys(f.derivatives, "downloads/" + id + "/")).isEmpty();
        String zest = cloud.cloud().apigateway().issueToken("oscar@zest.example", List.of("brand-manager"),
                List.of("Zest"));
        HttpResponse<String> hidden = http.send(HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint()
                + "/assets/" + id + "/download")).header("Authorization", "Bearer " + zest).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(hidden.statusCode()).isEqualTo(404);
        byte[] fitted = follow(get("/assets/" + id + "/download?format=gif&width=400"));
        BufferedImage gif = ImageIO.read(new ByteArrayInputStream(fitted));
        assertThat(gif.getWidth()).isEqualTo(400);
        assertThat(gif.getHeight()).isEqualTo(300);
    }

    @Test
    void aSixtyMegabyteTiffConvertsAndDownloadsViaRedirect(@TempDir Path dir) throws Exception {
        int side = 4500; // 4500 × 4500 × 3 bytes ≈ 60.75 MB uncompressed
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int i = (y * side + x) * 3;
                data[i] = (byte) (x * 255 / side);
                data[i + 1] = (byte) (y * 255 / side);
                data[i + 2] = (byte) ((x ^ y) & 0xFF);
            }
        }
        Path tiff = dir.resolve("big.tif");
        ImageIO.write(img, "tiff", tiff.toFile());
        img = null;
        assertThat(Files.size(tiff)).isGreaterThan(60_000_000);
        // Ingest of big files has its own tests (IngestMultipartE2ETest); this one is about the conversion and the
        // redirect, so the version is written as ingest leaves it (ready, SHA-256, original in the bucket).
        String id = new LibrarySeed(cloud).readyAsset("big.tif", "image/tiff", tiff);

        long start = System.nanoTime();
        byte[] jpeg = follow(get("/assets/" + id + "/download?format=jpeg"));
        System.out.printf("download e2e: 60 MB TIFF → full-size JPEG (%d bytes) in %d ms%n", jpeg.length,
                (System.nanoTime() - start) / 1_000_000);
        assertThat(jpeg[0]).isEqualTo((byte) 0xFF);
        assertThat(jpeg[1]).isEqualTo((byte) 0xD8);
        var reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            assertThat(reader.getWidth(0)).isEqualTo(side);
            assertThat(reader.getHeight(0)).isEqualTo(side);
        } finally {
            reader.dispose();
        }
    }
}
