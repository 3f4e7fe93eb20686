package dam.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Generates real test images and crafted hostile files (no binary fixtures in the repo). */
final class TestImages {
    private TestImages() {
    }

    /** A photo-like image: gradients, noise and a few shapes, deterministic per seed. */
    static BufferedImage photo(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(seed);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (255.0 * x / w);
                int g = (int) (255.0 * y / h);
                int b = 128 + (int) (60 * Math.sin((x + y) / 40.0));
                int n = rnd.nextInt(25) - 12;
                row[x] = clamp(r + n) << 16 | clamp(g + n) << 8 | clamp(b + n);
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        Graphics2D g = img.createGraphics();
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(rnd.nextInt(0xFFFFFF)));
            g.fillOval(rnd.nextInt(w), rnd.nextInt(h), w / 6, h / 6);
        }
        g.dispose();
        return img;
    }

    static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(rgb));
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] jpeg(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriting.write(img, OutputFormat.JPEG, out);
        return out.toByteArray();
    }

    static Path write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IllegalStateException("not an image: " + file);
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage read(byte[] bytes) {
        try {
            BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
            if (img == null) {
                throw new IllegalStateException("not an image");
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- JPEG segments ----

    /** Inserts an APP segment right after SOI. */
    static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(marker);
        int len = payload.length + 2;
        out.write(len >> 8);
        out.write(len & 0xff);
        out.write(payload, 0, payload.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** EXIF APP1 (little-endian TIFF) with Make, Model, Orientation and X/Y resolution in dpi. */
    static byte[] withExif(byte[] jpeg, int orientation, String make, String model, int dpi) {
        record Entry(int tag, int type, int count, byte[] value) { }
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(0x010F, 2, make.length() + 1, (make + "\0").getBytes(StandardCharsets.US_ASCII)));
        entries.add(new Entry(0x0110, 2, model.length() + 1, (model + "\0").getBytes(StandardCharsets.US_ASCII)));
        entries.add(new Entry(0x0112, 3, 1, le(2, orientation)));
        entries.add(new Entry(0x011A, 5, 1, concat(le(4, dpi), le(4, 1))));
        entries.add(new Entry(0x011B, 5, 1, concat(le(4, dpi), le(4, 1))));
        entries.add(new Entry(0x0128, 3, 1, le(2, 2)));
        int ifdSize = 2 + entries.size() * 12 + 4;
        int dataOffset = 8 + ifdSize;
        ByteBuffer ifd = ByteBuffer.allocate(ifdSize).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ifd.putShort((short) entries.size());
        for (Entry e : entries) {
            ifd.putShort((short) e.tag()).putShort((short) e.type()).putInt(e.count());
            if (e.value().length <= 4) {
                byte[] v = new byte[4];
                System.arraycopy(e.value(), 0, v, 0, e.value().length);
                ifd.put(v);
            } else {
                ifd.putInt(dataOffset + data.size());
                data.write(e.value(), 0, e.value().length);
                if (data.size() % 2 == 1) {
                    data.write(0);
                }
            }
        }
        ifd.putInt(0);
        byte[] tiff = concat(new byte[] {'I', 'I', 0x2A, 0, 8, 0, 0, 0}, ifd.array(), data.toByteArray());
        return withSegment(jpeg, 0xE1, concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff));
    }

    static byte[] withXmp(byte[] jpeg, String creator, String rights) {
        String xmp = "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                + "<dc:creator><rdf:Seq><rdf:li>" + creator + "</rdf:li></rdf:Seq></dc:creator>"
                + "<dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">" + rights + "</rdf:li></rdf:Alt></dc:rights>"
                + "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";
        return withSegment(jpeg, 0xE1, concat("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII),
                xmp.getBytes(StandardCharsets.UTF_8)));
    }

    /** IPTC-IIM in a Photoshop APP13 resource: keywords (2:25), by-line (2:80), copyright (2:116). */
    static byte[] withIptc(byte[] jpeg, List<String> keywords, String byline, String copyright) {
        ByteArrayOutputStream iim = new ByteArrayOutputStream();
        dataset(iim, 1, 90, new byte[] {0x1B, '%', 'G'}); // UTF-8
        for (String k : keywords) {
            dataset(iim, 2, 25, k.getBytes(StandardCharsets.UTF_8));
        }
        dataset(iim, 2, 80, byline.getBytes(StandardCharsets.UTF_8));
        dataset(iim, 2, 116, copyright.getBytes(StandardCharsets.UTF_8));
        byte[] data = iim.toByteArray();
        ByteArrayOutputStream res = new ByteArrayOutputStream();
        res.writeBytes("Photoshop 3.0\0".getBytes(StandardCharsets.US_ASCII));
        res.writeBytes("8BIM".getBytes(StandardCharsets.US_ASCII));
        res.writeBytes(new byte[] {0x04, 0x04, 0, 0});
        res.writeBytes(be(4, data.length));
        res.writeBytes(data);
        if (data.length % 2 == 1) {
            res.write(0);
        }
        return withSegment(jpeg, 0xED, res.toByteArray());
    }

    private static void dataset(ByteArrayOutputStream out, int record, int tag, byte[] value) {
        out.write(0x1C);
        out.write(record);
        out.write(tag);
        out.writeBytes(be(2, value.length));
        out.writeBytes(value);
    }

    /** Rewrites the SOF0/SOF2 dimensions of a JPEG (a pixel bomb whose data stays small). */
    static byte[] withJpegSize(byte[] jpeg, int w, int h) {
        byte[] out = jpeg.clone();
        for (int i = 2; i < out.length - 9; i++) {
            if ((out[i] & 0xff) == 0xFF && ((out[i + 1] & 0xff) == 0xC0 || (out[i + 1] & 0xff) == 0xC2)) {
                out[i + 5] = (byte) (h >> 8);
                out[i + 6] = (byte) h;
                out[i + 7] = (byte) (w >> 8);
                out[i + 8] = (byte) w;
                return out;
            }
        }
        throw new IllegalStateException("no SOF marker");
    }

    // ---- PNG ----

    static byte[] pngChunk(String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        return concat(be(4, data.length), t, data, be(4, (int) crc.getValue()));
    }

    /** A PNG whose IHDR declares w×h RGB pixels but whose data is a few bytes of one row. */
    static byte[] pngBomb(int w, int h) {
        byte[] ihdr = concat(be(4, w), be(4, h), new byte[] {8, 2, 0, 0, 0});
        Deflater d = new Deflater();
        d.setInput(new byte[1024]);
        d.finish();
        byte[] buf = new byte[2048];
        int n = d.deflate(buf);
        d.end();
        byte[] idat = java.util.Arrays.copyOf(buf, n);
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
                pngChunk("IHDR", ihdr), pngChunk("IDAT", idat), pngChunk("IEND", new byte[0]));
    }

    /** Inserts a pHYs chunk (dots per inch) after IHDR. */
    static byte[] withPngDpi(byte[] png, int dpi) {
        int ppm = (int) Math.round(dpi / 0.0254);
        byte[] phys = pngChunk("pHYs", concat(be(4, ppm), be(4, ppm), new byte[] {1}));
        int afterIhdr = 8 + 4 + 4 + 13 + 4;
        return concat(java.util.Arrays.copyOf(png, afterIhdr), phys,
                java.util.Arrays.copyOfRange(png, afterIhdr, png.length));
    }

    // ---- archives ----

    /** A ZIP whose entries (name → bytes of zeros) inflate to {@code zeros} bytes each; OOXML-like if requested. */
    static Path zip(Path file, boolean ooxml, long zeros) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            if (ooxml) {
                zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
                zip.write(("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                        + "content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/"
                        + "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>")
                        .getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(ooxml ? "word/document.xml" : "data.bin"));
            byte[] chunk = new byte[1 << 20];
            for (long left = zeros; left > 0; left -= chunk.length) {
                zip.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            zip.closeEntry();
        }
        return file;
    }

    // ---- bytes ----

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] be(int n, int v) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[n - 1 - i] = (byte) (v >> (8 * i));
        }
        return b;
    }

    static byte[] le(int n, int v) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >> (8 * i));
        }
        return b;
    }
}
