package dam.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashesTest {
    @TempDir
    Path dir;

    @Test
    void sha256KnownVectorAndStreamingMatchesOneShot() throws Exception {
        assertThat(Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        byte[] data = new byte[3 * 65536 + 17];
        new Random(1).nextBytes(data);
        Path f = Files.write(dir.resolve("blob"), data);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        assertThat(Sha256.of(f)).isEqualTo(expected);
        assertThat(Sha256.of(new ByteArrayInputStream(data))).isEqualTo(expected);
    }

    @Test
    void nearDuplicatesAreCloseAndDifferentPicturesAreFar() throws IOException {
        BufferedImage original = TestImages.photo(1200, 800, 31);
        Path a = TestImages.write(dir, "a.png", TestImages.encode(original, "png"));
        // the same picture, re-encoded as JPEG at a smaller size
        Path b = TestImages.write(dir, "b.jpg", TestImages.jpeg(Renditions.resize(original, 600, 400)));
        Path c = TestImages.write(dir, "c.png", TestImages.encode(TestImages.photo(1200, 800, 99), "png"));
        Path d = TestImages.write(dir, "d.png", TestImages.encode(flipped(original), "png"));

        PerceptualHash ph = new PerceptualHash();
        long ha = ph.of(a);
        long hb = ph.of(b);
        long hc = ph.of(c);
        long hd = ph.of(d);

        assertThat(PerceptualHash.hamming(ha, hb)).isLessThanOrEqualTo(PerceptualHash.NEAR_DUPLICATE_DISTANCE);
        assertThat(PerceptualHash.hamming(ha, hc)).isGreaterThan(PerceptualHash.NEAR_DUPLICATE_DISTANCE);
        assertThat(PerceptualHash.hamming(ha, hd)).isGreaterThan(PerceptualHash.NEAR_DUPLICATE_DISTANCE);
        assertThat(PerceptualHash.fromHex(PerceptualHash.toHex(ha))).isEqualTo(ha);
        assertThat(PerceptualHash.toHex(ha)).hasSize(16);
        assertThatThrownBy(() -> PerceptualHash.fromHex("xyz")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hammingCountsDifferingBits() {
        assertThat(PerceptualHash.hamming(0L, 0L)).isZero();
        assertThat(PerceptualHash.hamming(0L, -1L)).isEqualTo(64);
        assertThat(PerceptualHash.hamming(0b1011L, 0b0001L)).isEqualTo(2);
    }

    private static BufferedImage flipped(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                out.setRGB(src.getWidth() - 1 - x, y, src.getRGB(x, y));
            }
        }
        return out;
    }
}
