package dam.local.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one clock of the local cloud. Time is {@code system time × speed + offset}; tests freeze it
 * ({@code speed = 0}) and {@link #advance(Duration)} it, demos may speed it up. Timers ({@link #schedule}) fire when
 * the clock reaches them, whichever way it got there — so Wait states, TTL, Scheduler one-shots and retry back-off
 * never need real sleeping in tests.
 */
public final class LocalClock extends Clock implements AutoCloseable {

    private record Timer(Instant at, long seq, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final Object lock = new Object();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final AtomicLong seq = new AtomicLong();
    private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-clock-timer");
        t.setDaemon(true);
        return t;
    });
    private final Thread ticker;
    private final double speed;
    private final long realAnchorMillis;
    private long virtualAnchorMillis;
    private volatile boolean closed;

    private LocalClock(Instant start, double speed) {
        this.speed = speed;
        this.realAnchorMillis = System.currentTimeMillis();
        this.virtualAnchorMillis = start.toEpochMilli();
        this.ticker = new Thread(this::tickLoop, "local-clock");
        this.ticker.setDaemon(true);
        this.ticker.start();
    }

    /** Real time. */
    public static LocalClock system() {
        return new LocalClock(Instant.now(), 1.0);
    }

    /** Frozen at {@code start}; moves only through {@link #advance(Duration)}. */
    public static LocalClock fixed(Instant start) {
        return new LocalClock(start, 0.0);
    }

    /** Runs {@code speed} times faster than real time (demos of reminders and expiry). */
    public static LocalClock accelerated(double speed) {
        return new LocalClock(Instant.now(), speed);
    }

    @Override
    public Instant instant() {
        synchronized (lock) {
            long real = System.currentTimeMillis() - realAnchorMillis;
            return Instant.ofEpochMilli(virtualAnchorMillis + (long) (real * speed));
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the local clock is always UTC");
    }

    /** Moves virtual time forward and fires every timer now due, in time order. */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time does not go backwards: " + by);
        }
        synchronized (lock) {
            virtualAnchorMillis += by.toMillis();
            lock.notifyAll();
        }
        fireDue();
    }

    /** Runs {@code task} (on a timer thread) once the clock reaches {@code at}; immediately if already past. */
    public void schedule(Instant at, Runnable task) {
        synchronized (lock) {
            timers.add(new Timer(at, seq.incrementAndGet(), task));
            lock.notifyAll();
        }
        fireDue();
    }

    /** Number of timers not yet fired (lets tests await "nothing left to do"). */
    public int pendingTimers() {
        synchronized (lock) {
            return timers.size();
        }
    }

    private void fireDue() {
        while (true) {
            Timer due;
            synchronized (lock) {
                Timer head = timers.peek();
                if (head == null || head.at.isAfter(instant())) {
                    return;
                }
                due = timers.poll();
            }
            if (!closed) {
                runner.execute(due.task);
            }
        }
    }

    private void tickLoop() {
        while (!closed) {
            fireDue();
            synchronized (lock) {
                try {
                    // Frozen clocks only move via advance(), which notifies; running clocks poll.
                    lock.wait(speed == 0.0 ? 1000 : 20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        ticker.interrupt();
        runner.shutdownNow();
    }
}
