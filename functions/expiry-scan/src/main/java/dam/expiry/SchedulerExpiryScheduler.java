package dam.expiry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.OneTimeSchedules;
import dam.core.lifecycle.ExpiryCheck;
import dam.core.lifecycle.ExpiryScheduler;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

import java.time.Instant;

/**
 * {@link ExpiryScheduler} on EventBridge Scheduler one-time schedules ({@code at(...)}, UTC) in one group, invoking the
 * expiry-scan function's alias with the {@link ExpiryCheck} as input. Upsert = update, or create when missing; a
 * schedule deletes itself after it fired; cancelling a missing one is fine.
 */
public final class SchedulerExpiryScheduler implements ExpiryScheduler {

    private final OneTimeSchedules schedules;

    public SchedulerExpiryScheduler(SchedulerClient client, String group, String targetArn, String roleArn,
                                    ObjectMapper json) {
        this.schedules = new OneTimeSchedules(client, group, targetArn, roleArn, json);
    }

    @Override
    public void upsert(String name, Instant at, ExpiryCheck check) {
        schedules.upsert(name, at, check);
    }

    @Override
    public void cancel(String name) {
        schedules.cancel(name);
    }
}
