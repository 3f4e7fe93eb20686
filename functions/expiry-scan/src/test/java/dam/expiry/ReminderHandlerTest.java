package dam.expiry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.ValidationException;
import dam.core.brief.Brief;
import dam.core.brief.BriefInput;
import dam.core.brief.BriefService;
import dam.core.brief.CreateBriefCommand;
import dam.core.brief.DisclaimerRules;
import dam.core.brief.MilestoneReminderService;
import dam.core.brief.MilestoneReminderService.Status;
import dam.core.json.Json;
import dam.core.memory.InMemoryBriefRepository;
import dam.core.memory.InMemoryNotificationLedger;
import dam.core.memory.InMemoryReminderScheduler;
import dam.core.memory.RecordingEventPublisher;
import dam.core.memory.RecordingMailer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The handler fed the exact Input a reminder schedule carries (the scheduler port's JSON of the planned reminder). */
class ReminderHandlerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);

    private final ObjectMapper json = Json.mapper();
    private final InMemoryBriefRepository repo = new InMemoryBriefRepository();
    private final InMemoryReminderScheduler scheduler = new InMemoryReminderScheduler();
    private final BriefService briefs = new BriefService(repo, new RecordingEventPublisher(), scheduler, CLOCK,
            () -> "b1", DisclaimerRules.defaults());
    private final RecordingMailer mailer = new RecordingMailer();
    private final ReminderHandler handler = new ReminderHandler(new MilestoneReminderService(repo, mailer,
            new InMemoryNotificationLedger(), CLOCK, "http://127.0.0.1:8080"), json);

    private Brief briefWithMilestoneDue(String date) throws Exception {
        BriefInput input = json.readValue("""
                {"title": "Summer sale", "objectives": ["Sell"], "channels": ["web"], "regions": ["DE"],
                 "deliverables": [{"channel": "web", "format": "banner", "quantity": 1}],
                 "brand": {"name": "Acme"}, "requester": "alice@example.com", "dueDate": "2026-07-15",
                 "milestones": [{"name": "First concepts", "owner": "bob@example.com", "dueDate": "%s"}]}
                """.formatted(date), BriefInput.class);
        return briefs.create(new CreateBriefCommand("c1", "alice@example.com", input)).brief();
    }

    private byte[] scheduleInput(String name) throws Exception {
        return json.writeValueAsBytes(scheduler.schedules().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow().reminder());
    }

    @Test
    void scheduledInputSendsTheOwnerOneMailAndDuplicatesNone() throws Exception {
        Brief b = briefWithMilestoneDue("2026-06-20");
        byte[] input = scheduleInput("brief-b1-m1-t2d");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input), out, null);
        JsonNode outcome = json.readTree(out.toByteArray());
        assertEquals("SENT", outcome.path("status").asText());
        assertEquals("msg-1", outcome.path("messageId").asText());

        assertEquals(Status.DUPLICATE, handler.handle(input).status());
        assertEquals(1, mailer.sent().size());
        assertEquals(List.of("bob@example.com"), mailer.sent().get(0).to());
        assertTrue(mailer.sent().get(0).textBody().contains("http://127.0.0.1:8080/#/briefs/" + b.id()));
        assertTrue(mailer.sent().get(0).hasHtml());
    }

    @Test
    void staleScheduleSendsNothing() throws Exception {
        briefWithMilestoneDue("2026-06-20");
        byte[] input = scheduleInput("brief-b1-m1-due");
        briefs.changeMilestone("b1", 1, "alice@example.com", "m1", null, null, "2026-06-27", null);

        assertEquals(Status.STALE, handler.handle(input).status());
        assertTrue(mailer.sent().isEmpty());
    }

    @Test
    void inputThatIsNotAReminderFailsLoudly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> handler.handle("not json".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("not a milestone reminder"), e.getMessage());
        assertThrows(ValidationException.class, () -> handler.handle("{}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class,
                () -> handler.handle("{\"briefId\":\"b1\",\"dueDate\":\"20th June\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(mailer.sent().isEmpty());
    }
}
