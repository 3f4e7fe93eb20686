package dam.core.notify;

import java.time.Instant;

/**
 * Port: one-time schedules (EventBridge Scheduler in AWS). Names are deterministic, so {@link #upsert} is idempotent:
 * calling it again with the same name moves the schedule instead of adding a second one.
 */
public interface ReminderScheduler {

    void upsert(String name, Instant at, Reminder reminder);

    /** Removes the schedule; a missing one is not an error (cancel is idempotent too). */
    void cancel(String name);
}
