package dam.aws;

import dam.core.json.Json;
import dam.core.notify.Reminder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleResponse;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulerReminderSchedulerTest {

    /** Update fails for unknown names, as Scheduler does; create/update/delete are recorded. */
    static final class Scheduler implements SchedulerClient {
        final Set<String> existing = new HashSet<>();
        final List<Object> calls = new ArrayList<>();

        @Override
        public UpdateScheduleResponse updateSchedule(UpdateScheduleRequest r) {
            if (!existing.contains(r.name())) {
                throw ResourceNotFoundException.builder().message("Schedule " + r.name() + " does not exist.").build();
            }
            calls.add(r);
            return UpdateScheduleResponse.builder().build();
        }

        @Override
        public CreateScheduleResponse createSchedule(CreateScheduleRequest r) {
            existing.add(r.name());
            calls.add(r);
            return CreateScheduleResponse.builder().build();
        }

        @Override
        public DeleteScheduleResponse deleteSchedule(DeleteScheduleRequest r) {
            if (!existing.remove(r.name())) {
                throw ResourceNotFoundException.builder().message("Schedule " + r.name() + " does not exist.").build();
            }
            calls.add(r);
            return DeleteScheduleResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "scheduler";
        }

        @Override
        public void close() {
        }
    }

    private final Scheduler client = new Scheduler();
    private final SchedulerReminderScheduler scheduler = new SchedulerReminderScheduler(client, "dam-reminders",
            "arn:aws:lambda:us-east-1:1:function:reminders", "arn:aws:iam::1:role/scheduler", Json.mapper());
    private final Reminder reminder = new Reminder(Reminder.MILESTONE_DUE, "b1", "m1", "Concepts", "bob@example.com",
            LocalDate.parse("2026-06-20"));

    @Test
    void atExpressionAlwaysHasSeconds() {
        assertEquals("at(2026-06-20T09:00:00)", OneTimeSchedules.atExpression(
                Instant.parse("2026-06-20T09:00:00Z")));
        assertEquals("at(2026-06-20T09:00:07)", OneTimeSchedules.atExpression(
                Instant.parse("2026-06-20T09:00:07.900Z")));
    }

    @Test
    void upsertCreatesThenUpdatesTheSameNameAndCancelIsIdempotent() throws Exception {
        scheduler.upsert("brief-b1-m1-due", Instant.parse("2026-06-20T09:00:00Z"), reminder);
        scheduler.upsert("brief-b1-m1-due", Instant.parse("2026-06-25T09:00:00Z"), reminder);

        CreateScheduleRequest create = (CreateScheduleRequest) client.calls.get(0);
        assertEquals("at(2026-06-20T09:00:00)", create.scheduleExpression());
        assertEquals("UTC", create.scheduleExpressionTimezone());
        assertEquals("dam-reminders", create.groupName());
        assertEquals(ActionAfterCompletion.DELETE, create.actionAfterCompletion());
        assertEquals("arn:aws:iam::1:role/scheduler", create.target().roleArn());
        assertEquals(reminder, Json.mapper().readValue(create.target().input(), Reminder.class));
        UpdateScheduleRequest update = (UpdateScheduleRequest) client.calls.get(1);
        assertEquals("at(2026-06-25T09:00:00)", update.scheduleExpression());

        scheduler.cancel("brief-b1-m1-due");
        scheduler.cancel("brief-b1-m1-due");
        assertEquals(3, client.calls.size());
        assertTrue(client.existing.isEmpty());
    }
}
