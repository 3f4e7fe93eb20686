package dam.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CropsTest {
    @TempDir
    Path dir;

    private final Crops crops = new Crops();

    @Test
    void defaultPresetsAreData() {
        assertThat(CropPresets.DEFAULTS.get("instagram")).isEqualTo(new CropPreset("instagram", 1080, 1080));
        assertThat(CropPresets.DEFAULTS.get("story")).isEqualTo(new CropPreset("story", 1080, 1920));
        assertThat(CropPresets.DEFAULTS.get("linkedin")).isEqualTo(new CropPreset("linkedin", 1200, 627));
        assertThat(CropPresets.DEFAULTS.get("web-hero")).isEqualTo(new CropPreset("web-hero", 2400, 1000));
    }

    @Test
    void presetsLoadFromJsonAndBadOnesAreRefused() {
        CropPresets brand = CropPresets.fromJson(new ByteArrayInputStream(
                "[{\"name\":\"banner\",\"width\":728,\"height\":90}]".getBytes(StandardCharsets.UTF_8)));
        assertThat(brand.get("banner").aspect()).isCloseTo(728 / 90.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThatThrownBy(() -> brand.get("instagram")).hasMessageContaining("unknown preset 'instagram'");
        assertThatThrownBy(() -> CropPresets.fromJson(new ByteArrayInputStream(
                "[{\"name\":\"huge\",\"width\":30000,\"height\":90}]".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("20000");
        assertThatThrownBy(() -> new CropPreset("neg", -5, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CropPreset("../x", 5, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void planIsTheLargestCropOfThePresetAspectCentredOnTheFocalPoint() {
        Rectangle r = Crops.plan(6000, 4000, new CropPreset("instagram", 1080, 1080), new FocalPoint(0.5, 0.5, "x"),
                List.of());
        assertThat(r).isEqualTo(new Rectangle(1000, 0, 4000, 4000));
        Rectangle right = Crops.plan(6000, 4000, new CropPreset("instagram", 1080, 1080),
                new FocalPoint(0.9, 0.5, "x"), List.of());
        assertThat(right).isEqualTo(new Rectangle(2000, 0, 4000, 4000)); // clamped at the right edge
        Rectangle hero = Crops.plan(6000, 4000, new CropPreset("web-hero", 2400, 1000),
                new FocalPoint(0.5, 0.1, "x"), List.of());
        assertThat(hero.width).isEqualTo(6000);
        assertThat(hero.height).isEqualTo(2500);
        assertThat(hero.y).isZero();
    }

    @Test
    void everyPresetKeepsTheFocalPointAndTheFacesInFrame() {
        Box face = new Box(0.78, 0.15, 0.1, 0.15);
        FocalPoint fp = FocalPoints.fromFaces(List.of(face));
        for (CropPreset p : CropPresets.DEFAULTS.presets()) {
            for (int[] size : new int[][] {{6000, 4000}, {3000, 4500}, {1000, 1000}}) {
                Rectangle r = Crops.plan(size[0], size[1], p, fp, List.of(face));
                assertThat(r.contains(fp.x() * size[0], fp.y() * size[1])).as(p + " " + size[0]).isTrue();
                assertThat(r.x).isGreaterThanOrEqualTo(0);
                assertThat(r.getMaxX()).isLessThanOrEqualTo(size[0]);
                assertThat(r.getMaxY()).isLessThanOrEqualTo(size[1]);
                assertThat(Math.abs((double) r.width / r.height - p.aspect())).isLessThan(0.01);
                Rectangle facePx = new Rectangle((int) (face.x() * size[0]), (int) (face.y() * size[1]),
                        (int) (face.width() * size[0]), (int) (face.height() * size[1]));
                if (facePx.width <= r.width && facePx.height <= r.height) {
                    assertThat(r.contains(facePx)).as(p + " " + size[0] + " keeps the face").isTrue();
                }
            }
        }
    }

    @Test
    void rendersExactPresetSizeContainingTheFace() {
        BufferedImage img = TestImages.photo(1800, 1200, 21);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.MAGENTA);
        g.fillRect(1500, 200, 150, 150); // the "face"
        g.dispose();
        Path src = TestImages.write(dir, "team.png", TestImages.encode(img, "png"));
        Box face = new Box(1500 / 1800.0, 200 / 1200.0, 150 / 1800.0, 150 / 1200.0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        CropResult r = crops.render(src, CropPresets.DEFAULTS.get("instagram"), null, List.of(face),
                OutputFormat.PNG, out);

        BufferedImage png = TestImages.read(out.toByteArray());
        assertThat(png.getWidth()).isEqualTo(1080);
        assertThat(png.getHeight()).isEqualTo(1080);
        assertThat(r.focalPoint().source()).isEqualTo("faces");
        assertThat(r.crop()).isEqualTo(new Rectangle(600, 0, 1200, 1200));
        assertThat(r.crop().contains(new Rectangle(1500, 200, 150, 150))).isTrue();
        assertThat(r.upscaled()).isFalse();
        // the face is in the output where the geometry says: (1500-600)*0.9 = 810, 200*0.9 = 180
        Color c = new Color(png.getRGB(810 + 60, 180 + 60));
        assertThat(c.getRed()).isGreaterThan(200);
        assertThat(c.getGreen()).isLessThan(60);
        assertThat(c.getBlue()).isGreaterThan(200);
    }

    @Test
    void withoutFacesTheSaliencyEstimateFindsTheDetailedArea() {
        BufferedImage img = TestImages.solid(900, 600, 0x808080);
        Graphics2D g = img.createGraphics();
        for (int i = 0; i < 20; i++) {
            g.setColor(i % 2 == 0 ? Color.BLACK : Color.WHITE);
            g.fillRect(650 + i * 10, 350, 10, 200); // stripes: strong edges bottom-right
        }
        g.dispose();
        FocalPoint fp = FocalPoints.saliency(img);
        assertThat(fp.source()).isEqualTo("saliency");
        assertThat(fp.x() * 900).isBetween(650.0, 850.0);
        assertThat(fp.y() * 600).isBetween(350.0, 550.0);
        assertThat(FocalPoints.saliency(TestImages.solid(50, 50, 0x123456))).isEqualTo(FocalPoint.centre());
    }

    @Test
    void cropOfAnExifRotatedImageUsesDisplayCoordinates() {
        // stored 1200×800, orientation 6 → displayed 800×1200; mark the stored top-left corner, which displays
        // at the top-right.
        BufferedImage img = TestImages.solid(1200, 800, 0x00AA00);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 300, 300);
        g.dispose();
        byte[] jpeg = TestImages.withExif(TestImages.jpeg(img), 6, "T", "C", 72);
        Path src = TestImages.write(dir, "rot.jpg", jpeg);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        CropResult r = crops.render(src, new CropPreset("square", 400, 400), FocalPoint.manual(0.9, 0.1), List.of(),
                OutputFormat.PNG, out);

        assertThat(r.crop()).isEqualTo(new Rectangle(0, 0, 800, 800));
        BufferedImage png = TestImages.read(out.toByteArray());
        assertThat(new Color(png.getRGB(380, 20)).getRed()).isGreaterThan(200); // top-right is red
        assertThat(new Color(png.getRGB(20, 20)).getGreen()).isGreaterThan(120); // top-left is green
        assertThat(r.rendition().subsampling()).isEqualTo(2);
    }

    @Test
    void smallSourcesAreUpscaledAndSaySo() {
        Path src = TestImages.write(dir, "tiny.png", TestImages.encode(TestImages.photo(300, 200, 2), "png"));
        CropResult r = crops.render(src, CropPresets.DEFAULTS.get("linkedin"), null, List.of(), OutputFormat.JPEG,
                new ByteArrayOutputStream());
        assertThat(r.upscaled()).isTrue();
        assertThat(r.rendition().width()).isEqualTo(1200);
        assertThat(r.rendition().height()).isEqualTo(627);
    }
}
