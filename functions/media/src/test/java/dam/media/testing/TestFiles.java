package dam.media.testing;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Files generated for tests: photos with an EXIF orientation, and the bad-input corpus of issue 6. */
public final class TestFiles {

    private TestFiles() {
    }

    /** A JPEG of width × height pixels (as stored) with an EXIF orientation tag. */
    public static byte[] jpeg(int width, int height, int orientation) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        byte[] plain = out.toByteArray();
        // APP1 "Exif": big-endian TIFF header, one IFD entry 0x0112 (Orientation, SHORT, 1).
        ByteBuffer app1 = ByteBuffer.allocate(36);
        app1.putShort((short) 0xFFE1).putShort((short) 34).put("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}).putShort((short) 1)
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0)
                .putInt(0);
        byte[] result = new byte[plain.length + 36];
        System.arraycopy(plain, 0, result, 0, 2); // SOI
        System.arraycopy(app1.array(), 0, result, 2, 36);
        System.arraycopy(plain, 2, result, 38, plain.length - 2);
        return result;
    }

    /** The first half of a JPEG: no end-of-image marker. */
    public static byte[] truncated(byte[] jpeg) {
        return Arrays.copyOf(jpeg, jpeg.length / 2);
    }

    /** A valid PNG header declaring width × height (a pixel bomb when large), with one tiny IDAT and IEND. */
    public static byte[] pngDeclaring(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12 + 12 + 2);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(b, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(b, "IDAT", new byte[] {0x78, 0x01});
        chunk(b, "IEND", new byte[0]);
        return Arrays.copyOf(b.array(), b.position());
    }

    /** A Windows executable's first bytes ("MZ" DOS header + PE signature). */
    public static byte[] exe() {
        byte[] b = new byte[4096];
        b[0] = 'M';
        b[1] = 'Z';
        b[0x3C] = (byte) 0x80;
        b[0x80] = 'P';
        b[0x81] = 'E';
        return b;
    }

    private static void chunk(ByteBuffer b, String type, byte[] data) {
        b.putInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        b.put(t).put(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        b.putInt((int) crc.getValue());
    }
}
