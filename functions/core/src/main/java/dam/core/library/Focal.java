package dam.core.library;

import java.util.List;

/**
 * The point every preset crop keeps in frame, relative (0..1 of the display width/height), and the face boxes it came
 * from ({@code source} manual, faces, saliency or centre). Crops also keep all faces whole when they fit.
 */
public record Focal(double x, double y, String source, List<FaceBox> faces) {

    public Focal {
        if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
            throw new IllegalArgumentException("focal point must lie within 0..1, got " + x + "," + y);
        }
        faces = faces == null ? List.of() : List.copyOf(faces);
    }

    public static Focal manual(double x, double y) {
        return new Focal(x, y, "manual", List.of());
    }

    /** A face box, relative to the display (oriented) image. */
    public record FaceBox(double x, double y, double width, double height) {
    }
}
