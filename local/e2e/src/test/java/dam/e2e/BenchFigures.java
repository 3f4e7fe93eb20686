package dam.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Figures an e2e test measures at full size under {@code ./dam bench}: with {@code DAM_BENCH_PARTS} set, rows go to
 * {@code <parts>/<file>.tsv} (name, ours, baseline, unit, baseline name) for the results table; otherwise they are
 * only printed. Never asserted.
 */
final class BenchFigures {

    private final String file;
    private final List<String> rows = new ArrayList<>();

    BenchFigures(String file) {
        this.file = file;
    }

    BenchFigures add(String name, double ours, double baseline, String unit, String baselineName) {
        rows.add(String.format(Locale.ROOT, "%s\t%.3f\t%s\t%s\t%s", name, ours,
                Double.isNaN(baseline) ? "NaN" : String.format(Locale.ROOT, "%.3f", baseline), unit, baselineName));
        System.out.printf(Locale.ROOT, "[bench] %s: %.1f %s%n", name, ours, unit);
        return this;
    }

    BenchFigures add(String name, double ours, String unit) {
        return add(name, ours, Double.NaN, unit, "—");
    }

    void write() throws IOException {
        String dir = System.getenv("DAM_BENCH_PARTS");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Files.createDirectories(Path.of(dir));
        Files.writeString(Path.of(dir, file + ".tsv"), String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
    }

    static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Starts a peak-heap window for this JVM (which runs the local cloud in e2e tests). */
    static void resetPeakHeap() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of the heap pools' peaks since {@link #resetPeakHeap()}, in MB (an upper bound of the true peak). */
    static double peakHeapMb() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / 1048576.0;
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }
}
