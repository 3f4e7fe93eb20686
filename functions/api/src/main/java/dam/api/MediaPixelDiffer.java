package dam.api;

import dam.core.review.PixelDiffer;
import dam.media.Box;
import dam.media.DiffResult;
import dam.media.VisualDiff;

import javax.imageio.ImageIO;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link PixelDiffer} with {@link VisualDiff} on decoded renditions (our own JPEGs, at most 2048 px, so decoding
 * them whole is bounded); the overlay is written as PNG.
 */
final class MediaPixelDiffer implements PixelDiffer {

    private final VisualDiff diff;

    MediaPixelDiffer(VisualDiff diff) {
        this.diff = diff;
    }

    @Override
    public Result diff(byte[] from, byte[] to) {
        DiffResult r = diff.diff(decode(from, "from"), decode(to, "to"));
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < r.regions().size(); i++) {
            Rectangle px = r.regions().get(i);
            Box rel = r.relativeRegions().get(i);
            regions.add(new Region(rel.x(), rel.y(), rel.width(), rel.height(), px.x, px.y, px.width, px.height));
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(r.overlay(), "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the diff overlay", e);
        }
        return new Result(r.width(), r.height(), r.changedPixels(), r.percentChanged(), regions, png.toByteArray());
    }

    private static BufferedImage decode(byte[] bytes, String which) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            if (img == null) {
                throw new IllegalArgumentException("the " + which + " rendition is not a readable image");
            }
            return img;
        } catch (IOException e) {
            throw new IllegalArgumentException("the " + which + " rendition cannot be decoded", e);
        }
    }
}
