package dam.approval;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.OneTimeSchedules;
import dam.core.review.ReviewTimers;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

import java.time.Instant;

/**
 * {@link ReviewTimers} on EventBridge Scheduler: one-time {@code at(...)} schedules (UTC, seconds included) in one
 * group, invoking the review timer function, deleted after they fire. A timer that exists already (same name: the same
 * link) is left as it is — its time never changes, so a retried request sets nothing twice.
 */
final class SchedulerReviewTimers implements ReviewTimers {

    private final OneTimeSchedules schedules;

    SchedulerReviewTimers(SchedulerClient client, String group, String targetArn, String roleArn, ObjectMapper json) {
        this.schedules = new OneTimeSchedules(client, group, targetArn, roleArn, json);
    }

    @Override
    public void schedule(String name, Instant at, Timer timer) {
        schedules.createIfAbsent(name, at, timer);
    }
}
