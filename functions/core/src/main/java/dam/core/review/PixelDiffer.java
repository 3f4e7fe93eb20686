package dam.core.review;

import java.util.List;

/** Port: a pixel comparison of two encoded images (dam.media.VisualDiff behind it). */
public interface PixelDiffer {

    /**
     * @param from the earlier version's image bytes (JPEG/PNG/WebP)
     * @param to   the later version's image bytes
     * @throws IllegalArgumentException when either cannot be decoded
     */
    Result diff(byte[] from, byte[] to);

    /**
     * Both images aligned to {@code width}×{@code height}; {@code regions} are the changed areas (largest first) in
     * relative units and in common-size pixels; {@code overlayPng} is the later image with the changes highlighted.
     */
    record Result(int width, int height, long changedPixels, double percentChanged, List<Region> regions,
                  byte[] overlayPng) {
        public Result {
            regions = List.copyOf(regions);
        }
    }

    /** One changed area: relative x, y, w, h (0..1) and the same box in common-size pixels. */
    record Region(double x, double y, double w, double h, int px, int py, int pw, int ph) {
    }
}
