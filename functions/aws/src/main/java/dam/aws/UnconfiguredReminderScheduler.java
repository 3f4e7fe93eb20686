package dam.aws;

import dam.core.notify.Reminder;
import dam.core.notify.ReminderScheduler;

import java.time.Instant;

/**
 * Used when a deployment does not configure reminders (no REMINDER_TARGET_ARN): briefs still work and every skipped
 * reminder is logged as a warning, so the missing configuration is visible rather than silent.
 */
public final class UnconfiguredReminderScheduler implements ReminderScheduler {

    private static final System.Logger LOG = System.getLogger(UnconfiguredReminderScheduler.class.getName());

    @Override
    public void upsert(String name, Instant at, Reminder reminder) {
        LOG.log(System.Logger.Level.WARNING, "reminders are not configured (REMINDER_TARGET_ARN unset): not scheduling {0} at {1}",
                name, at);
    }

    @Override
    public void cancel(String name) {
        LOG.log(System.Logger.Level.WARNING, "reminders are not configured (REMINDER_TARGET_ARN unset): not cancelling {0}",
                name);
    }
}
