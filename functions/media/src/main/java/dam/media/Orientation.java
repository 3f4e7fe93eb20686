package dam.media;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** EXIF orientation (1..8): reading it, applying it to pixels and mapping display rectangles back to storage. */
public final class Orientation {
    private Orientation() {
    }

    /** The EXIF orientation tag of a file, 1 (as stored) when absent or unreadable. */
    public static int read(Path file) {
        try {
            ExifIFD0Directory dir = ImageMetadataReader.readMetadata(file.toFile())
                    .getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (dir != null && dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                int o = dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                return o >= 1 && o <= 8 ? o : 1;
            }
        } catch (ImageProcessingException | IOException | MetadataException e) {
            // Files without readable EXIF are displayed as stored; the sniffer reports real corruption.
            System.getLogger(Orientation.class.getName()).log(System.Logger.Level.DEBUG, "no orientation: " + e);
        }
        return 1;
    }

    /** Whether width and height swap on display (orientations 5-8 rotate by 90°). */
    public static boolean swapsAxes(int orientation) {
        return orientation >= 5;
    }

    /** Returns the image as it should be displayed; the input for orientation 1. */
    public static BufferedImage apply(BufferedImage src, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = swapsAxes(orientation);
        BufferedImage dst = new BufferedImage(swap ? h : w, swap ? w : h,
                src.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            src.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int dx;
                int dy;
                switch (orientation) {
                    case 2 -> { dx = w - 1 - x; dy = y; }
                    case 3 -> { dx = w - 1 - x; dy = h - 1 - y; }
                    case 4 -> { dx = x; dy = h - 1 - y; }
                    case 5 -> { dx = y; dy = x; }
                    case 6 -> { dx = h - 1 - y; dy = x; }
                    case 7 -> { dx = h - 1 - y; dy = w - 1 - x; }
                    default -> { dx = y; dy = w - 1 - x; } // 8
                }
                dst.setRGB(dx, dy, row[x]);
            }
        }
        return dst;
    }

    /**
     * Maps a rectangle in display coordinates back to stored coordinates of a {@code storedW}×{@code storedH}
     * image, so region decoding can read only the pixels a crop needs.
     */
    public static Rectangle toStored(Rectangle display, int orientation, int storedW, int storedH) {
        double[] a = toStoredPoint(display.x, display.y, orientation, storedW, storedH);
        double[] b = toStoredPoint(display.x + display.width, display.y + display.height, orientation, storedW, storedH);
        int x0 = (int) Math.min(a[0], b[0]);
        int y0 = (int) Math.min(a[1], b[1]);
        int x1 = (int) Math.max(a[0], b[0]);
        int y1 = (int) Math.max(a[1], b[1]);
        return new Rectangle(x0, y0, x1 - x0, y1 - y0);
    }

    // Continuous coordinates (edges, not pixel centres): inverse of the mapping in apply().
    private static double[] toStoredPoint(double X, double Y, int o, int w, int h) {
        return switch (o) {
            case 2 -> new double[] {w - X, Y};
            case 3 -> new double[] {w - X, h - Y};
            case 4 -> new double[] {X, h - Y};
            case 5 -> new double[] {Y, X};
            case 6 -> new double[] {Y, h - X};
            case 7 -> new double[] {w - Y, h - X};
            case 8 -> new double[] {w - Y, X};
            default -> new double[] {X, Y};
        };
    }
}
