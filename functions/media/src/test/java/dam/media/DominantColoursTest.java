package dam.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class DominantColoursTest {

    @Test
    void solidColoursGetTheirNames() {
        assertThat(names(TestImages.solid(64, 64, 0xD62828))).containsExactly("red");
        assertThat(names(TestImages.solid(64, 64, 0x1D4ED8))).containsExactly("blue");
        assertThat(names(TestImages.solid(64, 64, 0x22A34A))).containsExactly("green");
        assertThat(names(TestImages.solid(64, 64, 0xF5F5F5))).containsExactly("white");
        assertThat(names(TestImages.solid(64, 64, 0x101010))).containsExactly("black");
        assertThat(names(TestImages.solid(64, 64, 0x808080))).containsExactly("grey");
        assertThat(names(TestImages.solid(64, 64, 0x6B3E1E))).containsExactly("brown");
    }

    @Test
    void theLargestAreasComeFirstAndSmallOnesAreLeftOut() {
        BufferedImage img = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0x1D4ED8)); // 60 % blue
        g.fillRect(0, 0, 100, 60);
        g.setColor(new Color(0xF5F5F5)); // 35 % white
        g.fillRect(0, 60, 100, 35);
        g.setColor(new Color(0xD62828)); // 5 % red: below the share that names a colour
        g.fillRect(0, 95, 100, 5);
        g.dispose();

        var colours = DominantColours.of(img);

        assertThat(colours).extracting(DominantColours.Colour::name).containsExactly("blue", "white");
        assertThat(colours.get(0).share()).isCloseTo(0.60, org.assertj.core.data.Offset.offset(0.02));
        assertThat(colours.get(1).share()).isCloseTo(0.35, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void transparentPixelsAreNotCounted() {
        BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0xD62828));
        g.fillRect(0, 0, 10, 40); // a quarter red, the rest fully transparent (black if counted)
        g.dispose();
        assertThat(names(img)).containsExactly("red");
    }

    @Test
    void atMostThreeAreNamedAndEveryBinIsReachable() {
        BufferedImage img = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        int[] stripes = {0xD62828, 0x1D4ED8, 0x22A34A, 0xF2D024};
        for (int i = 0; i < stripes.length; i++) {
            g.setColor(new Color(stripes[i]));
            g.fillRect(i * 25, 0, 25, 100);
        }
        g.dispose();
        assertThat(DominantColours.of(img)).hasSize(DominantColours.MAX);
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (int h = 0; h < 360; h += 5) {
            for (float s : new float[]{0.05f, 0.5f, 1f}) {
                for (float b : new float[]{0.1f, 0.4f, 0.55f, 0.95f}) {
                    seen.add(DominantColours.name(h, s, b));
                }
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(DominantColours.NAMES);
    }

    private static java.util.List<String> names(BufferedImage img) {
        return DominantColours.of(img).stream().map(DominantColours.Colour::name).toList();
    }
}
