package dam.core.event;

/** Port: puts events on the bus. Implementations throw if the event was not accepted (callers must not lose it). */
public interface EventPublisher {

    void publish(OutboundEvent event);
}
