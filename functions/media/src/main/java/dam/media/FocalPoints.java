package dam.media;

import java.awt.image.BufferedImage;
import java.util.List;

/** Estimates a focal point: from detected faces when there are any, else from edge energy (a saliency proxy). */
public final class FocalPoints {
    /** Side of the search window as a fraction of the image side. */
    private static final double WINDOW = 1.0 / 3;

    private FocalPoints() {
    }

    /** Faces win; the area-weighted centre of all boxes (bigger, nearer faces matter more). */
    public static FocalPoint estimate(BufferedImage image, List<Box> faces) {
        if (faces != null && !faces.isEmpty()) {
            return fromFaces(faces);
        }
        return saliency(image);
    }

    public static FocalPoint fromFaces(List<Box> faces) {
        double sum = 0;
        double x = 0;
        double y = 0;
        for (Box b : faces) {
            sum += b.area();
            x += b.centreX() * b.area();
            y += b.centreY() * b.area();
        }
        return new FocalPoint(clamp(x / sum), clamp(y / sum), "faces");
    }

    /**
     * Edge-energy saliency: Sobel gradient magnitude of the luma, then the window (a third of each side) with the
     * most energy, found with an integral image; its centre is the focal point. Flat images give the centre.
     * Works on any size; pass a small rendition (≈256 px) for speed.
     */
    public static FocalPoint saliency(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w < 3 || h < 3) {
            return FocalPoint.centre();
        }
        int[] luma = new int[w * h];
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            luma[i] = (299 * (p >> 16 & 0xff) + 587 * (p >> 8 & 0xff) + 114 * (p & 0xff)) / 1000;
        }
        // integral[(y+1)*(w+1) + (x+1)] = energy summed over [0..x]×[0..y]
        long[] integral = new long[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++) {
            long rowSum = 0;
            for (int x = 0; x < w; x++) {
                int e = 0;
                if (x > 0 && y > 0 && x < w - 1 && y < h - 1) {
                    int gx = -luma[(y - 1) * w + x - 1] - 2 * luma[y * w + x - 1] - luma[(y + 1) * w + x - 1]
                            + luma[(y - 1) * w + x + 1] + 2 * luma[y * w + x + 1] + luma[(y + 1) * w + x + 1];
                    int gy = -luma[(y - 1) * w + x - 1] - 2 * luma[(y - 1) * w + x] - luma[(y - 1) * w + x + 1]
                            + luma[(y + 1) * w + x - 1] + 2 * luma[(y + 1) * w + x] + luma[(y + 1) * w + x + 1];
                    e = Math.abs(gx) + Math.abs(gy);
                }
                rowSum += e;
                integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + rowSum;
            }
        }
        long total = integral[h * (w + 1) + w];
        if (total == 0) {
            return FocalPoint.centre();
        }
        int ww = Math.max(1, (int) (w * WINDOW));
        int wh = Math.max(1, (int) (h * WINDOW));
        long best = -1;
        int bx = 0;
        int by = 0;
        for (int y = 0; y + wh <= h; y++) {
            for (int x = 0; x + ww <= w; x++) {
                long s = integral[(y + wh) * (w + 1) + x + ww] - integral[y * (w + 1) + x + ww]
                        - integral[(y + wh) * (w + 1) + x] + integral[y * (w + 1) + x];
                if (s > best) {
                    best = s;
                    bx = x;
                    by = y;
                }
            }
        }
        return new FocalPoint(clamp((bx + ww / 2.0) / w), clamp((by + wh / 2.0) / h), "saliency");
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
