package dam.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class VisualDiffTest {
    private final VisualDiff diff = new VisualDiff();

    private static BufferedImage withRect(BufferedImage src, Rectangle r, Color c) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.setColor(c);
        g.fill(r);
        g.dispose();
        return out;
    }

    @Test
    void reportsAKnownChangedRectangleAndItsShare() {
        BufferedImage v1 = TestImages.photo(800, 600, 41);
        Rectangle changed = new Rectangle(100, 120, 200, 150);
        BufferedImage v2 = withRect(v1, changed, new Color(255, 0, 255));

        DiffResult r = diff.diff(v1, v2);

        assertThat(r.width()).isEqualTo(800);
        assertThat(r.height()).isEqualTo(600);
        assertThat(r.regions()).hasSize(1);
        assertThat(r.regions().get(0)).isEqualTo(changed);
        assertThat(r.percentChanged()).isCloseTo(100.0 * 200 * 150 / (800 * 600), within(0.3));
        assertThat(r.relativeRegions().get(0).x()).isCloseTo(0.125, within(1e-9));
        assertThat(new Color(r.overlay().getRGB(150, 150))).isEqualTo(Color.RED);
        assertThat(new Color(r.overlay().getRGB(600, 500)).getRed())
                .isEqualTo(new Color(r.overlay().getRGB(600, 500)).getGreen()); // unchanged area is gray
    }

    @Test
    void identicalImagesHaveNoChange() {
        BufferedImage v1 = TestImages.photo(300, 200, 1);
        DiffResult r = diff.diff(v1, v1);
        assertThat(r.changedPixels()).isZero();
        assertThat(r.regions()).isEmpty();
    }

    @Test
    void separateChangesAreSeparateRegionsLargestFirst() {
        BufferedImage v1 = TestImages.solid(400, 300, 0x336699);
        BufferedImage v2 = withRect(withRect(v1, new Rectangle(10, 10, 20, 20), Color.YELLOW),
                new Rectangle(200, 150, 100, 80), Color.YELLOW);
        DiffResult r = diff.diff(v1, v2);
        assertThat(r.regions()).containsExactly(new Rectangle(200, 150, 100, 80), new Rectangle(10, 10, 20, 20));
        assertThat(r.changedPixels()).isEqualTo(100 * 80 + 20 * 20);
    }

    @Test
    void differentSizesAreAlignedToACommonSize() {
        BufferedImage v1 = TestImages.solid(1600, 1200, 0x336699);
        BufferedImage v2 = withRect(TestImages.solid(800, 600, 0x336699), new Rectangle(400, 300, 200, 150),
                Color.WHITE);
        DiffResult r = diff.diff(v1, v2);
        assertThat(r.width()).isEqualTo(800);
        assertThat(r.height()).isEqualTo(600);
        assertThat(r.regions()).hasSize(1);
        Rectangle found = r.regions().get(0);
        assertThat(found.x).isBetween(398, 402);
        assertThat(found.y).isBetween(298, 302);
        assertThat(r.relativeRegions().get(0).width()).isCloseTo(0.25, within(0.01));
        assertThat(r.percentChanged()).isCloseTo(6.25, within(0.5));
    }

    @Test
    void jpegNoiseBelowTheThresholdIsNotAChange() {
        BufferedImage v1 = TestImages.photo(400, 300, 8);
        BufferedImage v2 = TestImages.read(TestImages.jpeg(v1));
        DiffResult r = diff.diff(v1, v2);
        assertThat(r.percentChanged()).isLessThan(1.0);
    }
}
