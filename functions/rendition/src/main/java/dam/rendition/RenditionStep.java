package dam.rendition;

import dam.aws.S3Files;
import dam.core.asset.AssetVersion;
import dam.core.asset.IngestService;
import dam.core.asset.Rendition;
import dam.core.asset.StepResult;
import dam.core.asset.Tag;
import dam.core.asset.VersionState;
import dam.media.DominantColours;
import dam.media.OutputFormat;
import dam.media.RenditionSize;
import dam.media.Renditions;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * The renditions of one version: thumbnail (256), preview (1024) and web (2048) JPEGs in sRGB, EXIF orientation
 * applied, from ONE subsampled decode (the media library never holds the full 24 MP raster for a 2048 px output).
 * Keys are deterministic ({@code renditions/<asset>/<version>/<name>.jpg}), so a retry overwrites, never adds.
 * Types that cannot be drawn (audio, video, documents) get none. The thumbnail's named colours become the version's
 * colour tags (the library's colour facet).
 */
public final class RenditionStep {

    /** Stores one rendition file under a key in the derivatives bucket. */
    @FunctionalInterface
    public interface Store {
        void put(String key, Path file, String contentType);
    }

    private final IngestService ingest;
    private final Function<String, S3Files.LocalCopy> originals;
    private final Store store;
    private final Renditions renditions;
    private final Path workDir;

    public RenditionStep(IngestService ingest, Function<String, S3Files.LocalCopy> originals, Store store,
                         Renditions renditions, Path workDir) {
        this.ingest = Objects.requireNonNull(ingest);
        this.originals = Objects.requireNonNull(originals);
        this.store = Objects.requireNonNull(store);
        this.renditions = Objects.requireNonNull(renditions);
        this.workDir = Objects.requireNonNull(workDir);
    }

    public static String key(String assetId, int version, String name) {
        return "renditions/" + assetId + "/" + version + "/" + name + ".jpg";
    }

    public StepResult render(String assetId, int version, String execution) {
        AssetVersion v = ingest.version(assetId, version);
        if (v.state() != VersionState.PROCESSING || !execution.equals(v.claimedBy())) {
            return new StepResult(assetId, version, false, v.state().code(), v.reasons());
        }
        if (!drawable(v.detectedType())) {
            return ingest.rendered(assetId, version, execution, List.of());
        }
        S3Files.LocalCopy copy = originals.apply(v.originalKey());
        List<Rendition> out = new ArrayList<>();
        List<Tag> colours;
        try {
            Files.createDirectories(workDir);
            List<Path> written = new ArrayList<>();
            List<dam.media.Rendition> made = renditions.renderAll(copy.file(), Renditions.standardSizes(),
                    OutputFormat.JPEG, size -> {
                        Path file = Files.createTempFile(workDir, size.key() + "-", ".jpg");
                        written.add(file);
                        return Files.newOutputStream(file);
                    });
            for (int i = 0; i < made.size(); i++) {
                dam.media.Rendition r = made.get(i);
                String key = key(assetId, version, r.name());
                store.put(key, written.get(i), OutputFormat.JPEG.mediaType());
                out.add(new Rendition(r.name(), key, r.width(), r.height(), r.bytes(), OutputFormat.JPEG.mediaType()));
            }
            colours = colours(made, written);
            for (Path p : written) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendering " + v.originalKey(), e);
        }
        out.sort(java.util.Comparator.comparingInt(Rendition::width));
        return ingest.rendered(assetId, version, execution, out, colours);
    }

    /** The named colours of the smallest rendition (a few ms for 256 px), as tags with the share as confidence. */
    private static List<Tag> colours(List<dam.media.Rendition> made, List<Path> written) throws IOException {
        int smallest = 0;
        for (int i = 1; i < made.size(); i++) {
            if (made.get(i).width() < made.get(smallest).width()) {
                smallest = i;
            }
        }
        if (made.isEmpty()) {
            return List.of();
        }
        BufferedImage image = ImageIO.read(written.get(smallest).toFile());
        if (image == null) {
            throw new IOException("our own rendition " + made.get(smallest).name() + " cannot be read back");
        }
        return DominantColours.of(image).stream()
                .map(c -> Tag.ai("colour", c.name(), Math.min(100, Math.round(c.share() * 1000) / 10.0))).toList();
    }

    static boolean drawable(String type) {
        return type != null && (type.startsWith("image/") && !type.contains("svg") || type.equals("application/pdf"));
    }

    /** The standard sizes, for callers that list what to expect. */
    public static List<String> names() {
        return Renditions.standardSizes().stream().map(RenditionSize::key).toList();
    }
}
