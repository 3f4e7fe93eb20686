package dam.media.bench;

import dam.media.OutputFormat;
import dam.media.RenditionSize;
import dam.media.Renditions;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** One rendition in a fresh JVM (what a cold Lambda does): {@code RenditionOnce <source> <output> [JPEG|PNG]}. */
public final class RenditionOnce {
    private RenditionOnce() {
    }

    public static void main(String[] args) throws Exception {
        try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
            OutputFormat format = args.length > 2 ? OutputFormat.valueOf(args[2]) : OutputFormat.JPEG;
            new Renditions().render(Path.of(args[0]), RenditionSize.PREVIEW, format, out);
        }
    }
}
