package dam.rendition;

import dam.aws.S3Files;
import dam.core.library.DerivativeSpec;
import dam.core.library.Focal;
import dam.core.library.LibraryStore;
import dam.media.Box;
import dam.media.CropPreset;
import dam.media.CropResult;
import dam.media.Crops;
import dam.media.FocalPoint;
import dam.media.FocalPoints;
import dam.media.ImageDecoder;
import dam.media.ImageHeader;
import dam.media.ImageWriting;
import dam.media.Orientation;
import dam.media.OutputFormat;
import dam.media.Renditions;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Downloads' derivatives ({@code op: derive}): reads the original, writes the conversion straight to the derivatives
 * bucket. Crops keep the focal point — manual if the request carries one, else the version's detected one (faces from
 * the detector on a 1024 px rendition, else edge-energy saliency), recorded once per version so every preset crop of
 * a version uses the same point and the API can show it. Fits scale the long edge down, never up.
 */
public final class DerivativeStep {

    /** Face boxes in a (display-oriented) JPEG, relative to its size. */
    @FunctionalInterface
    public interface FaceDetector {
        List<Focal.FaceBox> detect(byte[] jpeg);
    }

    /** Edge of the image the face detector sees (Rekognition needs < 5 MB; small faces stay detectable). */
    static final int DETECT_EDGE = 1024;
    private static final int SALIENCY_EDGE = 256;

    private final Function<String, S3Files.LocalCopy> originals;
    private final RenditionStep.Store store;
    private final LibraryStore library;
    private final FaceDetector faces;
    private final ImageDecoder decoder;
    private final Renditions renditions;
    private final Crops crops;
    private final Path workDir;

    public DerivativeStep(Function<String, S3Files.LocalCopy> originals, RenditionStep.Store store,
                          LibraryStore library, FaceDetector faces, ImageDecoder decoder, Path workDir) {
        this.originals = Objects.requireNonNull(originals);
        this.store = Objects.requireNonNull(store);
        this.library = Objects.requireNonNull(library);
        this.faces = Objects.requireNonNull(faces);
        this.decoder = Objects.requireNonNull(decoder);
        this.renditions = new Renditions(decoder, 1.0);
        this.crops = new Crops(decoder);
        this.workDir = Objects.requireNonNull(workDir);
    }

    /** Writes {@code spec.key()}; returns the focal point a crop kept (null for a fit). */
    public Focal derive(DerivativeSpec spec) {
        OutputFormat format = OutputFormat.parse(spec.format());
        if (!format.writable()) {
            throw new IllegalArgumentException(format.extension() + " output not available: no encoder installed");
        }
        Path file = originals.apply(spec.sourceKey()).file();
        try {
            Files.createDirectories(workDir);
            Path out = Files.createTempFile(workDir, "derivative-", "." + format.extension());
            try {
                Focal used = null;
                try (OutputStream os = Files.newOutputStream(out)) {
                    if (DerivativeSpec.CROP.equals(spec.mode())) {
                        used = crop(spec, file, format, os);
                    } else {
                        renditions.render(file, "fit", longEdge(spec, file), format, os);
                    }
                }
                store.put(spec.key(), out, format.mediaType());
                return used;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deriving " + spec.key(), e);
        }
    }

    private Focal crop(DerivativeSpec spec, Path file, OutputFormat format, OutputStream os) {
        if ("application/pdf".equals(spec.sourceType())) {
            throw new IllegalArgumentException("presets crop images; download a PDF by width or height");
        }
        Focal focal = spec.focal() != null ? spec.focal()
                : library.detectedFocal(spec.assetId(), spec.version()).orElseGet(() -> {
                    Focal detected = detect(file);
                    library.saveDetectedFocal(spec.assetId(), spec.version(), detected);
                    return detected;
                });
        List<Box> keep = focal.faces().stream().map(f -> new Box(f.x(), f.y(), f.width(), f.height())).toList();
        String name = spec.presetName() != null ? spec.presetName() : "custom";
        CropResult r = crops.render(file, new CropPreset(name, spec.width(), spec.height()),
                new FocalPoint(focal.x(), focal.y(), focal.source()), keep, format, os);
        return new Focal(r.focalPoint().x(), r.focalPoint().y(), r.focalPoint().source(), focal.faces());
    }

    /** Faces on a 1024 px rendition, else saliency; clamped boxes (detectors may report boxes past the edge). */
    Focal detect(Path file) {
        BufferedImage image = renditions.image(file, DETECT_EDGE);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageWriting.write(image, OutputFormat.JPEG, jpeg);
        List<Focal.FaceBox> boxes = faces.detect(jpeg.toByteArray()).stream().map(DerivativeStep::clamp)
                .filter(Objects::nonNull).toList();
        if (!boxes.isEmpty()) {
            FocalPoint p = FocalPoints.fromFaces(boxes.stream().map(b -> new Box(b.x(), b.y(), b.width(),
                    b.height())).toList());
            return new Focal(p.x(), p.y(), "faces", boxes);
        }
        FocalPoint p = FocalPoints.saliency(small(image));
        return new Focal(p.x(), p.y(), p.source(), List.of());
    }

    /** A ≈256 px copy for the saliency estimate (its resolution is all the estimate needs). */
    private static BufferedImage small(BufferedImage image) {
        double scale = Math.min(1.0, (double) SALIENCY_EDGE / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                    java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    static Focal.FaceBox clamp(Focal.FaceBox b) {
        double x0 = Math.max(0, b.x());
        double y0 = Math.max(0, b.y());
        double x1 = Math.min(1, b.x() + b.width());
        double y1 = Math.min(1, b.y() + b.height());
        return x1 > x0 && y1 > y0 ? new Focal.FaceBox(x0, y0, x1 - x0, y1 - y0) : null;
    }

    /** The long edge of a fit: the asked side scaled to the display aspect; no side asked = full size. */
    private int longEdge(DerivativeSpec spec, Path file) {
        if ("application/pdf".equals(spec.sourceType())) {
            return spec.width() > 0 || spec.height() > 0 ? Math.max(spec.width(), spec.height()) : 2048;
        }
        ImageHeader h = decoder.header(file);
        boolean swap = Orientation.swapsAxes(Orientation.read(file));
        int dw = swap ? h.height() : h.width();
        int dh = swap ? h.width() : h.height();
        int full = Math.max(dw, dh);
        if (spec.width() > 0) {
            return Math.min(full, dw >= dh ? spec.width() : (int) Math.round((double) spec.width() * dh / dw));
        }
        if (spec.height() > 0) {
            return Math.min(full, dh >= dw ? spec.height() : (int) Math.round((double) spec.height() * dw / dh));
        }
        return full;
    }
}
