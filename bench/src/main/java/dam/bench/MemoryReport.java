package dam.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Peak memory per function, measured: reads the REPORT lines the local cloud's Lambda provider writes for every
 * invocation ({@code <state>/lambda/logs/<function>.log}). The local workers are real JVMs started like Lambda's Java
 * runtime (heap capped at 85 % of the function's memory, serial GC), and "Max Memory Used" is the worker's peak RSS
 * (VmHWM) — the same figure AWS prints. Run the e2e suite first (its flows are the functions' typical events), then:
 * <pre>
 * mvn -B -q -pl bench exec:java -Dexec.mainClass=dam.bench.MemoryReport [-Dexec.args="local/e2e/target/state"]
 * </pre>
 */
public final class MemoryReport {

    static final Pattern REPORT = Pattern.compile(
            "REPORT RequestId: \\S+\\tDuration: ([0-9.]+) ms\\t.*Memory Size: (\\d+) MB(?:\\tMax Memory Used: (\\d+) MB)?"
                    + "(?:\\tInit Duration: ([0-9.]+) ms)?.*");
    /** "Dam-IngestRenditionFunction949BBA44" → "IngestRendition". */
    private static final Pattern FUNCTION_FILE = Pattern.compile("(?:[A-Za-z0-9]+-)?(.+?)(?:Function[0-9A-F]{8})?\\.log");

    /** What one function's invocations showed. */
    record Row(String function, int memoryMb, int invocations, long peakMb, long medianMb, double maxInitMs,
               double p95DurationMs) {
    }

    public static void main(String[] args) throws IOException {
        Path root = repoRoot();
        List<Path> states = new ArrayList<>();
        for (String arg : args.length == 0 ? new String[] {"local/e2e/target/state"} : args) {
            states.add(root.resolve(arg));
        }
        List<Row> rows = measure(logFiles(states));
        if (rows.isEmpty()) {
            throw new IllegalStateException("no REPORT lines under " + states + ": run the e2e suite first "
                    + "(mvn -B -pl local/e2e test)");
        }
        String table = markdown(rows);
        System.out.print(table);
        Path out = root.resolve("bench/results/memory.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    /** Every function log under each state directory (a state dir per local cloud the e2e suite started). */
    static List<Path> logFiles(List<Path> states) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path state : states) {
            if (!Files.isDirectory(state)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(state, 4)) {
                walk.filter(p -> p.getParent() != null && p.getParent().endsWith(Path.of("lambda", "logs"))
                        && p.toString().endsWith(".log")).forEach(files::add);
            }
        }
        return files;
    }

    static List<Row> measure(Collection<Path> logs) throws IOException {
        // Keyed by function and configured memory: the heap cap follows the memory size, so sizes are not pooled.
        Map<String, List<double[]>> byFunction = new TreeMap<>();
        for (Path log : logs) {
            Matcher name = FUNCTION_FILE.matcher(log.getFileName().toString());
            String function = name.matches() ? name.group(1) : log.getFileName().toString();
            for (String line : Files.readAllLines(log)) {
                Matcher m = REPORT.matcher(line);
                if (m.matches() && m.group(3) != null) {
                    byFunction.computeIfAbsent(function + "\t" + m.group(2), k -> new ArrayList<>()).add(new double[] {
                            Double.parseDouble(m.group(3)), m.group(4) == null ? 0 : Double.parseDouble(m.group(4)),
                            Double.parseDouble(m.group(1))});
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        byFunction.forEach((key, samples) -> {
            String function = key.substring(0, key.indexOf('\t'));
            int memoryMb = Integer.parseInt(key.substring(key.indexOf('\t') + 1));
            double[] used = samples.stream().mapToDouble(s -> s[0]).sorted().toArray();
            double[] durations = samples.stream().mapToDouble(s -> s[2]).sorted().toArray();
            rows.add(new Row(function, memoryMb, samples.size(), (long) used[used.length - 1],
                    (long) used[used.length / 2], samples.stream().mapToDouble(s -> s[1]).max().orElse(0),
                    durations[(int) Math.min(durations.length - 1, Math.ceil(durations.length * 0.95) - 1)]));
        });
        return rows;
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("dam"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the repository");
        }
        return dir;
    }

    static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| function | memory (MB) | invocations | peak used (MB) | median used (MB)"
                + " | max init (ms) | p95 duration (ms) |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.0f | %.0f |%n", r.function(),
                    r.memoryMb(), r.invocations(), r.peakMb(), r.medianMb(), r.maxInitMs(), r.p95DurationMs()));
        }
        return sb.toString();
    }
}
