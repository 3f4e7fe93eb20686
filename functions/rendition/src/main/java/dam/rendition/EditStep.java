package dam.rendition;

import dam.aws.S3Files;
import dam.core.library.EditOp;
import dam.core.library.EditSpec;
import dam.media.ImageWriting;
import dam.media.OutputFormat;
import dam.media.Renditions;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Non-destructive edits ({@code op: edit}): the base version's original, decoded full size as displayed (EXIF
 * orientation applied), through the recipe's steps in order — crop, rotate (clockwise), resize, flip — written in the
 * base's format to the new version's key in the originals bucket, where ingest picks it up. The API validated the
 * recipe against the recorded size; a step that still does not fit the decoded image is refused here.
 */
public final class EditStep {

    private final Function<String, S3Files.LocalCopy> originals;
    private final RenditionStep.Store target;
    private final Renditions renditions;
    private final int maxSide;
    private final Path workDir;

    public EditStep(Function<String, S3Files.LocalCopy> originals, RenditionStep.Store target, Renditions renditions,
                    int maxSide, Path workDir) {
        this.originals = Objects.requireNonNull(originals);
        this.target = Objects.requireNonNull(target);
        this.renditions = Objects.requireNonNull(renditions);
        this.maxSide = maxSide;
        this.workDir = Objects.requireNonNull(workDir);
    }

    public void edit(EditSpec spec) {
        OutputFormat format = OutputFormat.parse(spec.format());
        if (!format.writable()) {
            throw new IllegalArgumentException(format.extension() + " output not available: no encoder installed");
        }
        BufferedImage image = renditions.image(originals.apply(spec.sourceKey()).file(), maxSide);
        for (EditOp op : spec.recipe()) {
            image = apply(image, op);
        }
        try {
            Files.createDirectories(workDir);
            Path out = Files.createTempFile(workDir, "edit-", "." + format.extension());
            try {
                try (OutputStream os = Files.newOutputStream(out)) {
                    ImageWriting.write(image, format, os);
                }
                target.put(spec.targetKey(), out, format.mediaType());
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("editing into " + spec.targetKey(), e);
        }
    }

    static BufferedImage apply(BufferedImage img, EditOp op) {
        int w = img.getWidth();
        int h = img.getHeight();
        return switch (op.op()) {
            case "crop" -> {
                if (op.x() + op.width() > w || op.y() + op.height() > h) {
                    throw new IllegalArgumentException("the crop " + op.x() + "," + op.y() + " " + op.width() + "×"
                            + op.height() + " leaves the " + w + "×" + h + " image");
                }
                yield copy(img.getSubimage(op.x(), op.y(), op.width(), op.height()));
            }
            case "rotate" -> {
                boolean swap = op.degrees() != 180;
                BufferedImage out = blank(img, swap ? h : w, swap ? w : h);
                AffineTransform t = new AffineTransform();
                t.translate(out.getWidth() / 2.0, out.getHeight() / 2.0);
                t.quadrantRotate(op.degrees() / 90);
                t.translate(-w / 2.0, -h / 2.0);
                yield draw(img, out, t);
            }
            case "resize" -> {
                int nw = op.width() != null ? op.width() : (int) Math.max(1, Math.round((double) w * op.height() / h));
                int nh = op.height() != null ? op.height() : (int) Math.max(1, Math.round((double) h * op.width() / w));
                BufferedImage out = blank(img, nw, nh);
                Graphics2D g = out.createGraphics();
                try {
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
                    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                    g.drawImage(img, 0, 0, nw, nh, null);
                } finally {
                    g.dispose();
                }
                yield out;
            }
            case "flip" -> {
                AffineTransform t = "horizontal".equals(op.axis())
                        ? new AffineTransform(-1, 0, 0, 1, w, 0) // mirror left ↔ right
                        : new AffineTransform(1, 0, 0, -1, 0, h); // upside down
                yield draw(img, blank(img, w, h), t);
            }
            default -> throw new IllegalArgumentException("unknown edit op '" + op.op() + "'");
        };
    }

    private static BufferedImage draw(BufferedImage src, BufferedImage out, AffineTransform t) {
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(src, t, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage copy(BufferedImage sub) {
        BufferedImage out = blank(sub, sub.getWidth(), sub.getHeight());
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(sub, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage blank(BufferedImage like, int w, int h) {
        return new BufferedImage(w, h, like.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB
                : BufferedImage.TYPE_INT_RGB);
    }
}
