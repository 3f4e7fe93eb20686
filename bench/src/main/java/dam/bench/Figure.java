package dam.bench;

import java.util.Locale;

/**
 * One measured figure as a benchmark writes it to {@code bench/results/parts/<part>.tsv}: one line per figure, tab
 * separated — name, ours, baseline ({@code NaN} when there is none), unit, and optionally the baseline's name.
 */
record Figure(String name, double ours, double baseline, String unit, String baselineName) {

    Figure {
        if (name == null || name.isBlank() || unit == null || unit.isBlank()) {
            throw new IllegalArgumentException("a figure needs a name and a unit");
        }
        if (!Double.isFinite(ours)) {
            throw new IllegalArgumentException("figure '" + name + "': ours must be a finite number, was " + ours);
        }
        baselineName = baselineName == null || baselineName.isBlank() ? "—" : baselineName;
    }

    /** A figure without a baseline. */
    static Figure alone(String name, double ours, String unit) {
        return new Figure(name, ours, Double.NaN, unit, "—");
    }

    /**
     * Parses one parts line. Anything else — console output, ANSI codes, a missing field, a word where a number
     * belongs — is an error naming the line, so stray output never turns into a figure.
     */
    static Figure parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 4 && f.length != 5) {
            throw new IllegalArgumentException("not 4 or 5 tab-separated fields (name, ours, baseline, unit[, "
                    + "baseline name]): " + line);
        }
        for (String field : f) {
            if (field.chars().anyMatch(c -> c < 0x20)) {
                throw new IllegalArgumentException("control character (console output?) in: " + line);
            }
        }
        return new Figure(f[0].strip(), number(f[1], "ours", line), number(f[2], "baseline", line), f[3].strip(),
                f.length == 5 ? f[4].strip() : "—");
    }

    private static double number(String value, String what, String line) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a number ('" + value + "') in: " + line, e);
        }
    }

    /** The line {@link #parse} reads back. */
    String tsv() {
        return String.join("\t", name, Double.toString(ours), Double.toString(baseline), unit, baselineName);
    }

    boolean hasBaseline() {
        return Double.isFinite(baseline);
    }

    /** ours / baseline, NaN without a (non-zero) baseline. */
    double ratio() {
        return hasBaseline() && baseline != 0 ? ours / baseline : Double.NaN;
    }

    /** Three significant-ish digits: 78071, 615, 12.3, 0.96. */
    static String format(double v) {
        if (!Double.isFinite(v)) {
            return "—";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }
}
