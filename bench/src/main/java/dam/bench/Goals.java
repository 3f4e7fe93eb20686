package dam.bench;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The issue-12 goals, each judged from the figures the parts wrote. A goal that several figures speak to (every
 * function's cold start, every report's p95) is judged by the worst of them. A goal whose figure is missing is
 * "not measured" and says which part to run — never dropped.
 */
final class Goals {

    enum Status {
        MET("met"), NOT_MET("NOT met"), NOT_MEASURED("not measured");

        final String text;

        Status(String text) {
            this.text = text;
        }
    }

    /** One line of the goals table. */
    record Outcome(String goal, String figure, Status status) {
    }

    /** How a figure is held against the goal; limits are in the goal's unit. */
    enum Check {
        /** ours / baseline ≤ limit. */
        RATIO_AT_MOST,
        /** ours / baseline ≥ limit. */
        RATIO_AT_LEAST,
        AT_MOST,
        /** strictly below the limit. */
        BELOW,
        AT_LEAST,
        /** ours ≤ the figure's own baseline (e.g. 2× the expiring items). */
        AT_MOST_BASELINE,
        /** ours ≥ the figure's own baseline (e.g. every upload ready). */
        AT_LEAST_BASELINE;

        boolean needsBaseline() {
            return this == RATIO_AT_MOST || this == RATIO_AT_LEAST || this == AT_MOST_BASELINE
                    || this == AT_LEAST_BASELINE;
        }

        /** Higher values are the worse ones. */
        boolean lowerIsBetter() {
            return this == RATIO_AT_MOST || this == AT_MOST || this == BELOW || this == AT_MOST_BASELINE;
        }

        /** The value compared: the ratio, ours, or ours' margin over its baseline. */
        double value(Figure f) {
            return switch (this) {
                case RATIO_AT_MOST, RATIO_AT_LEAST -> f.ratio();
                case AT_MOST, BELOW, AT_LEAST -> f.ours();
                case AT_MOST_BASELINE, AT_LEAST_BASELINE -> f.ours() - f.baseline();
            };
        }

        boolean met(Figure f, double limit) {
            double v = value(f);
            return switch (this) {
                case RATIO_AT_MOST, AT_MOST -> v <= limit;
                case RATIO_AT_LEAST, AT_LEAST -> v >= limit;
                case BELOW -> v < limit;
                case AT_MOST_BASELINE -> v <= 0;
                case AT_LEAST_BASELINE -> v >= 0;
            };
        }
    }

    /**
     * A goal: its wording, the part that measures it, the figure names it reads (whole-name regex), their unit and
     * the check.
     */
    record Goal(String label, String part, Pattern figures, String unit, Check check, double limit) {

        Outcome evaluate(List<Figure> all) {
            List<Figure> named = all.stream().filter(f -> figures.matcher(f.name()).matches()).toList();
            if (named.isEmpty()) {
                return new Outcome(label, "no figure — run ./dam bench " + part, Status.NOT_MEASURED);
            }
            List<Figure> usable = named.stream().filter(f -> f.unit().equals(unit))
                    .filter(f -> !check.needsBaseline() || Double.isFinite(check.value(f))).toList();
            if (usable.isEmpty()) {
                Figure f = named.get(0);
                String why = !f.unit().equals(unit) ? "in " + f.unit() + ", the goal is in " + unit
                        : "no baseline measured (" + f.baselineName() + ")";
                return new Outcome(label, f.name() + ": " + why, Status.NOT_MEASURED);
            }
            Comparator<Figure> byValue = Comparator.comparingDouble(check::value);
            Figure worst = usable.stream().max(check.lowerIsBetter() ? byValue : byValue.reversed()).orElseThrow();
            boolean met = check.met(worst, limit);
            String text = describe(worst);
            if (usable.size() > 1) {
                long within = usable.stream().filter(f -> check.met(f, limit)).count();
                text += " — worst of " + usable.size() + " (" + worst.name() + "); " + within + " of "
                        + usable.size() + " within the goal";
            }
            return new Outcome(label, text, met ? Status.MET : Status.NOT_MET);
        }

        private String describe(Figure f) {
            String ours = Figure.format(f.ours()) + " " + f.unit();
            return switch (check) {
                case RATIO_AT_MOST, RATIO_AT_LEAST -> ours + " vs " + Figure.format(f.baseline()) + " " + f.unit()
                        + " (" + f.baselineName() + ") = " + String.format(java.util.Locale.ROOT, "%.2f×", f.ratio());
                case AT_MOST_BASELINE, AT_LEAST_BASELINE -> ours + " vs " + Figure.format(f.baseline()) + " "
                        + f.unit() + " (" + f.baselineName() + ")";
                case AT_MOST, BELOW, AT_LEAST -> ours;
            };
        }
    }

    private Goals() {
    }

    /** Issue 12's goals (plus the load run's "all complete"), in the order of its acceptance list. */
    static List<Goal> issue12() {
        return List.of(
                rendition("24 MP JPEG"),
                rendition("60 MB TIFF"),
                rendition("PNG with alpha"),
                new Goal("ingest 24 MP JPEG, upload complete → ready: p50 ≤ 2 s", "cloud",
                        Pattern.compile("24 MP JPEG .*upload complete → ready, p50 of \\d+"), "ms", Check.AT_MOST,
                        2000),
                // on a fresh worker JVM mapping the function's class data archive, the local stand-in for SnapStart;
                // each function's first start (which records that archive) is printed as "first start, …"
                new Goal("cold start of the core functions (fresh worker JVM with its class data archive → first "
                        + "response) ≤ 1 s", "cloud",
                        Pattern.compile("cold start, core function .*"), "ms", Check.AT_MOST, 1000),
                new Goal("cold start of the API function (fresh worker JVM with its class data archive → first "
                        + "response) ≤ 1.5 s", "cloud",
                        Pattern.compile("cold start, API function .*"), "ms", Check.AT_MOST, 1500),
                new Goal("ASL engine ≥ 20,000 transitions/s", "asl",
                        Pattern.compile("ASL engine: Pass/Choice transitions per second.*"), "/s", Check.AT_LEAST,
                        20_000),
                new Goal("1,000 parked executions ≤ 512 MB", "asl",
                        Pattern.compile("ASL engine: heap held by 1,000 executions parked on task tokens"), "MB",
                        Check.AT_MOST, 512),
                new Goal("search p95 ≤ 100 ms at 100,000 assets (every way it was timed)", "search",
                        Pattern.compile("search p95, 100000 assets, .*"), "ms", Check.AT_MOST, 100),
                new Goal("expiry sweep reads ≤ 2× the expiring items", "sweep",
                        Pattern.compile("sweep reads ≤ 2× expiring: items read over \\d+ assets"), "items",
                        Check.AT_MOST_BASELINE, 0),
                // judged warm (a container's repeated calls); the cold-cache figures are printed beside them
                new Goal("reports p95 < 300 ms over 100,000 usage events (every report, warm cache)", "reports",
                        Pattern.compile("report .*, 100000 events, warm cache\\) p95"), "ms", Check.BELOW, 300),
                new Goal("bulk job throughput ≥ single-image rate × cores", "bulk",
                        Pattern.compile("bulk job, \\d+ assets x 3 presets .*"), "items/s", Check.RATIO_AT_LEAST, 1),
                new Goal("load run: every upload ready", "cloud", Pattern.compile("load .*: uploads ready"),
                        "uploads", Check.AT_LEAST_BASELINE, 0));
    }

    private static Goal rendition(String source) {
        return new Goal("rendition " + source + " → 1024 px ≤ 1.5× vipsthumbnail time (ours warm, in-process)",
                "rendition", Pattern.compile(Pattern.quote("rendition " + source
                        + " → 1024 px: ours, warm in-process, wall time")), "ms", Check.RATIO_AT_MOST, 1.5);
    }

    static List<Outcome> evaluate(List<Goal> goals, List<Figure> figures) {
        return goals.stream().map(g -> g.evaluate(figures)).toList();
    }
}
