package dam.core.lifecycle;

import java.time.Instant;

/**
 * Port: one-time expiry schedules (EventBridge Scheduler in AWS). Names are deterministic, so {@link #upsert} moves
 * an existing schedule instead of adding a second, and {@link #cancel} of a missing schedule is not an error.
 */
public interface ExpiryScheduler {

    void upsert(String name, Instant at, ExpiryCheck check);

    void cancel(String name);
}
