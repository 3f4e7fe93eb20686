package dam.core.memory;

import dam.core.notify.Reminder;
import dam.core.notify.ReminderScheduler;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link ReminderScheduler} as a name → schedule map, plus a count of calls (to check idempotency). */
public final class InMemoryReminderScheduler implements ReminderScheduler {

    public record Scheduled(String name, Instant at, Reminder reminder) {
    }

    private final Map<String, Scheduled> schedules = new TreeMap<>();
    private int upserts;
    private int cancels;

    @Override
    public synchronized void upsert(String name, Instant at, Reminder reminder) {
        schedules.put(name, new Scheduled(name, at, reminder));
        upserts++;
    }

    @Override
    public synchronized void cancel(String name) {
        schedules.remove(name);
        cancels++;
    }

    public synchronized List<Scheduled> schedules() {
        return List.copyOf(schedules.values());
    }

    public synchronized int upserts() {
        return upserts;
    }

    public synchronized int cancels() {
        return cancels;
    }
}
