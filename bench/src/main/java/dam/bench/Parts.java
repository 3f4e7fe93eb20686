package dam.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The figures every benchmark left under {@code bench/results/parts}: one {@code <part>.tsv} per benchmark, kept
 * between runs so that re-running one part ({@code ./dam bench asl}) merges with the others' last figures.
 */
final class Parts {

    /** The order {@code ./dam bench} runs them in; the results table follows it (unknown parts go last). */
    static final List<String> ORDER = List.of("asl", "rendition", "search", "reports", "reviews", "bulk",
            "bulk-fault", "sweep", "cloud");

    /** One parts file: its name (file name without .tsv), when it was written, and its figures. */
    record Part(String name, Instant written, List<Figure> figures) {
    }

    private Parts() {
    }

    /** Every {@code *.tsv} of {@code dir} (none if it does not exist), in run order; a bad line fails with its place. */
    static List<Part> read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".tsv") && Files.isRegularFile(f))
                    .sorted(Comparator.comparing(Parts::rank).thenComparing(Parts::name)).toList();
        }
        List<Part> parts = new ArrayList<>();
        for (Path file : files) {
            parts.add(readOne(file));
        }
        return parts;
    }

    private static Part readOne(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Figure> figures = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                figures.add(Figure.parse(lines.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new Part(name(file), Files.getLastModifiedTime(file).toInstant(), List.copyOf(figures));
    }

    /** Writes {@code <dir>/<name>.tsv} (replacing an earlier one) through a temporary file, so it is never torn. */
    static Path write(Path dir, String name, List<Figure> figures) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(name + ".tsv");
        Path tmp = dir.resolve("." + name + ".tsv.tmp");
        Files.write(tmp, figures.stream().map(Figure::tsv).toList(), StandardCharsets.UTF_8);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static String name(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.length() - ".tsv".length());
    }

    private static int rank(Path file) {
        int i = ORDER.indexOf(name(file));
        return i < 0 ? ORDER.size() : i;
    }
}
