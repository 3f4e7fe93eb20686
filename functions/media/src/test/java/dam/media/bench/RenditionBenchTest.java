package dam.media.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dam.media.OutputFormat;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's one-shot row runs (it once exited 1: the fresh JVM could not find RenditionOnce). */
class RenditionBenchTest {

    @TempDir
    Path dir;

    @Test
    void theOneShotCommandRendersInAFreshJvm() throws Exception {
        Path src = dir.resolve("src.jpg");
        BufferedImage img = new BufferedImage(1600, 1000, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, (x * 255 / 1600) << 16 | (y * 255 / 1000) << 8 | 0x40);
            }
        }
        assertTrue(ImageIO.write(img, "jpeg", src.toFile()));
        Path out = dir.resolve("once.jpg");

        Process p = new ProcessBuilder(RenditionBench.oneShot(src, out, OutputFormat.JPEG)).redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "fresh JVM finished");

        assertEquals(0, p.exitValue(), output);
        BufferedImage rendered = ImageIO.read(out.toFile());
        assertEquals(1024, rendered.getWidth());
        assertEquals(640, rendered.getHeight());
    }

    @Test
    void aFailedToolIsReportedByItsOwnFirstLineNotByTheTimeReport() {
        String output = """
                Error: Could not find or load main class dam.media.bench.RenditionOnce
                Caused by: java.lang.ClassNotFoundException: dam.media.bench.RenditionOnce
                \tCommand exited with non-zero status 1
                \tCommand being timed: "java -cp x dam.media.bench.RenditionOnce a b JPEG"
                \tMaximum resident set size (kbytes): 40000
                \tExit status: 1
                """;
        assertEquals("Error: Could not find or load main class dam.media.bench.RenditionOnce …",
                RenditionBench.toolOutput(output));
        assertEquals("no output", RenditionBench.toolOutput("\tCommand being timed: \"x\"\n\tExit status: 2\n"));
    }
}
