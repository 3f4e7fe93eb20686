package dam.media;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The colours a person would name for an image (the library's colour facet): every pixel of a small rendition is put
 * in one of twelve named bins by hue, saturation and brightness, and the bins holding at least {@link #MIN_SHARE} of
 * the pixels are returned, largest first, at most {@link #MAX}. Named bins rather than RGB clusters because people
 * filter by "red" or "blue", and a fixed vocabulary makes facet counts add up across assets.
 */
public final class DominantColours {

    /** A named colour and the share of the image's pixels in it (0–1). */
    public record Colour(String name, double share) {
    }

    public static final double MIN_SHARE = 0.12;
    public static final int MAX = 3;

    /** The bins, in the order ties are broken. */
    static final List<String> NAMES = List.of("black", "white", "grey", "red", "orange", "brown", "yellow", "green",
            "teal", "blue", "purple", "pink");

    private DominantColours() {
    }

    /** Transparent pixels (alpha below half) are not counted: they have no colour a viewer sees. */
    public static List<Colour> of(BufferedImage image) {
        long[] counts = new long[NAMES.size()];
        long total = 0;
        int w = image.getWidth();
        int h = image.getHeight();
        // A 256 px thumbnail is read whole; anything larger is sampled on a grid of about 256 × 256 points.
        int step = Math.max(1, Math.max(w, h) / 256);
        float[] hsb = new float[3];
        for (int y = 0; y < h; y += step) {
            for (int x = 0; x < w; x += step) {
                int argb = image.getRGB(x, y);
                if (image.getColorModel().hasAlpha() && (argb >>> 24) < 128) {
                    continue;
                }
                java.awt.Color.RGBtoHSB((argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff, hsb);
                counts[NAMES.indexOf(name(hsb[0] * 360, hsb[1], hsb[2]))]++;
                total++;
            }
        }
        List<Colour> out = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            double share = total == 0 ? 0 : (double) counts[i] / total;
            if (share >= MIN_SHARE) {
                out.add(new Colour(NAMES.get(i), share));
            }
        }
        out.sort(Comparator.comparingDouble(Colour::share).reversed());
        return out.size() > MAX ? List.copyOf(out.subList(0, MAX)) : List.copyOf(out);
    }

    /** The bin of one colour: hue in degrees, saturation and brightness 0–1. */
    static String name(float hue, float saturation, float brightness) {
        if (brightness < 0.18f) {
            return "black";
        }
        if (saturation < 0.18f) {
            return brightness > 0.85f ? "white" : "grey";
        }
        if (hue < 15 || hue >= 345) {
            return brightness < 0.45f ? "brown" : "red";
        }
        if (hue < 45) {
            return brightness < 0.6f ? "brown" : "orange";
        }
        if (hue < 70) {
            return "yellow";
        }
        if (hue < 160) {
            return "green";
        }
        if (hue < 195) {
            return "teal";
        }
        if (hue < 260) {
            return "blue";
        }
        if (hue < 295) {
            return "purple";
        }
        return "pink";
    }
}
