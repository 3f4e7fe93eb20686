package dam.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The gathering step of {@code ./dam bench}: reads every {@code parts/*.tsv} (this run's and, for parts not re-run,
 * the previous ones) and writes {@code latest.md} and {@code latest.json} — the machine, one table of all figures
 * (ours / baseline / ratio) and the issue-12 goals table. Nothing but figures comes from the parts.
 * Run: {@code Results [part re-run this time ...]}; env DAM_BENCH_PARTS (default bench/results/parts),
 * DAM_BENCH_LOAD_START and DAM_BENCH_COMMIT (set by ./dam bench).
 */
public final class Results {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Where and when the figures were gathered. Load averages are text ("1.92") or "not recorded". */
    record Machine(int cores, String java, String loadAtStart, String loadAtEnd, Instant date, String commit) {

        static Machine current(String loadAtStart, String commit) {
            double end = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return new Machine(Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    blankToUnknown(loadAtStart), end < 0 ? "not recorded" : String.format(Locale.ROOT, "%.2f", end),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS), commit == null || commit.isBlank() ? "unknown"
                            : commit.strip());
        }

        String line() {
            return String.format(Locale.ROOT, "%d cores, Java %s, load average %s at the start / %s at the end, %s, "
                    + "commit %s", cores, java, loadAtStart, loadAtEnd, date, commit);
        }
    }

    /** What was written: the figures table rows (by part), the goals and the parts read. */
    record Gathered(List<Parts.Part> parts, List<Goals.Outcome> goals) {
    }

    private final Path results;

    Results(Path results) {
        this.results = results;
    }

    public static void main(String[] args) throws Exception {
        Path results = Bench.repoRoot().resolve("bench/results");
        String partsEnv = System.getenv("DAM_BENCH_PARTS");
        Path parts = partsEnv == null || partsEnv.isBlank() ? results.resolve("parts") : Path.of(partsEnv);
        Machine machine = Machine.current(System.getenv("DAM_BENCH_LOAD_START"), System.getenv("DAM_BENCH_COMMIT"));
        Gathered g = new Results(results).gather(parts, Set.of(args), machine);
        System.out.print(Files.readString(results.resolve("latest.md")));
        long missing = g.goals().stream().filter(o -> o.status() == Goals.Status.NOT_MEASURED).count();
        if (missing > 0) {
            System.err.println("[bench] " + missing + " goal(s) not measured: their parts have no figures yet");
        }
    }

    /** Reads the parts, judges the goals and writes latest.md + latest.json under the results folder. */
    Gathered gather(Path partsDir, Set<String> rerun, Machine machine) throws IOException {
        List<Parts.Part> parts = Parts.read(partsDir);
        List<Figure> all = parts.stream().flatMap(p -> p.figures().stream()).toList();
        List<Goals.Outcome> goals = Goals.evaluate(Goals.issue12(), all);
        Files.createDirectories(results);
        Files.writeString(results.resolve("latest.md"), markdown(parts, goals, rerun, machine),
                StandardCharsets.UTF_8);
        Files.writeString(results.resolve("latest.json"), json(parts, goals, rerun, machine),
                StandardCharsets.UTF_8);
        return new Gathered(parts, goals);
    }

    private static String markdown(List<Parts.Part> parts, List<Goals.Outcome> goals, Set<String> rerun,
                                   Machine machine) {
        StringBuilder md = new StringBuilder("# Benchmark results\n\nMachine: ").append(machine.line())
                .append("\n\nReproduce: `./dam bench` (all parts) or `./dam bench <part> ...`; a part not re-run keeps"
                        + " its figures from when it was measured.\n\n| part | figures | measured | in this run |\n"
                        + "|---|---|---|---|\n");
        for (String name : partNames(parts)) {
            Parts.Part p = parts.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            md.append("| ").append(name).append(" | ")
                    .append(p == null ? "—" : Integer.toString(p.figures().size())).append(" | ")
                    .append(p == null ? "never (no parts file)" : p.written().truncatedTo(ChronoUnit.SECONDS))
                    .append(" | ").append(rerun.contains(name) ? (p == null ? "re-run, wrote nothing" : "re-run")
                            : p == null ? "—" : "kept").append(" |\n");
        }
        md.append("\n## Figures\n\n| part | figure | ours | baseline | ratio |\n|---|---|---|---|---|\n");
        for (Parts.Part p : parts) {
            for (Figure f : p.figures()) {
                md.append("| ").append(p.name()).append(" | ").append(cell(f.name())).append(" | ")
                        .append(Figure.format(f.ours())).append(' ').append(cell(f.unit())).append(" | ")
                        .append(f.hasBaseline() ? Figure.format(f.baseline()) + " " + cell(f.unit()) + " ("
                                + cell(f.baselineName()) + ")" : "—").append(" | ")
                        .append(Double.isFinite(f.ratio()) ? String.format(Locale.ROOT, "%.2f×", f.ratio()) : "—")
                        .append(" |\n");
            }
        }
        md.append("\n## Goals (issue 12)\n\n| goal | figure | status |\n|---|---|---|\n");
        for (Goals.Outcome o : goals) {
            md.append("| ").append(cell(o.goal())).append(" | ").append(cell(o.figure())).append(" | ")
                    .append(o.status() == Goals.Status.NOT_MET ? "**NOT met**" : o.status().text).append(" |\n");
        }
        return md.toString();
    }

    private static String json(List<Parts.Part> parts, List<Goals.Outcome> goals, Set<String> rerun,
                               Machine machine) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode m = root.putObject("machine");
        m.put("cores", machine.cores()).put("java", machine.java()).put("loadAverageAtStart", machine.loadAtStart())
                .put("loadAverageAtEnd", machine.loadAtEnd()).put("date", machine.date().toString())
                .put("commit", machine.commit());
        ArrayNode ps = root.putArray("parts");
        for (String name : partNames(parts)) {
            Parts.Part p = parts.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            ObjectNode n = ps.addObject().put("name", name).put("rerun", rerun.contains(name));
            if (p == null) {
                n.putNull("measured");
            } else {
                n.put("measured", p.written().truncatedTo(ChronoUnit.SECONDS).toString());
            }
        }
        ArrayNode fs = root.putArray("figures");
        for (Parts.Part p : parts) {
            for (Figure f : p.figures()) {
                ObjectNode n = fs.addObject().put("part", p.name()).put("name", f.name()).put("ours", f.ours())
                        .put("unit", f.unit());
                number(n, "baseline", f.baseline());
                n.put("baselineName", f.hasBaseline() ? f.baselineName() : null);
                number(n, "ratio", f.ratio());
            }
        }
        ArrayNode gs = root.putArray("goals");
        for (Goals.Outcome o : goals) {
            gs.addObject().put("goal", o.goal()).put("figure", o.figure()).put("status", o.status().text);
        }
        return JSON.writeValueAsString(root) + "\n";
    }

    /** The known parts in run order (so a missing one shows), then any other part that left a file. */
    private static List<String> partNames(List<Parts.Part> parts) {
        List<String> names = new ArrayList<>(Parts.ORDER);
        parts.stream().map(Parts.Part::name).filter(n -> !names.contains(n)).forEach(names::add);
        return names;
    }

    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    private static String blankToUnknown(String s) {
        return s == null || s.isBlank() ? "not recorded" : s.strip();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }
}
