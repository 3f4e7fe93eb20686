package dam.core.memory;

import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;

import java.util.ArrayList;
import java.util.List;

/** {@link EventPublisher} that keeps what was published. */
public final class RecordingEventPublisher implements EventPublisher {

    private final List<OutboundEvent> events = new ArrayList<>();

    @Override
    public synchronized void publish(OutboundEvent event) {
        events.add(event);
    }

    public synchronized List<OutboundEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<OutboundEvent> ofType(String detailType) {
        return events.stream().filter(e -> e.detailType().equals(detailType)).toList();
    }
}
