package dam.core.brief;

import dam.core.ValidationException;
import dam.core.memory.InMemoryReminderScheduler.Scheduled;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MilestoneRemindersTest {

    private final Fixture f = new Fixture();

    @Test
    void milestoneGetsTwoDeterministicRemindersAtTMinus2DaysAndDue() {
        Brief b = f.create();
        Brief withMs = f.service.addMilestone(b.id(), 1, "alice", "First cut", "bob", "2026-06-20").brief();

        Milestone m = withMs.milestones().get(0);
        assertEquals("m1", m.id());
        assertEquals(List.of(
                        new Scheduled("brief-b1-m1-due", Instant.parse("2026-06-20T09:00:00Z"), reminder("milestone.due", m)),
                        new Scheduled("brief-b1-m1-t2d", Instant.parse("2026-06-18T09:00:00Z"), reminder("milestone.t-2d", m))),
                f.scheduler.schedules());
    }

    @Test
    void movingTheDateMovesTheSameSchedulesAndDeletingCancelsThem() {
        Brief b = f.create();
        f.service.addMilestone(b.id(), 1, "alice", "First cut", "bob", "2026-06-20");
        f.service.changeMilestone(b.id(), 2, "alice", "m1", null, null, "2026-06-25", null);

        assertEquals(List.of("brief-b1-m1-due", "brief-b1-m1-t2d"), names());
        assertEquals(List.of(Instant.parse("2026-06-25T09:00:00Z"), Instant.parse("2026-06-23T09:00:00Z")),
                f.scheduler.schedules().stream().map(Scheduled::at).toList());

        int upserts = f.scheduler.upserts();
        f.service.update(new UpdateBriefCommand(null, "alice", b.id(), 3, Fixture.changes().title("renamed").build()));
        assertEquals(upserts, f.scheduler.upserts(), "unchanged milestones are not re-scheduled");

        f.service.removeMilestone(b.id(), 4, "alice", "m1");
        assertTrue(f.scheduler.schedules().isEmpty());
    }

    @Test
    void doneMilestoneAndClosedBriefCancelReminders() {
        Brief b = f.create();
        f.service.addMilestone(b.id(), 1, "alice", "A", "bob", "2026-06-20");
        f.service.addMilestone(b.id(), 2, "alice", "B", "carol", "2026-06-22");
        assertEquals(4, f.scheduler.schedules().size());

        Brief done = f.service.changeMilestone(b.id(), 3, "alice", "m1", null, null, null, true).brief();
        assertTrue(done.milestones().get(0).done());
        assertEquals(List.of("brief-b1-m2-due", "brief-b1-m2-t2d"), names());

        f.service.transition(b.id(), 4, BriefStatus.CLOSED, "alice", null);
        assertTrue(f.scheduler.schedules().isEmpty());
    }

    @Test
    void reminderAlreadyInThePastIsSkipped() {
        Brief b = f.create();
        f.service.addMilestone(b.id(), 1, "alice", "Tomorrow", "bob", "2026-06-02");
        assertEquals(List.of("brief-b1-m1-due"), names());
    }

    @Test
    void badMilestonesAreFieldErrors() {
        Brief b = f.create();
        ValidationException e = assertThrows(ValidationException.class,
                () -> f.service.addMilestone(b.id(), 1, "alice", "", null, "2026-05-01"));
        assertEquals(List.of("milestones[0].name", "milestones[0].owner", "milestones[0].dueDate"),
                e.errors().stream().map(x -> x.field()).toList());
        assertTrue(f.scheduler.schedules().isEmpty());
        assertEquals(1, f.service.get(b.id()).version());
    }

    private List<String> names() {
        return f.scheduler.schedules().stream().map(Scheduled::name).toList();
    }

    private static dam.core.notify.Reminder reminder(String kind, Milestone m) {
        return new dam.core.notify.Reminder(kind, "b1", m.id(), m.name(), m.owner(), m.dueDate());
    }
}
