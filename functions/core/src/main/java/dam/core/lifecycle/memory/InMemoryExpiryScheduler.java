package dam.core.lifecycle.memory;

import dam.core.lifecycle.ExpiryCheck;
import dam.core.lifecycle.ExpiryScheduler;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** {@link ExpiryScheduler} in memory: the schedules by name. */
public final class InMemoryExpiryScheduler implements ExpiryScheduler {

    public record Entry(Instant at, ExpiryCheck check) {
    }

    private final Map<String, Entry> schedules = new TreeMap<>();

    @Override
    public synchronized void upsert(String name, Instant at, ExpiryCheck check) {
        schedules.put(name, new Entry(at, check));
    }

    @Override
    public synchronized void cancel(String name) {
        schedules.remove(name);
    }

    public synchronized Map<String, Entry> schedules() {
        return Map.copyOf(schedules);
    }
}
