package dam.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** {@link EventPublisher} on an EventBridge bus (env EVENT_BUS_NAME). A refused entry is an exception, not a log line. */
public final class EventBridgePublisher implements EventPublisher {

    private final EventBridgeClient client;
    private final String busName;
    private final ObjectMapper json;

    public EventBridgePublisher(EventBridgeClient client, String busName, ObjectMapper json) {
        this.client = client;
        this.busName = busName;
        this.json = json;
    }

    @Override
    public void publish(OutboundEvent event) {
        String detail;
        try {
            detail = json.writeValueAsString(event.detail());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + event.detailType() + " detail", e);
        }
        PutEventsResponse r = client.putEvents(b -> b.entries(PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(event.source())
                .detailType(event.detailType())
                .detail(detail)
                .build()));
        if (r.failedEntryCount() != null && r.failedEntryCount() > 0) {
            PutEventsResultEntry failed = r.entries().get(0);
            throw new IllegalStateException("EventBridge refused " + event.detailType() + " on bus " + busName + ": "
                    + failed.errorCode() + " " + failed.errorMessage());
        }
    }
}
