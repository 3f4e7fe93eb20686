package dam.asl;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * A frozen clock for tests: time moves only through {@link #advance} / {@link #runNextTimer}, and timers run on the
 * caller's thread, so executions are deterministic and never sleep.
 */
public final class FakeClock implements EngineClock {
    private record Timer(Instant at, long seq, Runnable task) {
    }

    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> {
        int c = a.at.compareTo(b.at);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private Instant now;
    private long seq;

    public FakeClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public void schedule(Instant at, Runnable task) {
        synchronized (this) {
            timers.add(new Timer(at, seq++, task));
        }
    }

    /** Moves time forward, running every timer that becomes due (in time order). */
    public void advance(Duration by) {
        Instant target;
        synchronized (this) {
            target = now.plus(by);
        }
        while (true) {
            Timer t;
            synchronized (this) {
                Timer head = timers.peek();
                if (head == null || head.at.isAfter(target)) {
                    now = target;
                    return;
                }
                t = timers.poll();
                if (t.at.isAfter(now)) {
                    now = t.at;
                }
            }
            t.task.run();
        }
    }

    /** Jumps to the earliest pending timer and runs it; false when none is pending. */
    public boolean runNextTimer() {
        Timer t;
        synchronized (this) {
            t = timers.poll();
            if (t == null) {
                return false;
            }
            if (t.at.isAfter(now)) {
                now = t.at;
            }
        }
        t.task.run();
        return true;
    }

    public synchronized int pending() {
        return timers.size();
    }
}
