package dam.media;

/**
 * The point a crop must keep in frame, in relative units (0..1).
 *
 * @param source "manual", "faces", "saliency" or "centre"
 */
public record FocalPoint(double x, double y, String source) {
    public FocalPoint {
        if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
            throw new IllegalArgumentException("focal point must lie within 0..1: " + x + "," + y);
        }
    }

    public static FocalPoint centre() {
        return new FocalPoint(0.5, 0.5, "centre");
    }

    public static FocalPoint manual(double x, double y) {
        return new FocalPoint(x, y, "manual");
    }
}
