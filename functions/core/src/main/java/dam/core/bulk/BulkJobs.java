package dam.core.bulk;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Limits, formats and where a job's files live. */
public final class BulkJobs {

    /** Assets per job (the scale; more is a 400, split the job). */
    public static final int MAX_ASSETS = 10_000;
    /** Presets per job: with {@link #MAX_ASSETS} at most 100,000 items. */
    public static final int MAX_PRESETS = 10;
    /** Where every job file lives in the derivatives bucket. */
    public static final String PREFIX = "bulk/";
    /** Source and detail-types of the job's events. */
    public static final String SOURCE = "dam.bulk";
    public static final String PROGRESS = "Bulk Job Progress";
    public static final String COMPLETED = "Bulk Job Completed";

    private static final Map<String, String> ALIASES = Map.of("jpg", "jpeg", "tif", "tiff");
    private static final Map<String, String> EXTENSIONS = Map.of("jpeg", "jpg", "png", "png", "tiff", "tif",
            "gif", "gif");

    private BulkJobs() {
    }

    /** jpeg (default), png, tiff or gif, with the usual aliases; empty for anything else. */
    public static Optional<String> format(String raw) {
        String f = raw == null || raw.isBlank() ? "jpeg" : raw.strip().toLowerCase(Locale.ROOT);
        f = ALIASES.getOrDefault(f, f);
        return EXTENSIONS.containsKey(f) ? Optional.of(f) : Optional.empty();
    }

    static String extension(String format) {
        String e = EXTENSIONS.get(format);
        if (e == null) {
            throw new IllegalArgumentException("unknown format " + format);
        }
        return e;
    }

    /** The items, one JSON object a line (the state machine's ItemReader, InputType JSONL). */
    public static String manifestKey(String jobId) {
        return PREFIX + jobId + "/manifest.jsonl";
    }

    /** The assets left out at creation, with reasons (JSON array). */
    public static String skippedKey(String jobId) {
        return PREFIX + jobId + "/skipped.json";
    }

    /** The result manifest: one CSV row per item and per skipped asset. */
    public static String resultKey(String jobId) {
        return PREFIX + jobId + "/result.csv";
    }

    public static String zipKey(String jobId) {
        return PREFIX + jobId + "/renditions.zip";
    }

    /** Progress events go out each time done + failed passes another multiple of this (at most ~20 per job). */
    public static long progressStep(long total) {
        return Math.max(100, (total + 19) / 20);
    }
}
