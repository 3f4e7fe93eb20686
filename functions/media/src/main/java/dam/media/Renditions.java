package dam.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import net.coobird.thumbnailator.Thumbnails;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * Renditions by long edge: EXIF orientation honoured, sRGB output, never upscaled. Raster sources are decoded with
 * source subsampling so only about {@code oversample × target} pixels per side are ever held (a 6000×4000 JPEG → 1024
 * px decodes 1500×1000 at oversample 1); PDFs render their first page at the DPI that gives the target size.
 */
public final class Renditions {
    /** Receives the encoded bytes of one named size. */
    @FunctionalInterface
    public interface Sink {
        OutputStream open(RenditionSize size) throws IOException;
    }

    private final ImageDecoder decoder;
    private final double oversample;

    /**
     * @param oversample how many times the target size the subsampled decode keeps (≥ 1); higher trades speed and
     *                   memory for less aliasing before the final high-quality resize
     */
    public Renditions(ImageDecoder decoder, double oversample) {
        if (oversample < 1) {
            throw new IllegalArgumentException("oversample must be >= 1");
        }
        this.decoder = decoder;
        this.oversample = oversample;
    }

    public Renditions() {
        this(new ImageDecoder(), 1.0);
    }

    public Rendition render(Path source, RenditionSize size, OutputFormat format, OutputStream out) {
        return render(source, size.key(), size.longEdge(), format, out);
    }

    /** Writes one rendition of {@code source} whose long edge is at most {@code longEdge}. */
    public Rendition render(Path source, String name, int longEdge, OutputFormat format, OutputStream out) {
        Decoded d = decode(source, longEdge);
        BufferedImage img = fit(d.image, longEdge);
        long bytes = ImageWriting.write(img, format, out);
        return new Rendition(name, format, img.getWidth(), img.getHeight(), bytes, d.subsampling, d.orientation,
                d.path);
    }

    /**
     * Writes every requested size from ONE decode: the largest size is made from the subsampled source, each smaller
     * one from the previous result (a chain of ≥2× reductions keeps quality and costs little).
     */
    public List<Rendition> renderAll(Path source, List<RenditionSize> sizes, OutputFormat format, Sink sink) {
        List<RenditionSize> bySize = new ArrayList<>(sizes);
        bySize.sort(Comparator.comparingInt(RenditionSize::longEdge).reversed());
        if (bySize.isEmpty()) {
            return List.of();
        }
        Decoded d = decode(source, bySize.get(0).longEdge());
        BufferedImage current = d.image;
        List<Rendition> out = new ArrayList<>();
        for (RenditionSize size : bySize) {
            current = fit(current, size.longEdge());
            try (OutputStream os = sink.open(size)) {
                long bytes = ImageWriting.write(current, format, os);
                out.add(new Rendition(size.key(), format, current.getWidth(), current.getHeight(), bytes,
                        d.subsampling, d.orientation, d.path));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("writing rendition " + size.key(), e);
            }
        }
        return out;
    }

    public static List<RenditionSize> standardSizes() {
        return Arrays.asList(RenditionSize.values());
    }

    /** The display-oriented sRGB image with long edge at most {@code longEdge} (for hashing, saliency, diffs). */
    public BufferedImage image(Path source, int longEdge) {
        return fit(decode(source, longEdge).image, longEdge);
    }

    record Decoded(BufferedImage image, int subsampling, int orientation, String path) {
    }

    /** Decoded, sRGB, oriented, with long edge ≥ min(longEdge, source long edge). */
    Decoded decode(Path source, int longEdge) {
        if (longEdge < 1 || longEdge > decoder.limits().maxSide()) {
            throw new IllegalArgumentException("long edge must be 1.." + decoder.limits().maxSide() + ": " + longEdge);
        }
        if (isPdf(source)) {
            return new Decoded(pdfFirstPage(source, longEdge), 1, 1, Rendition.PDF_PAGE);
        }
        ImageHeader header = decoder.header(source);
        decoder.limits().checkPixels(header.width(), header.height());
        int needed = (int) Math.ceil(longEdge * oversample);
        int orientation = Orientation.read(source);
        if ("jpeg".equals(header.format())) {
            int reduction = JpegShrinkDecoder.reductionFor(header.width(), header.height(), needed);
            BufferedImage small = reduction > 1 ? shrinkOnLoad(source, reduction) : null;
            if (small != null) {
                return new Decoded(Orientation.apply(small, orientation), reduction, orientation,
                        Rendition.JPEG_DCT_SCALED);
            }
        }
        int sub = ImageDecoder.subsamplingFor(Math.max(header.width(), header.height()), needed);
        BufferedImage img = decoder.decode(source, null, sub);
        return new Decoded(Orientation.apply(img, orientation), sub, orientation, Rendition.IMAGEIO_SUBSAMPLED);
    }

    /** DCT-domain reduced decode; null (ImageIO takes over) for JPEG variants it does not handle or cannot read. */
    private static BufferedImage shrinkOnLoad(Path source, int reduction) {
        try {
            return JpegShrinkDecoder.decode(source, reduction);
        } catch (IOException | RuntimeException e) {
            // ImageIO decodes (or refuses with a reason) what the fast path cannot; keep the cause in the log.
            System.getLogger(Renditions.class.getName()).log(System.Logger.Level.INFO,
                    "shrink-on-load fell back to ImageIO: " + e);
            return null;
        }
    }

    /** Scales down (never up) so the long edge is at most {@code longEdge}, keeping the aspect ratio. */
    static BufferedImage fit(BufferedImage img, int longEdge) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (Math.max(w, h) <= longEdge) {
            return img;
        }
        double scale = (double) longEdge / Math.max(w, h);
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        return resize(img, tw, th);
    }

    static BufferedImage resize(BufferedImage img, int width, int height) {
        if (img.getWidth() == width && img.getHeight() == height) {
            return img;
        }
        try {
            return Thumbnails.of(img).forceSize(width, height).asBufferedImage();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("resize failed", e); // in-memory: not expected
        }
    }

    static boolean isPdf(Path file) {
        byte[] head = new byte[1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            String s = new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
            return s.contains("%PDF-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading " + file, e);
        }
    }

    /** Renders page 1 at the DPI that makes its long edge {@code longEdge} pixels. */
    static BufferedImage pdfFirstPage(Path file, int longEdge) {
        try (PDDocument doc = Loader.loadPDF(file.toFile())) {
            if (doc.getNumberOfPages() == 0) {
                throw new MediaException(ReasonCode.CORRUPT, "the PDF has no pages");
            }
            PDPage page = doc.getPage(0);
            PDRectangle box = page.getCropBox();
            float longPts = Math.max(box.getWidth(), box.getHeight());
            if (longPts <= 0) {
                throw new MediaException(ReasonCode.CORRUPT, "the PDF's first page has no size");
            }
            float dpi = longEdge * 72f / longPts;
            BufferedImage img = new PDFRenderer(doc).renderImageWithDPI(0, dpi, ImageType.RGB);
            return ImageDecoder.toSrgb(img);
        } catch (IOException e) {
            throw new MediaException(ReasonCode.CORRUPT, "the PDF cannot be rendered: " + e.getMessage(), e);
        }
    }
}
