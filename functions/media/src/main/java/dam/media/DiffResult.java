package dam.media;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A pixel comparison of two images aligned to {@code width}×{@code height}.
 *
 * @param changedPixels   pixels whose largest channel difference exceeds the threshold
 * @param percentChanged  changedPixels / all pixels × 100
 * @param regions         tight bounding boxes of the changed areas, in common-size pixels, largest first
 * @param relativeRegions the same boxes in relative units (0..1), to draw over any rendition
 * @param overlay         the second image dimmed, changed pixels in red, regions outlined
 */
public record DiffResult(int width, int height, long changedPixels, double percentChanged, List<Rectangle> regions,
                         List<Box> relativeRegions, BufferedImage overlay) {
    public DiffResult {
        regions = List.copyOf(regions);
        relativeRegions = List.copyOf(relativeRegions);
    }
}
