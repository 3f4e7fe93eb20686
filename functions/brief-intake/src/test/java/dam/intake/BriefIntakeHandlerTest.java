package dam.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.core.brief.Brief;
import dam.core.brief.BriefService;
import dam.core.brief.Channel;
import dam.core.brief.ClaimType;
import dam.core.brief.Coded;
import dam.core.brief.DisclaimerRules;
import dam.core.brief.BriefStatus;
import dam.core.brief.MemberRole;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;
import dam.core.json.Json;
import dam.core.memory.InMemoryBriefRepository;
import dam.core.memory.InMemoryReminderScheduler;
import dam.core.memory.RecordingEventPublisher;
import dam.events.EventSchemas;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BriefIntakeHandlerTest {

    private static final EventSchemas SCHEMAS = EventSchemas.load();
    private final ObjectMapper json = Json.mapper();
    private final Clock clock = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryBriefRepository repo = new InMemoryBriefRepository();
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final InMemoryReminderScheduler reminders = new InMemoryReminderScheduler();
    private final AtomicInteger ids = new AtomicInteger();
    private final BriefService service = new BriefService(repo, events, reminders, clock,
            () -> "b" + ids.incrementAndGet(), DisclaimerRules.defaults());
    private final BriefIntakeHandler handler = new BriefIntakeHandler(service, events, SCHEMAS, json);

    @Test
    void createCommandStoresABriefAndPublishesASchemaValidBriefCreated() throws Exception {
        JsonNode out = invoke(sampleEvent("Command Create Brief", "evt-1"));

        assertEquals("created", out.get("outcome").asText());
        assertEquals("b1", out.get("briefId").asText());
        Brief stored = repo.find("b1").orElseThrow();
        assertEquals("Summer sale 2026", stored.title());
        assertEquals("alice@example.com", stored.requester());
        assertEquals(2, reminders.schedules().size(), "the sample's milestone got its two reminders");

        OutboundEvent created = events.ofType("Brief Created").get(0);
        assertEquals("dam.briefs", created.source());
        String detail = json.writeValueAsString(created.detail());
        assertEquals(List.of(), SCHEMAS.validate("Brief Created", detail));
        assertEquals("b1", json.readTree(detail).at("/brief/id").asText());
        assertEquals(1, json.readTree(detail).get("version").asInt());
    }

    @Test
    void sameEventDeliveredTwiceGivesOneBrief() throws Exception {
        ObjectNode e = sampleEvent("Command Create Brief", "evt-1");
        ((ObjectNode) e.get("detail")).remove("commandId"); // fall back to the EventBridge event id
        assertEquals("created", invoke(e).get("outcome").asText());
        assertEquals("already-applied", invoke(e).get("outcome").asText());
        assertEquals(1, repo.size());
    }

    @Test
    void offSchemaCommandIsRejectedWithReasonsAndNothingIsStored() throws Exception {
        ObjectNode e = sampleEvent("Command Create Brief", "evt-2");
        ObjectNode brief = (ObjectNode) e.at("/detail/brief");
        brief.put("colour", "red");
        brief.putArray("channels").add("web").add("tiktok");

        JsonNode out = invoke(e);

        assertEquals("rejected", out.get("outcome").asText());
        assertEquals(0, repo.size());
        JsonNode rejected = onlyRejection();
        assertEquals("Command Create Brief", rejected.at("/command/detailType").asText());
        assertEquals("evt-2", rejected.at("/command/eventId").asText());
        assertEquals("crm-7f3a9c", rejected.at("/command/commandId").asText());
        List<String> fields = rejected.get("reasons").findValuesAsText("field");
        assertTrue(fields.contains("brief.colour"), fields.toString());
        assertTrue(fields.contains("brief.channels[1]"), fields.toString());
    }

    @Test
    void domainInvalidCommandIsRejectedWithFieldErrors() throws Exception {
        ObjectNode e = sampleEvent("Command Create Brief", "evt-3");
        ObjectNode brief = (ObjectNode) e.at("/detail/brief");
        brief.put("dueDate", "2020-01-01");
        brief.remove("title");
        brief.with("budget").withArray("lines").addObject().put("description", "refund").put("amount", -10);

        invoke(e);

        JsonNode rejected = onlyRejection();
        assertEquals(List.of("brief.title:required", "brief.dueDate:in_past", "brief.budget.lines[1].amount:negative"),
                rejected.get("reasons").findValues("field").stream().map(JsonNode::asText)
                        .map(f -> f + ":" + codeOf(rejected, f)).toList());
        assertEquals(0, repo.size());
    }

    @Test
    void updateCommandChangesTheBriefAndAStaleOneIsRejected() throws Exception {
        invoke(sampleEvent("Command Create Brief", "evt-1"));
        ObjectNode update = sampleEvent("Command Update Brief", "evt-4");
        ((ObjectNode) update.get("detail")).put("briefId", "b1");

        JsonNode out = invoke(update);
        assertEquals("updated", out.get("outcome").asText());
        assertEquals(2, out.get("version").asInt());
        Brief b = repo.find("b1").orElseThrow();
        assertEquals(List.of("DE", "FR", "US"), b.regions());
        assertEquals(List.of("price-eu-vat", "price-us-tax"), b.disclaimers().stream().map(d -> d.ruleId()).toList());
        assertEquals(1, events.ofType("Brief Changed").size());

        ObjectNode stale = sampleEvent("Command Update Brief", "evt-5");
        ((ObjectNode) stale.get("detail")).put("briefId", "b1").put("commandId", "other");
        assertEquals("rejected", invoke(stale).get("outcome").asText());
        assertEquals("expectedVersion", onlyRejection().at("/reasons/0/field").asText());
        assertEquals("conflict", onlyRejection().at("/reasons/0/code").asText());

        ObjectNode unknown = sampleEvent("Command Update Brief", "evt-6");
        ((ObjectNode) unknown.get("detail")).put("briefId", "nope").put("commandId", "other-2");
        invoke(unknown);
        assertEquals(2, events.ofType("Command Rejected").size());
        assertEquals("briefId:not_found", lastRejection().at("/reasons/0/field").asText() + ":"
                + lastRejection().at("/reasons/0/code").asText());
        assertEquals(2, repo.find("b1").orElseThrow().version());
    }

    @Test
    void malformedAndUnknownEventsAreRejectedNotThrown() throws Exception {
        JsonNode out = json.readTree(run("{not json".getBytes(StandardCharsets.UTF_8)));
        assertEquals("rejected", out.get("outcome").asText());
        assertEquals("malformed", out.at("/reasons/0/code").asText());

        ObjectNode other = sampleEvent("Command Create Brief", "evt-7");
        other.put("detail-type", "Command Launch Rocket");
        assertEquals("unknown_value", invoke(other).at("/reasons/0/code").asText());

        ObjectNode noDetail = sampleEvent("Command Create Brief", "evt-8");
        noDetail.remove("detail");
        assertEquals("detail", invoke(noDetail).at("/reasons/0/field").asText());

        assertEquals(3, events.ofType("Command Rejected").size());
        for (OutboundEvent r : events.ofType("Command Rejected")) {
            assertEquals(List.of(), SCHEMAS.validate("Command Rejected", json.writeValueAsString(r.detail())));
        }
        assertEquals(0, repo.size());
    }

    @Test
    void megabyteTitleIsRejectedWithoutEchoingIt() throws Exception {
        ObjectNode e = sampleEvent("Command Create Brief", "evt-9");
        ((ObjectNode) e.at("/detail/brief")).put("title", "t".repeat(1024 * 1024));
        invoke(e);
        String rejected = json.writeValueAsString(events.ofType("Command Rejected").get(0).detail());
        assertTrue(rejected.length() < 5000, "rejection is small: " + rejected.length());
        assertTrue(rejected.contains("brief.title"));
    }

    @Test
    void infrastructureFailureThrowsSoLambdaRetries() {
        EventPublisher broken = event -> {
            throw new IllegalStateException("EventBridge unavailable");
        };
        BriefService failing = new BriefService(repo, broken, reminders, clock, () -> "x1", DisclaimerRules.defaults());
        BriefIntakeHandler h = new BriefIntakeHandler(failing, broken, SCHEMAS, json);
        assertThrows(IllegalStateException.class, () -> h.handleRequest(new ByteArrayInputStream(
                json.writeValueAsBytes(sampleEvent("Command Create Brief", "evt-10"))), new ByteArrayOutputStream(),
                null));
    }

    @Test
    void schemaEnumsMatchTheDomainEnums() throws Exception {
        JsonNode defs = json.readTree(getClass().getResourceAsStream("/dam/events/schemas/common.schema.json"))
                .get("$defs");
        assertEquals(Coded.codes(Channel.class), json.convertValue(defs.at("/channel/enum"), List.class));
        assertEquals(Coded.codes(ClaimType.class), json.convertValue(defs.at("/claim/enum"), List.class));
        assertEquals(Coded.codes(MemberRole.class), json.convertValue(defs.at("/role/enum"), List.class));
        assertEquals(Coded.codes(BriefStatus.class), json.convertValue(defs.at("/status/enum"), List.class));
    }

    private ObjectNode sampleEvent(String detailType, String eventId) throws Exception {
        ObjectNode e = (ObjectNode) json.readTree(EventSchemas.sample(detailType).orElseThrow());
        e.put("id", eventId);
        e.put("version", "0");
        e.put("time", "2026-06-01T10:00:00Z");
        return e;
    }

    private JsonNode invoke(JsonNode event) throws Exception {
        return json.readTree(run(json.writeValueAsBytes(event)));
    }

    private byte[] run(byte[] in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(in), out, null);
        return out.toByteArray();
    }

    private JsonNode lastRejection() {
        List<OutboundEvent> rejected = events.ofType("Command Rejected");
        assertTrue(!rejected.isEmpty(), "a Command Rejected event was published");
        return json.valueToTree(rejected.get(rejected.size() - 1).detail());
    }

    private JsonNode onlyRejection() {
        assertEquals(1, events.ofType("Command Rejected").size());
        return lastRejection();
    }

    private static String codeOf(JsonNode rejected, String field) {
        for (JsonNode r : rejected.get("reasons")) {
            if (r.get("field").asText().equals(field)) {
                return r.get("code").asText();
            }
        }
        return "?";
    }
}
