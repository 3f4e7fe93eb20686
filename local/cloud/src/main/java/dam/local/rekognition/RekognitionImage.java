package dam.local.rekognition;

import dam.local.edge.AwsException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A request's image, checked the way Rekognition checks it: PNG or JPEG by its magic bytes (not by any declared type),
 * within the size limit, with a readable header. Decoding happens later and only as large as a detector needs.
 */
final class RekognitionImage {

    /** AWS: 5 MB for raw {@code Bytes}, 15 MB for an {@code S3Object}. */
    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final int MAX_S3_BYTES = 15 * 1024 * 1024;
    /** Refuses pixel bombs (a tiny file declaring a huge raster) before anything is decoded. */
    static final long MAX_PIXELS = 100_000_000L;

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final byte[] bytes;
    private final String format;
    private final int width;
    private final int height;

    private RekognitionImage(byte[] bytes, String format, int width, int height) {
        this.bytes = bytes;
        this.format = format;
        this.width = width;
        this.height = height;
    }

    static RekognitionImage of(byte[] bytes, int maxBytes) {
        if (bytes.length > maxBytes) {
            throw new AwsException("ImageTooLargeException", "Image size " + bytes.length
                    + " bytes exceeds the limit of " + maxBytes + " bytes", 400);
        }
        String format = sniff(bytes);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(format);
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw invalid("the image declares no pixels");
                }
                if ((long) w * h > MAX_PIXELS) {
                    throw new AwsException("ImageTooLargeException", "Image of " + w + "x" + h
                            + " pixels exceeds the local limit of " + MAX_PIXELS + " pixels", 400);
                }
                return new RekognitionImage(bytes, format, w, h);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof AwsException aws) {
                throw aws;
            }
            throw invalid("the " + format + " header cannot be read: " + e.getMessage());
        }
    }

    byte[] bytes() {
        return bytes;
    }

    String sha256() {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    String format() {
        return format;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /**
     * Decodes with source subsampling so the short side is at least {@code minShortSide} (or full size when smaller):
     * a 24 MP photo never needs its full raster in memory to find faces.
     */
    BufferedImage decode(int minShortSide) {
        int step = Math.max(1, Math.min(width, height) / Math.max(1, minShortSide));
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(format);
            try {
                reader.setInput(in, true, true);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage image = reader.read(0, param);
                if (image == null) {
                    throw invalid("the image has no decodable raster");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof AwsException aws) {
                throw aws;
            }
            throw invalid("the " + format + " data cannot be decoded: " + e.getMessage());
        }
    }

    private static String sniff(byte[] b) {
        if (b.length >= PNG.length && java.util.Arrays.equals(b, 0, PNG.length, PNG, 0, PNG.length)) {
            return "png";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "jpeg";
        }
        throw invalid("the image is neither PNG nor JPEG");
    }

    private static ImageReader readerFor(String format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format);
        }
        return readers.next();
    }

    static AwsException invalid(String why) {
        return new AwsException("InvalidImageFormatException", "Request has invalid image format: " + why, 400);
    }
}
