package dam.core.event;

import java.util.Objects;

/**
 * A domain event for the bus: {@code source} like "dam.briefs", {@code detailType} like "Brief Created", and a detail
 * object serialised with {@link dam.core.json.Json}. Every detail carries a schema {@code version} (events/ module).
 */
public record OutboundEvent(String source, String detailType, Object detail) {

    public OutboundEvent {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detailType, "detailType");
        Objects.requireNonNull(detail, "detail");
    }
}
