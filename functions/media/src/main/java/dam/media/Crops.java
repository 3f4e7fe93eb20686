package dam.media;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Preset crops that keep a focal point (and, when they fit, all face boxes) in frame. The crop is the largest
 * rectangle of the preset's aspect ratio inside the image, centred on the focal point and clamped to the edges; only
 * that region is decoded (region decode + subsampling), then resized to exactly the preset size.
 */
public final class Crops {
    /** Long edge of the small image used to estimate saliency. */
    private static final int SALIENCY_EDGE = 256;

    private final ImageDecoder decoder;
    private final Renditions renditions;

    public Crops(ImageDecoder decoder) {
        this.decoder = decoder;
        this.renditions = new Renditions(decoder, 1.0);
    }

    public Crops() {
        this(new ImageDecoder());
    }

    /**
     * Pure geometry: the crop for a {@code width}×{@code height} (display) image.
     *
     * @param keep boxes to keep whole when they fit together (faces); may be empty
     */
    public static Rectangle plan(int width, int height, CropPreset preset, FocalPoint focal, List<Box> keep) {
        double aspect = preset.aspect();
        int cw;
        int ch;
        if ((double) width / height > aspect) {
            ch = height;
            cw = Math.max(1, Math.min(width, (int) Math.round(height * aspect)));
        } else {
            cw = width;
            ch = Math.max(1, Math.min(height, (int) Math.round(width / aspect)));
        }
        int x = (int) Math.round(focal.x() * width - cw / 2.0);
        int y = (int) Math.round(focal.y() * height - ch / 2.0);
        if (keep != null && !keep.isEmpty()) {
            double ux0 = 1;
            double uy0 = 1;
            double ux1 = 0;
            double uy1 = 0;
            for (Box b : keep) {
                ux0 = Math.min(ux0, b.x());
                uy0 = Math.min(uy0, b.y());
                ux1 = Math.max(ux1, b.x() + b.width());
                uy1 = Math.max(uy1, b.y() + b.height());
            }
            x = shiftToContain(x, cw, (int) Math.floor(ux0 * width), (int) Math.ceil(ux1 * width));
            y = shiftToContain(y, ch, (int) Math.floor(uy0 * height), (int) Math.ceil(uy1 * height));
        }
        x = Math.max(0, Math.min(width - cw, x));
        y = Math.max(0, Math.min(height - ch, y));
        return new Rectangle(x, y, cw, ch);
    }

    // Moves [start, start+len) to cover [lo, hi) when that span fits; otherwise leaves it centred on the focal point.
    private static int shiftToContain(int start, int len, int lo, int hi) {
        if (hi - lo > len) {
            return start;
        }
        if (lo < start) {
            return lo;
        }
        if (hi > start + len) {
            return hi - len;
        }
        return start;
    }

    /**
     * Writes {@code preset} of {@code source}.
     *
     * @param focal a manual focal point, or null to estimate one from {@code faces} or saliency
     * @param faces detected face boxes in display-relative units (may be empty)
     */
    public CropResult render(Path source, CropPreset preset, FocalPoint focal, List<Box> faces, OutputFormat format,
                             OutputStream out) {
        ImageHeader header = decoder.header(source);
        decoder.limits().checkPixels(header.width(), header.height());
        int orientation = Orientation.read(source);
        boolean swap = Orientation.swapsAxes(orientation);
        int dw = swap ? header.height() : header.width();
        int dh = swap ? header.width() : header.height();

        FocalPoint fp = focal;
        if (fp == null) {
            fp = faces != null && !faces.isEmpty() ? FocalPoints.fromFaces(faces)
                    : FocalPoints.saliency(renditions.image(source, SALIENCY_EDGE));
        }
        Rectangle crop = plan(dw, dh, preset, fp, faces);
        // Reduce only while the crop still has at least the preset's pixels on both axes.
        int sub = Math.max(1, Math.min(crop.width / preset.width(), crop.height / preset.height()));
        BufferedImage region = null;
        String path = Rendition.IMAGEIO_SUBSAMPLED;
        int reduction = sub >= 8 ? 8 : sub >= 4 ? 4 : sub >= 2 ? 2 : 1;
        if ("jpeg".equals(header.format()) && reduction > 1) {
            region = jpegCrop(source, crop, reduction, orientation);
            if (region != null) {
                sub = reduction;
                path = Rendition.JPEG_DCT_SCALED;
            }
        }
        if (region == null) {
            Rectangle stored = Orientation.toStored(crop, orientation, header.width(), header.height());
            region = Orientation.apply(decoder.decode(source, stored, sub), orientation);
        }
        BufferedImage sized = Renditions.resize(region, preset.width(), preset.height());
        long bytes = ImageWriting.write(sized, format, out);
        boolean upscaled = crop.width < preset.width() || crop.height < preset.height();
        return new CropResult(new Rendition(preset.name(), format, sized.getWidth(), sized.getHeight(), bytes, sub,
                orientation, path), crop, fp, upscaled);
    }

    /** Shrink-on-load decode of the whole JPEG at 1/reduction, then the crop cut from it; null to use ImageIO. */
    private static BufferedImage jpegCrop(Path source, Rectangle crop, int reduction, int orientation) {
        BufferedImage small;
        try {
            small = JpegShrinkDecoder.decode(source, reduction);
        } catch (java.io.IOException | RuntimeException e) {
            System.getLogger(Crops.class.getName()).log(System.Logger.Level.INFO,
                    "shrink-on-load fell back to ImageIO: " + e);
            return null;
        }
        if (small == null) {
            return null;
        }
        BufferedImage shown = Orientation.apply(small, orientation);
        int x = Math.min(crop.x / reduction, shown.getWidth() - 1);
        int y = Math.min(crop.y / reduction, shown.getHeight() - 1);
        int w = Math.max(1, Math.min(crop.width / reduction, shown.getWidth() - x));
        int h = Math.max(1, Math.min(crop.height / reduction, shown.getHeight() - y));
        return shown.getSubimage(x, y, w, h);
    }
}
