package dam.core.brief;

import dam.core.notify.Reminder;
import dam.core.notify.ReminderScheduler;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps milestone reminders in step with a brief: each open milestone has two one-time schedules, two days before
 * and on its due date (09:00 UTC). Names are deterministic, so re-planning is idempotent; moved dates re-upsert,
 * removed or done milestones cancel.
 */
final class ReminderPlanner {

    static final LocalTime SEND_AT = LocalTime.of(9, 0);

    private final ReminderScheduler scheduler;
    private final Clock clock;

    ReminderPlanner(ReminderScheduler scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Schedule name for a milestone reminder; at most 64 chars of [A-Za-z0-9-_.] as EventBridge Scheduler requires. */
    static String scheduleName(String briefId, String milestoneId, String kind) {
        String suffix = Reminder.MILESTONE_DUE.equals(kind) ? "due" : "t2d";
        return "brief-" + briefId + "-" + milestoneId + "-" + suffix;
    }

    /** Applies the difference between the reminders {@code before} implied and those {@code after} implies. */
    void replan(Brief before, Brief after) {
        Map<String, Planned> old = planned(before);
        Map<String, Planned> now = planned(after);
        old.keySet().stream().filter(name -> !now.containsKey(name)).sorted().forEach(scheduler::cancel);
        now.forEach((name, p) -> {
            if (!p.equals(old.get(name))) {
                scheduler.upsert(name, p.at(), p.reminder());
            }
        });
    }

    private record Planned(Instant at, Reminder reminder) {
    }

    private Map<String, Planned> planned(Brief brief) {
        Map<String, Planned> out = new HashMap<>();
        if (brief == null || brief.status() == BriefStatus.CLOSED) {
            return out;
        }
        Instant now = clock.instant();
        for (Milestone m : brief.milestones()) {
            if (m.done()) {
                continue;
            }
            Instant due = m.dueDate().atTime(SEND_AT).toInstant(ZoneOffset.UTC);
            add(out, brief, m, Reminder.MILESTONE_DUE, due, now);
            add(out, brief, m, Reminder.MILESTONE_T_MINUS_2D, due.minus(java.time.Duration.ofDays(2)), now);
        }
        return out;
    }

    private static void add(Map<String, Planned> out, Brief brief, Milestone m, String kind, Instant at, Instant now) {
        if (at.isBefore(now)) {
            return; // a reminder for a moment already gone is noise, not help
        }
        out.put(scheduleName(brief.id(), m.id(), kind), new Planned(at,
                new Reminder(kind, brief.id(), m.id(), m.name(), m.owner(), m.dueDate())));
    }
}
