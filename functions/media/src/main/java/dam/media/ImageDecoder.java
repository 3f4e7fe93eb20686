package dam.media;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataFormatImpl;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.Node;

/**
 * Decodes raster images through ImageIO (TwelveMonkeys plugins registered by SPI) without holding more pixels than
 * needed: the header is checked against {@link MediaLimits} first, then the reader skips pixels through source
 * subsampling and, for crops, decodes only the source region.
 */
public final class ImageDecoder {
    static {
        // Plugins on the classpath register themselves once per JVM; a Lambda class loader needs the scan.
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false); // no temp files: streams are read from local files anyway
    }

    private final MediaLimits limits;

    public ImageDecoder(MediaLimits limits) {
        this.limits = limits;
    }

    public ImageDecoder() {
        this(MediaLimits.DEFAULT);
    }

    public MediaLimits limits() {
        return limits;
    }

    /** Reads the header only; CORRUPT/UNSUPPORTED_FORMAT when no reader understands it. Does not apply limits. */
    public ImageHeader header(Path file) {
        return withReader(file, reader -> {
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            ColorModel cm = firstColourModel(reader);
            Double[] dpi = dpi(reader);
            return new ImageHeader(reader.getFormatName().toLowerCase(), w, h,
                    cm == null ? null : colourModelName(cm.getColorSpace()),
                    cm == null ? null : profileName(cm.getColorSpace()),
                    cm != null && cm.hasAlpha(), dpi[0], dpi[1]);
        });
    }

    /**
     * Decodes {@code region} (stored coordinates, null = whole image) keeping every {@code subsampling}-th pixel,
     * after checking the header against the limits; returns an sRGB image (TYPE_INT_RGB or TYPE_INT_ARGB).
     */
    public BufferedImage decode(Path file, Rectangle region, int subsampling) {
        if (subsampling < 1) {
            throw new IllegalArgumentException("subsampling must be >= 1");
        }
        return withReader(file, reader -> {
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            limits.checkPixels(w, h);
            ImageReadParam param = reader.getDefaultReadParam();
            if (region != null) {
                Rectangle clipped = region.intersection(new Rectangle(0, 0, w, h));
                if (clipped.isEmpty()) {
                    throw new RegionOutside("region " + region + " is outside the " + w + "×" + h + " image");
                }
                param.setSourceRegion(clipped);
            }
            if (subsampling > 1) {
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
            }
            return toSrgb(reader.read(0, param));
        });
    }

    /** Largest subsampling that still leaves at least {@code needed} pixels along a side of {@code length}. */
    public static int subsamplingFor(int length, int needed) {
        return Math.max(1, length / Math.max(1, needed));
    }

    /** Converts any colour model (CMYK, ICC, gray, indexed, 16-bit) to sRGB, keeping alpha if present. */
    public static BufferedImage toSrgb(BufferedImage src) {
        ColorModel cm = src.getColorModel();
        int type = cm.hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (src.getType() == type) {
            return src;
        }
        BufferedImage dst = new BufferedImage(src.getWidth(), src.getHeight(), type);
        ColorSpace cs = cm.getColorSpace();
        // sRGB, palette and plain (unprofiled) gray are copied as-is: their values are already display-encoded.
        if (cs.isCS_sRGB() || cs == ColorSpace.getInstance(ColorSpace.CS_GRAY)) {
            Graphics2D g = dst.createGraphics();
            try {
                g.drawImage(src, 0, 0, null);
            } finally {
                g.dispose();
            }
            return dst;
        }
        // ICC-managed conversion (CMYK, Adobe RGB, calibrated gray, ...) via the JDK's colour management.
        new ColorConvertOp(null).filter(src, dst);
        return dst;
    }

    static String colourModelName(ColorSpace cs) {
        return switch (cs.getType()) {
            case ColorSpace.TYPE_RGB -> "RGB";
            case ColorSpace.TYPE_CMYK -> "CMYK";
            case ColorSpace.TYPE_GRAY -> "GRAY";
            case ColorSpace.TYPE_YCbCr -> "YCbCr";
            case ColorSpace.TYPE_Lab -> "Lab";
            default -> "TYPE_" + cs.getType();
        };
    }

    static String profileName(ColorSpace cs) {
        if (cs.isCS_sRGB()) {
            return "sRGB";
        }
        if (cs instanceof ICC_ColorSpace icc) {
            return describe(icc.getProfile());
        }
        return null;
    }

    /** The profile's 'desc' text (ICC v2 textDescriptionType or v4 multiLocalizedUnicodeType). */
    static String describe(ICC_Profile profile) {
        byte[] desc = profile.getData(ICC_Profile.icSigProfileDescriptionTag);
        if (desc == null || desc.length < 12) {
            return null;
        }
        String sig = new String(desc, 0, 4, StandardCharsets.US_ASCII);
        if (sig.equals("desc")) {
            int len = readInt(desc, 8);
            int n = Math.max(0, Math.min(len - 1, desc.length - 12));
            return new String(desc, 12, n, StandardCharsets.US_ASCII).trim();
        }
        if (sig.equals("mluc") && desc.length >= 28) {
            int len = readInt(desc, 20);
            int off = readInt(desc, 24);
            if (off + len <= desc.length) {
                return new String(desc, off, len, StandardCharsets.UTF_16BE).trim();
            }
        }
        return null;
    }

    private static int readInt(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    private static ColorModel firstColourModel(ImageReader reader) throws IOException {
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        if (raw != null) {
            return raw.getColorModel();
        }
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        return types.hasNext() ? types.next().getColorModel() : null;
    }

    /** DPI from the standard metadata tree (pixel size in mm), which JFIF, PNG pHYs, TIFF and BMP readers fill. */
    private static Double[] dpi(ImageReader reader) {
        Double[] out = {null, null};
        try {
            IIOMetadata md = reader.getImageMetadata(0);
            if (md == null || !md.isStandardMetadataFormatSupported()) {
                return out;
            }
            Node root = md.getAsTree(IIOMetadataFormatImpl.standardMetadataFormatName);
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (!"Dimension".equals(n.getNodeName())) {
                    continue;
                }
                for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
                    boolean horizontal = "HorizontalPixelSize".equals(c.getNodeName());
                    if (!horizontal && !"VerticalPixelSize".equals(c.getNodeName())) {
                        continue;
                    }
                    Node v = c.getAttributes() == null ? null : c.getAttributes().getNamedItem("value");
                    if (v == null) {
                        continue;
                    }
                    double mmPerPixel = Double.parseDouble(v.getNodeValue());
                    if (mmPerPixel <= 0) {
                        continue;
                    }
                    double dpi = Math.round(25.4 / mmPerPixel * 100) / 100.0;
                    out[horizontal ? 0 : 1] = dpi;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Resolution is optional information: an unreadable metadata block must not fail the header.
            System.getLogger(ImageDecoder.class.getName()).log(System.Logger.Level.DEBUG, "no DPI: " + e);
        }
        return out;
    }

    /** A caller asked for pixels the image does not have. */
    static final class RegionOutside extends IllegalArgumentException {
        RegionOutside(String message) {
            super(message);
        }
    }

    @FunctionalInterface
    private interface ReaderWork<T> {
        T apply(ImageReader reader) throws IOException;
    }

    private static <T> T withReader(Path file, ReaderWork<T> work) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new MediaException(ReasonCode.CORRUPT, "cannot open " + file.getFileName());
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new MediaException(ReasonCode.UNSUPPORTED_FORMAT, "no image decoder recognises the file");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, false);
                return work.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (MediaException | RegionOutside e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MediaException(ReasonCode.CORRUPT, "image cannot be decoded: " + e.getMessage(), e);
        }
    }
}
