package dam.cli;

import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Terminal bars (me.tongfei:progressbar): the overall bar plus one per file in flight, redrawn in place on stderr.
 * Notes are kept until the bars are closed, so they never tear the redrawn lines.
 */
final class BarProgress implements Progress {

    private final List<String> notes = new ArrayList<>();
    private ProgressBar overall;

    @Override
    public synchronized void begin(String title, int total, int done) {
        overall = new ProgressBarBuilder().setTaskName(title).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200).build();
        overall.stepTo(done);
    }

    @Override
    public Bar file(String name, long bytes) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(shorten(name)).setInitialMax(Math.max(1, bytes))
                .setStyle(ProgressBarStyle.ASCII).setUnit("kB", 1024).setUpdateIntervalMillis(200).showSpeed()
                .clearDisplayOnFinish().build();
        return new Bar() {
            @Override
            public void add(long n) {
                bar.stepBy(n);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    private static String shorten(String name) {
        return name.length() <= 28 ? name : "…" + name.substring(name.length() - 27);
    }

    @Override
    public synchronized void finished(String name, String outcome) {
        overall.step();
        overall.setExtraMessage(outcome + " " + shorten(name));
    }

    @Override
    public void event(String line) {
        // the bars show it
    }

    @Override
    public synchronized void note(String line) {
        notes.add(line);
    }

    @Override
    public synchronized void close() {
        if (overall != null) {
            overall.close();
        }
        notes.forEach(System.out::println);
        notes.clear();
    }
}
