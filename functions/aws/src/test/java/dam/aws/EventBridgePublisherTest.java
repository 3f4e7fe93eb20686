package dam.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dam.core.event.OutboundEvent;
import dam.core.json.Json;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventBridgePublisherTest {

    record Detail(int version, LocalDate day) {
    }

    private final List<PutEventsRequest> sent = new ArrayList<>();
    private boolean refuse;
    private final EventBridgeClient client = new EventBridgeClient() {
        @Override
        public PutEventsResponse putEvents(PutEventsRequest r) {
            sent.add(r);
            return refuse
                    ? PutEventsResponse.builder().failedEntryCount(1).entries(PutEventsResultEntry.builder()
                    .errorCode("ThrottlingException").errorMessage("slow down").build()).build()
                    : PutEventsResponse.builder().failedEntryCount(0).entries(PutEventsResultEntry.builder()
                    .eventId("e-1").build()).build();
        }

        @Override
        public String serviceName() {
            return "events";
        }

        @Override
        public void close() {
        }
    };

    @Test
    void putsOneEntryOnTheConfiguredBus() throws Exception {
        new EventBridgePublisher(client, "dam", Json.mapper())
                .publish(new OutboundEvent("dam.briefs", "Brief Created", new Detail(1, LocalDate.of(2026, 7, 1))));
        var entry = sent.get(0).entries().get(0);
        assertEquals("dam", entry.eventBusName());
        assertEquals("dam.briefs", entry.source());
        assertEquals("Brief Created", entry.detailType());
        JsonNode detail = Json.mapper().readTree(entry.detail());
        assertEquals("2026-07-01", detail.get("day").asText());
        assertEquals(1, detail.get("version").asInt());
    }

    @Test
    void refusedEntryThrowsSoTheCallerRetries() {
        refuse = true;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new EventBridgePublisher(client,
                "dam", Json.mapper()).publish(new OutboundEvent("dam.briefs", "Brief Created", new Detail(1, null))));
        assertTrue(e.getMessage().contains("ThrottlingException"), e.getMessage());
    }
}
