package dam.media;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * 64-bit difference hash (dHash): the luma is box-averaged onto a 9×8 grid and each bit says whether a cell is
 * brighter than its right neighbour. Robust to scaling, re-encoding and small colour shifts; near-duplicates have a
 * small Hamming distance (≤ 10 of 64 is a common "same picture" threshold).
 */
public final class PerceptualHash {
    /** Distance at or below which two images are treated as near-duplicates. */
    public static final int NEAR_DUPLICATE_DISTANCE = 10;
    private static final int GRID_W = 9;
    private static final int GRID_H = 8;
    private static final int WORKING_EDGE = 512;

    private final Renditions renditions;

    public PerceptualHash(Renditions renditions) {
        this.renditions = renditions;
    }

    public PerceptualHash() {
        this(new Renditions());
    }

    /** dHash of a file as displayed (orientation applied), decoded at ≈512 px. */
    public long of(Path file) {
        return dHash(renditions.image(file, WORKING_EDGE));
    }

    public static long dHash(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double[] sum = new double[GRID_W * GRID_H];
        double[] count = new double[GRID_W * GRID_H];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            int gy = Math.min(GRID_H - 1, y * GRID_H / h);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int gx = Math.min(GRID_W - 1, x * GRID_W / w);
                sum[gy * GRID_W + gx] += 0.299 * (p >> 16 & 0xff) + 0.587 * (p >> 8 & 0xff) + 0.114 * (p & 0xff);
                count[gy * GRID_W + gx]++;
            }
        }
        long hash = 0;
        for (int gy = 0; gy < GRID_H; gy++) {
            for (int gx = 0; gx < GRID_W - 1; gx++) {
                int i = gy * GRID_W + gx;
                double left = sum[i] / Math.max(1, count[i]);
                double right = sum[i + 1] / Math.max(1, count[i + 1]);
                hash = hash << 1 | (left > right ? 1 : 0);
            }
        }
        return hash;
    }

    public static int hamming(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    public static String toHex(long hash) {
        return HexFormat.of().toHexDigits(hash);
    }

    public static long fromHex(String hex) {
        if (hex == null || hex.length() != 16) {
            throw new IllegalArgumentException("a perceptual hash is 16 hex digits: " + hex);
        }
        return HexFormat.fromHexDigitsToLong(hex);
    }
}
