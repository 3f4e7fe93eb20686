package dam.rendition;

import dam.aws.S3Files;
import dam.core.library.EditOp;
import dam.core.library.EditSpec;
import dam.media.Renditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Edits on a known picture: a 400×200 PNG, left half red, right half blue, a green pixel block at the top left. */
class EditStepTest {

    @TempDir
    Path dir;

    private final Map<String, Path> written = new HashMap<>();

    private Path picture() throws Exception {
        BufferedImage img = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 400; x++) {
                img.setRGB(x, y, x < 10 && y < 10 ? Color.GREEN.getRGB() : x < 200 ? Color.RED.getRGB()
                        : Color.BLUE.getRGB());
            }
        }
        Path p = dir.resolve("base.png");
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    private BufferedImage run(List<EditOp> recipe) throws Exception {
        Path base = picture();
        EditStep step = new EditStep(key -> new S3Files.LocalCopy(base, 0, "x"), (key, file, type) -> {
            try {
                Path copy = dir.resolve("out-" + written.size() + ".png");
                Files.copy(file, copy);
                written.put(key, copy);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, new Renditions(), 20_000, dir.resolve("work"));
        step.edit(new EditSpec("a1", 1, "originals/a1/1/base.png", "image/png", 2, "originals/a1/2/base-edited.png",
                "png", recipe));
        assertThat(written).containsOnlyKeys("originals/a1/2/base-edited.png");
        return ImageIO.read(written.get("originals/a1/2/base-edited.png").toFile());
    }

    @Test
    void cropRotateFlipAndResizeMoveThePixelsWhereExpected() throws Exception {
        BufferedImage out = run(List.of(EditOp.crop(0, 0, 300, 200), EditOp.rotate(90),
                EditOp.flip("vertical"), EditOp.resize(100, null)));
        // 300×200 → rotated 200×300 → flipped → resized to 100 wide, 150 high.
        assertThat(out.getWidth()).isEqualTo(100);
        assertThat(out.getHeight()).isEqualTo(150);
        // Rotating clockwise puts the old top-left (green) at the top right; the vertical flip takes it to the bottom.
        assertThat(new Color(out.getRGB(97, 147)).getGreen()).isGreaterThan(150);
        // The old left (red) is now the top after rotation, the bottom after the flip; blue at the top.
        assertThat(new Color(out.getRGB(50, 10)).getBlue()).isGreaterThan(200);
        assertThat(new Color(out.getRGB(50, 100)).getRed()).isGreaterThan(200);
    }

    @Test
    void aHorizontalFlipMirrorsLeftAndRight() throws Exception {
        BufferedImage out = run(List.of(EditOp.flip("horizontal")));
        assertThat(out.getWidth()).isEqualTo(400);
        assertThat(new Color(out.getRGB(395, 5)).getGreen()).isGreaterThan(200);
        assertThat(new Color(out.getRGB(10, 100)).getBlue()).isGreaterThan(200);
    }

    @Test
    void aCropOutsideTheDecodedImageIsRefused() {
        assertThatThrownBy(() -> run(List.of(EditOp.crop(300, 0, 200, 100)))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("leaves the 400×200 image");
        assertThat(written).isEmpty();
    }
}
