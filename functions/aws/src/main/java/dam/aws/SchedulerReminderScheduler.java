package dam.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.notify.Reminder;
import dam.core.notify.ReminderScheduler;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

import java.time.Instant;

/**
 * {@link ReminderScheduler} on EventBridge Scheduler one-time schedules ({@code at(...)} in UTC) in one group.
 * Upsert = update, or create when missing; the schedule deletes itself after it fired.
 */
public final class SchedulerReminderScheduler implements ReminderScheduler {

    private final OneTimeSchedules schedules;

    public SchedulerReminderScheduler(SchedulerClient client, String group, String targetArn, String roleArn,
                                      ObjectMapper json) {
        this.schedules = new OneTimeSchedules(client, group, targetArn, roleArn, json);
    }

    @Override
    public void upsert(String name, Instant at, Reminder reminder) {
        schedules.upsert(name, at, reminder);
    }

    @Override
    public void cancel(String name) {
        schedules.cancel(name);
    }
}
