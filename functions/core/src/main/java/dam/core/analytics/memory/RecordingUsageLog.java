package dam.core.analytics.memory;

import dam.core.analytics.UsageEvent;
import dam.core.analytics.UsageLog;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link UsageLog} that keeps every use in memory, for tests. */
public final class RecordingUsageLog implements UsageLog {

    private final List<UsageEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(UsageEvent event) {
        events.add(event);
    }

    public List<UsageEvent> events() {
        return List.copyOf(events);
    }
}
