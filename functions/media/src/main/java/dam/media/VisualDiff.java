package dam.media;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pixel visual diff of two versions: both are scaled to a common size (the smaller image's size, capped at
 * {@code maxSide}), pixels whose largest channel difference exceeds a threshold count as changed, and changed
 * pixels are grouped into regions by joining {@code cell}-pixel grid cells that touch (8-neighbourhood).
 */
public final class VisualDiff {
    private final int threshold;
    private final int cell;
    private final int maxSide;

    /**
     * @param threshold channel difference (0..255) above which a pixel counts as changed; absorbs JPEG noise
     * @param cell      grid cell size used to join nearby changes into one region
     * @param maxSide   longest side of the common size
     */
    public VisualDiff(int threshold, int cell, int maxSide) {
        if (threshold < 0 || threshold > 254 || cell < 1 || maxSide < 8) {
            throw new IllegalArgumentException("threshold 0..254, cell >= 1, maxSide >= 8");
        }
        this.threshold = threshold;
        this.cell = cell;
        this.maxSide = maxSide;
    }

    public VisualDiff() {
        this(32, 8, 2048);
    }

    public DiffResult diff(BufferedImage first, BufferedImage second) {
        int w = Math.min(first.getWidth(), second.getWidth());
        int h = Math.min(first.getHeight(), second.getHeight());
        if (Math.max(w, h) > maxSide) {
            double s = (double) maxSide / Math.max(w, h);
            w = Math.max(1, (int) Math.round(w * s));
            h = Math.max(1, (int) Math.round(h * s));
        }
        int[] a = pixels(first, w, h);
        int[] b = pixels(second, w, h);

        boolean[] changed = new boolean[w * h];
        long count = 0;
        for (int i = 0; i < a.length; i++) {
            int pa = a[i];
            int pb = b[i];
            int d = Math.max(Math.abs((pa >> 16 & 0xff) - (pb >> 16 & 0xff)),
                    Math.max(Math.abs((pa >> 8 & 0xff) - (pb >> 8 & 0xff)), Math.abs((pa & 0xff) - (pb & 0xff))));
            if (d > threshold) {
                changed[i] = true;
                count++;
            }
        }
        List<Rectangle> regions = regions(changed, w, h);
        List<Box> relative = new ArrayList<>();
        for (Rectangle r : regions) {
            relative.add(new Box((double) r.x / w, (double) r.y / h, (double) r.width / w, (double) r.height / h));
        }
        return new DiffResult(w, h, count, 100.0 * count / ((long) w * h), regions, relative,
                overlay(b, changed, w, h, regions));
    }

    private static int[] pixels(BufferedImage img, int w, int h) {
        BufferedImage sized = Renditions.resize(ImageDecoder.toSrgb(img), w, h);
        return sized.getRGB(0, 0, w, h, null, 0, w);
    }

    private List<Rectangle> regions(boolean[] changed, int w, int h) {
        int cw = (w + cell - 1) / cell;
        int ch = (h + cell - 1) / cell;
        // per cell: tight bounds of its changed pixels (minX, minY, maxX, maxY), or none
        int[][] bounds = new int[cw * ch][];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!changed[y * w + x]) {
                    continue;
                }
                int c = (y / cell) * cw + x / cell;
                int[] bnd = bounds[c];
                if (bnd == null) {
                    bounds[c] = new int[] {x, y, x, y};
                } else {
                    bnd[0] = Math.min(bnd[0], x);
                    bnd[1] = Math.min(bnd[1], y);
                    bnd[2] = Math.max(bnd[2], x);
                    bnd[3] = Math.max(bnd[3], y);
                }
            }
        }
        boolean[] seen = new boolean[cw * ch];
        List<Rectangle> out = new ArrayList<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < bounds.length; start++) {
            if (bounds[start] == null || seen[start]) {
                continue;
            }
            int[] box = bounds[start].clone();
            seen[start] = true;
            queue.add(start);
            while (!queue.isEmpty()) {
                int c = queue.poll();
                int cx = c % cw;
                int cy = c / cw;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = cx + dx;
                        int ny = cy + dy;
                        if (nx < 0 || ny < 0 || nx >= cw || ny >= ch) {
                            continue;
                        }
                        int n = ny * cw + nx;
                        if (bounds[n] != null && !seen[n]) {
                            seen[n] = true;
                            int[] nb = bounds[n];
                            box[0] = Math.min(box[0], nb[0]);
                            box[1] = Math.min(box[1], nb[1]);
                            box[2] = Math.max(box[2], nb[2]);
                            box[3] = Math.max(box[3], nb[3]);
                            queue.add(n);
                        }
                    }
                }
            }
            out.add(new Rectangle(box[0], box[1], box[2] - box[0] + 1, box[3] - box[1] + 1));
        }
        out.sort(Comparator.comparingLong((Rectangle r) -> (long) r.width * r.height).reversed());
        return out;
    }

    private static BufferedImage overlay(int[] base, boolean[] changed, int w, int h, List<Rectangle> regions) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = new int[base.length];
        for (int i = 0; i < base.length; i++) {
            if (changed[i]) {
                px[i] = 0xFF0000;
            } else {
                int p = base[i];
                int g = (299 * (p >> 16 & 0xff) + 587 * (p >> 8 & 0xff) + 114 * (p & 0xff)) / 1000;
                int v = 128 + g / 2; // dimmed gray keeps context without competing with the red
                px[i] = v << 16 | v << 8 | v;
            }
        }
        out.setRGB(0, 0, w, h, px, 0, w);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(new Color(0xD0, 0, 0));
            g.setStroke(new BasicStroke(2));
            for (Rectangle r : regions) {
                g.drawRect(r.x, r.y, r.width, r.height);
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
