package dam.cli;

/**
 * What a long command shows while it runs: one bar per file in flight (bytes) and one overall (files finished).
 * {@link BarProgress} draws them in a terminal; {@link LineProgress} prints lines (logs, CI, pipes).
 */
interface Progress extends AutoCloseable {

    /** Starts the overall bar: {@code total} files, {@code done} of them already finished by an earlier run. */
    void begin(String title, int total, int done);

    /** A bar for one file's bytes; close it when the transfer ends. */
    Bar file(String name, long bytes);

    /** One more file finished (the overall bar moves); {@code outcome} says how ("ready", "rejected: …"). */
    void finished(String name, String outcome);

    /** A step worth a line in a log ("uploaded x"); terminals show the bars instead. */
    void event(String line);

    /** Something the user must read (rejection reasons, warnings): always shown. */
    void note(String line);

    @Override
    void close();

    /** One file's transfer. */
    interface Bar extends AutoCloseable {
        /** {@code bytes} more sent or received (negative when a transfer restarts). */
        void add(long bytes);

        @Override
        void close();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f kB", bytes / 1024.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
