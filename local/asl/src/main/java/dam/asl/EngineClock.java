package dam.asl;

import java.time.Instant;

/** The clock port: the local cloud adapts its one injectable clock to it; tests use a frozen fake. */
public interface EngineClock {
    Instant now();

    /** Runs {@code task} once the clock reaches {@code at} (immediately if already past). */
    void schedule(Instant at, Runnable task);
}
