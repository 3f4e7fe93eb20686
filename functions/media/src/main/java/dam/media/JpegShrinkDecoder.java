package dam.media;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shrink-on-load for baseline JPEGs, what libvips gets from libjpeg's DCT scaling: every 8×8 block is inverse-
 * transformed straight to N×N pixels (N = 1, 2 or 4) from its lowest N×N coefficients, so a 24 MP photo needed at
 * 1024 px is never reconstructed at full size — the full IDCT, chroma upsampling and colour conversion of 24 MP are
 * skipped. Only Huffman decoding still walks all coefficients. The JDK's decoder has no such scaling (its source
 * subsampling decodes every pixel and then drops most).
 *
 * <p>Handles baseline/extended sequential Huffman, 8-bit, 1 (gray) or 3 (YCbCr) components, any sampling factors,
 * restart intervals and an embedded RGB ICC profile (converted to sRGB on the small result). Anything else
 * (progressive, arithmetic, 12-bit, CMYK/YCCK, Adobe RGB transform) returns null so the caller uses ImageIO.
 */
final class JpegShrinkDecoder {
    private static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
        21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53,
        60, 61, 54, 47, 55, 62, 63};

    private JpegShrinkDecoder() {
    }

    /** The largest reduction (8, 4 or 2) that keeps the long edge at least {@code needed}, or 1 for none. */
    static int reductionFor(int width, int height, int needed) {
        int longEdge = Math.max(width, height);
        for (int r = 8; r >= 2; r /= 2) {
            if ((longEdge + r - 1) / r >= needed) {
                return r;
            }
        }
        return 1;
    }

    /**
     * Decodes {@code file} reduced by {@code reduction} (2, 4 or 8) to an sRGB TYPE_INT_RGB image, or null when the
     * file uses a feature this decoder leaves to ImageIO. Limits must have been checked by the caller.
     */
    static BufferedImage decode(Path file, int reduction) throws IOException {
        if (reduction != 2 && reduction != 4 && reduction != 8) {
            throw new IllegalArgumentException("reduction must be 2, 4 or 8");
        }
        byte[] data = Files.readAllBytes(file);
        return new Parser(data, 8 / reduction).run();
    }

    private static final class Component {
        int id;
        int h;
        int v;
        int tq;
        int td;
        int ta;
        int pred;
        int planeW;
        int planeH;
        byte[] plane;
    }

    private static final class Huffman {
        // lookahead: (length << 8 | symbol) for codes of ≤ 9 bits, 0 when longer
        final int[] fast = new int[1 << 9];
        final int[] maxCode = new int[18];
        final int[] valPtr = new int[17];
        final int[] minCode = new int[17];
        final int[] values;

        Huffman(int[] counts, int[] values) {
            this.values = values;
            int code = 0;
            int k = 0;
            for (int len = 1; len <= 16; len++) {
                valPtr[len] = k;
                minCode[len] = code;
                for (int i = 0; i < counts[len - 1]; i++) {
                    if (len <= 9) {
                        int shift = 9 - len;
                        for (int f = code << shift; f < (code + 1) << shift; f++) {
                            fast[f] = len << 8 | values[k];
                        }
                    }
                    code++;
                    k++;
                }
                maxCode[len] = counts[len - 1] == 0 ? -1 : code - 1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
        }
    }

    private static final class Parser {
        private final byte[] d;
        private final int n; // output pixels per block side
        private int pos;
        private final int[][] qt = new int[4][];
        private final Huffman[] dc = new Huffman[4];
        private final Huffman[] ac = new Huffman[4];
        private Component[] comps;
        private int width;
        private int height;
        private int restartInterval;
        private boolean adobeNoTransform;
        private final Map<Integer, byte[]> icc = new TreeMap<>();
        // bit reader
        private long bits;
        private int bitCount;
        private boolean markerHit;
        private final double[][] idct;

        Parser(byte[] data, int n) {
            this.d = data;
            this.n = n;
            idct = new double[n][n];
            for (int x = 0; x < n; x++) {
                for (int u = 0; u < n; u++) {
                    double c = u == 0 ? Math.sqrt(0.5) : 1.0;
                    idct[x][u] = c * Math.cos((2 * x + 1) * u * Math.PI / (2 * n));
                }
            }
        }

        BufferedImage run() throws IOException {
            if (u8(0) != 0xFF || u8(1) != 0xD8) {
                return null;
            }
            pos = 2;
            while (pos + 4 <= d.length) {
                if (u8(pos) != 0xFF) {
                    return null;
                }
                int marker = u8(pos + 1);
                if (marker == 0xFF) {
                    pos++;
                    continue;
                }
                int len = u16(pos + 2);
                int seg = pos + 4;
                int end = pos + 2 + len;
                if (end > d.length) {
                    return null;
                }
                switch (marker) {
                    case 0xDB -> readQuant(seg, end);
                    case 0xC4 -> readHuffman(seg, end);
                    case 0xC0, 0xC1 -> {
                        if (!readFrame(seg)) {
                            return null;
                        }
                    }
                    case 0xDD -> restartInterval = u16(seg);
                    case 0xE2 -> readIcc(seg, end);
                    case 0xEE -> {
                        if (len >= 12 && u8(seg) == 'A' && u8(seg + 1) == 'd' && u8(seg + 11) == 0) {
                            adobeNoTransform = true;
                        }
                    }
                    case 0xDA -> {
                        if (comps == null || adobeNoTransform && comps.length == 3 || !readScan(seg)) {
                            return null;
                        }
                        pos = end;
                        decodeScan();
                        return toImage();
                    }
                    default -> {
                        if (marker >= 0xC2 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                            return null; // progressive, lossless, arithmetic, hierarchical
                        }
                    }
                }
                pos = end;
            }
            return null;
        }

        private void readQuant(int p, int end) {
            while (p < end) {
                int pq = u8(p) >> 4;
                int tq = u8(p) & 15;
                p++;
                int[] table = new int[64];
                for (int i = 0; i < 64; i++) {
                    table[ZIGZAG[i]] = pq == 0 ? u8(p + i) : u16(p + 2 * i);
                }
                p += pq == 0 ? 64 : 128;
                qt[tq & 3] = table;
            }
        }

        private void readHuffman(int p, int end) {
            while (p < end) {
                int tc = u8(p) >> 4;
                int th = u8(p) & 15;
                int[] counts = new int[16];
                int total = 0;
                for (int i = 0; i < 16; i++) {
                    counts[i] = u8(p + 1 + i);
                    total += counts[i];
                }
                int[] values = new int[total];
                for (int i = 0; i < total; i++) {
                    values[i] = u8(p + 17 + i);
                }
                p += 17 + total;
                (tc == 0 ? dc : ac)[th & 3] = new Huffman(counts, values);
            }
        }

        private boolean readFrame(int p) {
            if (u8(p) != 8) {
                return false;
            }
            height = u16(p + 1);
            width = u16(p + 3);
            int nc = u8(p + 5);
            if (nc != 1 && nc != 3 || width == 0 || height == 0) {
                return false;
            }
            comps = new Component[nc];
            for (int i = 0; i < nc; i++) {
                Component c = new Component();
                c.id = u8(p + 6 + 3 * i);
                c.h = u8(p + 7 + 3 * i) >> 4;
                c.v = u8(p + 7 + 3 * i) & 15;
                c.tq = u8(p + 8 + 3 * i) & 3;
                if (c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4) {
                    return false;
                }
                comps[i] = c;
            }
            return true;
        }

        private void readIcc(int p, int end) {
            byte[] sig = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (end - p < 14) {
                return;
            }
            for (int i = 0; i < sig.length; i++) {
                if (d[p + i] != sig[i]) {
                    return;
                }
            }
            icc.put(u8(p + 12), java.util.Arrays.copyOfRange(d, p + 14, end));
        }

        private boolean readScan(int p) {
            int ns = u8(p);
            if (ns != comps.length) {
                return false; // non-interleaved multi-scan files go to ImageIO
            }
            for (int i = 0; i < ns; i++) {
                int id = u8(p + 1 + 2 * i);
                int t = u8(p + 2 + 2 * i);
                Component c = null;
                for (Component k : comps) {
                    if (k.id == id) {
                        c = k;
                    }
                }
                if (c == null) {
                    return false;
                }
                c.td = t >> 4 & 3;
                c.ta = t & 3;
                if (dc[c.td] == null || ac[c.ta] == null || qt[c.tq] == null) {
                    return false;
                }
            }
            int ss = u8(p + 1 + 2 * ns);
            int se = u8(p + 2 + 2 * ns);
            return ss == 0 && se == 63;
        }

        private void decodeScan() throws IOException {
            int hmax = 1;
            int vmax = 1;
            for (Component c : comps) {
                hmax = Math.max(hmax, c.h);
                vmax = Math.max(vmax, c.v);
            }
            int mcusX = (width + 8 * hmax - 1) / (8 * hmax);
            int mcusY = (height + 8 * vmax - 1) / (8 * vmax);
            boolean single = comps.length == 1;
            if (single) {
                // a single-component scan is not interleaved: one block per "MCU", blocks cover the image exactly
                Component c = comps[0];
                mcusX = (width + 7) / 8;
                mcusY = (height + 7) / 8;
                c.h = 1;
                c.v = 1;
            }
            for (Component c : comps) {
                c.planeW = mcusX * c.h * n;
                c.planeH = mcusY * c.v * n;
                c.plane = new byte[c.planeW * c.planeH];
            }
            int[] block = new int[64];
            double[] tmp = new double[64];
            int mcu = 0;
            int total = mcusX * mcusY;
            while (mcu < total) {
                int my = mcu / mcusX;
                int mx = mcu % mcusX;
                for (Component c : comps) {
                    for (int by = 0; by < c.v; by++) {
                        for (int bx = 0; bx < c.h; bx++) {
                            decodeBlock(c, block);
                            writeBlock(c, block, tmp, (mx * c.h + bx) * n, (my * c.v + by) * n);
                        }
                    }
                }
                mcu++;
                if (restartInterval > 0 && mcu % restartInterval == 0 && mcu < total) {
                    restart();
                }
            }
        }

        private void restart() throws IOException {
            bits = 0;
            bitCount = 0;
            // skip to the RSTn marker that the bit reader stopped at
            while (pos + 1 < d.length && !(u8(pos) == 0xFF && u8(pos + 1) >= 0xD0 && u8(pos + 1) <= 0xD7)) {
                pos++;
            }
            if (pos + 1 >= d.length) {
                throw new IOException("missing restart marker");
            }
            pos += 2;
            markerHit = false;
            for (Component c : comps) {
                c.pred = 0;
            }
        }

        private void decodeBlock(Component c, int[] block) throws IOException {
            java.util.Arrays.fill(block, 0);
            int t = decodeSymbol(dc[c.td]);
            int diff = t == 0 ? 0 : extend(receive(t), t);
            c.pred += diff;
            int[] q = qt[c.tq];
            block[0] = c.pred * q[0];
            // only coefficients inside the n×n top-left corner are kept; the rest are decoded and dropped
            for (int k = 1; k < 64; ) {
                int rs = decodeSymbol(ac[c.ta]);
                int r = rs >> 4;
                int s = rs & 15;
                if (s == 0) {
                    if (r != 15) {
                        break; // end of block
                    }
                    k += 16;
                    continue;
                }
                k += r;
                if (k > 63) {
                    throw new IOException("corrupt block");
                }
                int z = ZIGZAG[k];
                if ((z & 7) < n && (z >> 3) < n) {
                    block[z] = extend(receive(s), s) * q[z];
                } else {
                    skip(s);
                }
                k++;
            }
        }

        private void writeBlock(Component c, int[] block, double[] tmp, int ox, int oy) {
            if (n == 1) {
                put(c, ox, oy, block[0] / 8.0 + 128);
                return;
            }
            // rows: for each coefficient row v < n, the n outputs along x
            for (int v = 0; v < n; v++) {
                for (int x = 0; x < n; x++) {
                    double s = 0;
                    for (int u = 0; u < n; u++) {
                        s += idct[x][u] * block[v * 8 + u];
                    }
                    tmp[v * n + x] = s;
                }
            }
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double s = 0;
                    for (int v = 0; v < n; v++) {
                        s += idct[y][v] * tmp[v * n + x];
                    }
                    put(c, ox + x, oy + y, s / 4 + 128);
                }
            }
        }

        private static void put(Component c, int x, int y, double value) {
            int v = (int) Math.round(value);
            c.plane[y * c.planeW + x] = (byte) (v < 0 ? 0 : Math.min(v, 255));
        }

        private BufferedImage toImage() {
            int ow = (width * n + 7) / 8;
            int oh = (height * n + 7) / 8;
            BufferedImage img = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
            int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
            if (comps.length == 1) {
                Component g = comps[0];
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        int v = g.plane[y * g.planeW + x] & 0xff;
                        px[y * ow + x] = v << 16 | v << 8 | v;
                    }
                }
                return img;
            }
            int hmax = Math.max(comps[0].h, Math.max(comps[1].h, comps[2].h));
            int vmax = Math.max(comps[0].v, Math.max(comps[1].v, comps[2].v));
            Component cy = comps[0];
            Component cb = comps[1];
            Component cr = comps[2];
            for (int y = 0; y < oh; y++) {
                int yy = y * cy.v / vmax;
                int yb = y * cb.v / vmax;
                int yr = y * cr.v / vmax;
                for (int x = 0; x < ow; x++) {
                    int lum = cy.plane[yy * cy.planeW + x * cy.h / hmax] & 0xff;
                    int b = (cb.plane[yb * cb.planeW + x * cb.h / hmax] & 0xff) - 128;
                    int r = (cr.plane[yr * cr.planeW + x * cr.h / hmax] & 0xff) - 128;
                    int red = clamp(lum + (int) Math.round(1.402 * r));
                    int green = clamp(lum - (int) Math.round(0.344136 * b + 0.714136 * r));
                    int blue = clamp(lum + (int) Math.round(1.772 * b));
                    px[y * ow + x] = red << 16 | green << 8 | blue;
                }
            }
            return icc.isEmpty() ? img : toSrgb(img);
        }

        /** Applies an embedded RGB profile (Display P3, Adobe RGB, ...) on the already small image. */
        private BufferedImage toSrgb(BufferedImage img) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            icc.values().forEach(all::writeBytes);
            ICC_Profile profile;
            try {
                profile = ICC_Profile.getInstance(all.toByteArray());
            } catch (IllegalArgumentException e) {
                return img; // unreadable profile: treat as sRGB, as browsers do
            }
            if (profile.getColorSpaceType() != ColorSpace.TYPE_RGB) {
                return img;
            }
            ICC_ColorSpace cs = new ICC_ColorSpace(profile);
            if (cs.isCS_sRGB() || ImageDecoder.describe(profile) != null
                    && ImageDecoder.describe(profile).toLowerCase().startsWith("srgb")) {
                return img;
            }
            java.awt.image.ComponentColorModel cm = new java.awt.image.ComponentColorModel(cs, false, false,
                    java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_BYTE);
            java.awt.image.WritableRaster raster = cm.createCompatibleWritableRaster(img.getWidth(), img.getHeight());
            int[] rgb = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
            byte[] px = new byte[3];
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int p = rgb[y * img.getWidth() + x];
                    px[0] = (byte) (p >> 16);
                    px[1] = (byte) (p >> 8);
                    px[2] = (byte) p;
                    raster.setDataElements(x, y, px);
                }
            }
            BufferedImage tagged = new BufferedImage(cm, raster, false, null);
            BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
            new ColorConvertOp(null).filter(tagged, out);
            return out;
        }

        private static int clamp(int v) {
            return v < 0 ? 0 : Math.min(v, 255);
        }

        // ---- bits ----

        private void fill() {
            while (bitCount <= 56) {
                int b = 0;
                if (!markerHit && pos < d.length) {
                    b = d[pos] & 0xff;
                    if (b == 0xFF) {
                        int next = pos + 1 < d.length ? d[pos + 1] & 0xff : 0xD9;
                        if (next == 0) {
                            pos += 2;
                        } else {
                            markerHit = true; // leave pos on the marker; feed zeros
                            b = 0;
                        }
                    } else {
                        pos++;
                    }
                }
                bits |= (long) b << (56 - bitCount);
                bitCount += 8;
            }
        }

        private int decodeSymbol(Huffman h) throws IOException {
            if (bitCount < 16) {
                fill();
            }
            int peek = (int) (bits >>> 55); // top 9 bits
            int f = h.fast[peek];
            if (f != 0) {
                int len = f >> 8;
                bits <<= len;
                bitCount -= len;
                return f & 0xff;
            }
            int code = 0;
            for (int len = 1; len <= 16; len++) {
                code = code << 1 | (int) (bits >>> 63);
                bits <<= 1;
                bitCount--;
                if (code <= h.maxCode[len]) {
                    return h.values[h.valPtr[len] + code - h.minCode[len]];
                }
            }
            throw new IOException("bad Huffman code");
        }

        private int receive(int s) {
            if (bitCount < s) {
                fill();
            }
            int v = (int) (bits >>> (64 - s));
            bits <<= s;
            bitCount -= s;
            return v;
        }

        private void skip(int s) {
            if (bitCount < s) {
                fill();
            }
            bits <<= s;
            bitCount -= s;
        }

        private static int extend(int v, int t) {
            return v < 1 << (t - 1) ? v - (1 << t) + 1 : v;
        }

        private int u8(int p) {
            return d[p] & 0xff;
        }

        private int u16(int p) {
            return (d[p] & 0xff) << 8 | d[p + 1] & 0xff;
        }
    }
}
