package dam.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Encodes sRGB images in an {@link OutputFormat}; returns the number of bytes written. */
public final class ImageWriting {
    /** JPEG quality used for every JPEG rendition (0..1). */
    public static final float JPEG_QUALITY = 0.85f;

    private ImageWriting() {
    }

    public static long write(BufferedImage image, OutputFormat format, OutputStream out) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format.imageIoName());
        if (!writers.hasNext()) {
            throw new MediaException(ReasonCode.UNSUPPORTED_FORMAT, "no " + format + " encoder is installed"
                    + (format == OutputFormat.WEBP ? " (TwelveMonkeys reads WebP but cannot write it)" : ""));
        }
        BufferedImage img = format.keepsAlpha() ? image : flatten(image);
        ImageWriter writer = writers.next();
        Counting counting = new Counting(out);
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(counting)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format == OutputFormat.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
            } else if (format == OutputFormat.TIFF && param.canWriteCompressed()) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType("LZW");
            }
            writer.write(null, new IIOImage(img, null, null), param);
            ios.flush();
        } catch (IOException e) {
            throw new MediaException(ReasonCode.UNSUPPORTED_FORMAT, "writing " + format + " failed: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
        return counting.count;
    }

    /** JPEG has no alpha: composite onto white rather than letting transparent pixels turn black. */
    static BufferedImage flatten(BufferedImage src) {
        if (!src.getColorModel().hasAlpha()) {
            return src;
        }
        BufferedImage dst = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, dst.getWidth(), dst.getHeight());
            g.drawImage(src, 0, 0, null);
        } finally {
            g.dispose();
        }
        return dst;
    }

    private static final class Counting extends FilterOutputStream {
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush(); // the caller owns the underlying stream
        }
    }
}
