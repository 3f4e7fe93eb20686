package dam.local.rekognition;

/**
 * A bounding box in Rekognition's relative units: fractions of the image width and height, origin top-left.
 */
public record Box(double left, double top, double width, double height) {

    /** The box of a pixel rectangle in an image of {@code imageWidth × imageHeight}, clamped to the image. */
    public static Box ofPixels(double x, double y, double w, double h, int imageWidth, int imageHeight) {
        double left = clamp(x / imageWidth);
        double top = clamp(y / imageHeight);
        double right = clamp((x + w) / imageWidth);
        double bottom = clamp((y + h) / imageHeight);
        return new Box(left, top, right - left, bottom - top);
    }

    private static double clamp(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }
}
