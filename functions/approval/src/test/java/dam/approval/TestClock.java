package dam.approval;

import dam.asl.EngineClock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/**
 * One frozen time for the engine (timers fire when {@link #advance} reaches them, on the caller's thread) and for the
 * services ({@link #clock()}), so link expiry and task timeouts agree without sleeping.
 */
final class TestClock implements EngineClock {

    private record Timer(Instant at, long seq, Runnable task) {
    }

    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.at.equals(b.at)
            ? Long.compare(a.seq, b.seq) : a.at.compareTo(b.at));
    private Instant now;
    private long seq;

    TestClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized void schedule(Instant at, Runnable task) {
        timers.add(new Timer(at, seq++, task));
    }

    void advance(Duration by) {
        Instant target = now().plus(by);
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

    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now();
            }
        };
    }
}
