package dam.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real photos from Debian packages when installed (python3-skimage's data: astronaut, coffee, chelsea, hubble...),
 * or from the folder in system property {@code dam.samplePhotos}. One dynamic test per photo; none when absent.
 */
class SamplePhotosTest {
    private static final Path SKIMAGE = Path.of("/usr/lib/python3/dist-packages/skimage/data");
    /** The real photographs among skimage's data (the rest are test patterns). */
    private static final List<String> SKIMAGE_PHOTOS = List.of("astronaut.png", "coffee.png", "chelsea.png",
            "hubble_deep_field.jpg", "retina.jpg", "motorcycle_left.png", "rocket.jpg", "immunohistochemistry.png");

    @TempDir
    Path dir;

    static List<Path> photos() {
        List<Path> out = new ArrayList<>();
        SKIMAGE_PHOTOS.stream().map(SKIMAGE::resolve).filter(Files::isRegularFile).forEach(out::add);
        String extra = System.getProperty("dam.samplePhotos");
        if (extra != null && !extra.isBlank() && Files.isDirectory(Path.of(extra))) {
            try (Stream<Path> files = Files.list(Path.of(extra))) {
                files.filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)$"))
                        .filter(p -> sizeOf(p) > 20_000) // photos, not the tiny test patterns
                        .sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everySamplePhotoGoesThroughTheWholeLibrary() {
        Sniffer sniffer = new Sniffer();
        Metadata metadata = new Metadata();
        Renditions renditions = new Renditions();
        PerceptualHash hash = new PerceptualHash();
        Crops crops = new Crops();
        return photos().stream().map(photo -> DynamicTest.dynamicTest(photo.getFileName().toString(), () -> {
            SniffResult sniffed = sniffer.sniff(photo, photo.getFileName().toString(), null);
            assertThat(sniffed.accepted()).as(sniffed.detail()).isTrue();
            assertThat(sniffed.mediaType()).isIn("image/jpeg", "image/png");

            TechMetadata md = metadata.read(photo, sniffed.mediaType());
            var reference = TestImages.read(photo);
            assertThat(md.width()).isEqualTo(reference.getWidth());
            assertThat(md.height()).isEqualTo(reference.getHeight());

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Rendition thumb = renditions.render(photo, RenditionSize.THUMBNAIL, OutputFormat.JPEG, out);
            int longEdge = Math.max(thumb.width(), thumb.height());
            assertThat(longEdge).isEqualTo(Math.min(256, Math.max(md.displayWidth(), md.displayHeight())));
            Path thumbFile = TestImages.write(dir, "thumb.jpg", out.toByteArray());
            assertThat(PerceptualHash.hamming(hash.of(photo), hash.of(thumbFile)))
                    .isLessThanOrEqualTo(PerceptualHash.NEAR_DUPLICATE_DISTANCE);

            CropResult crop = crops.render(photo, CropPresets.DEFAULTS.get("instagram"), null, List.of(),
                    OutputFormat.PNG, new ByteArrayOutputStream());
            assertThat(crop.rendition().width()).isEqualTo(1080);
            assertThat(crop.crop().contains(crop.focalPoint().x() * md.displayWidth(),
                    crop.focalPoint().y() * md.displayHeight())).isTrue();
        }));
    }
}
