package dam.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress as plain lines, for logs and pipes: a file's bar is printed once when its transfer ends, the overall bar
 * each time a file finishes ({@code [#####.....] 12/50 ready photo.jpg}).
 */
final class LineProgress implements Progress {

    private static final int WIDTH = 20;

    private final PrintStream out;
    private int total;
    private int done;

    LineProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void begin(String title, int total, int done) {
        this.total = total;
        this.done = done;
        print(title + ": " + total + " files" + (done > 0 ? ", " + done + " already done" : ""));
    }

    @Override
    public Bar file(String name, long bytes) {
        AtomicLong sent = new AtomicLong();
        return new Bar() {
            @Override
            public void add(long n) {
                sent.addAndGet(n);
            }

            @Override
            public void close() {
                long got = sent.get();
                int percent = bytes <= 0 ? 100 : (int) Math.min(100, got * 100 / bytes);
                print("  " + name + " " + bar(percent, 100) + " " + percent + "% " + Progress.size(got));
            }
        };
    }

    @Override
    public synchronized void finished(String name, String outcome) {
        done++;
        print(bar(done, total) + " " + done + "/" + total + " " + outcome + " " + name);
    }

    @Override
    public void event(String line) {
        print(line);
    }

    @Override
    public void note(String line) {
        print(line);
    }

    static String bar(long value, long max) {
        int filled = max <= 0 ? WIDTH : (int) Math.min(WIDTH, value * WIDTH / max);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
    }

    private void print(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    @Override
    public void close() {
        out.flush();
    }
}
