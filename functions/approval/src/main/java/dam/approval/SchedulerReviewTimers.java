package dam.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.review.ReviewTimers;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.Target;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * {@link ReviewTimers} on EventBridge Scheduler: one-time {@code at(...)} schedules (UTC, seconds included) in one
 * group, invoking the review timer function, deleted after they fire. A timer that exists already (same name: the same
 * link) is left as it is — its time never changes.
 */
final class SchedulerReviewTimers implements ReviewTimers {

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final SchedulerClient client;
    private final String group;
    private final String targetArn;
    private final String roleArn;
    private final ObjectMapper json;

    SchedulerReviewTimers(SchedulerClient client, String group, String targetArn, String roleArn, ObjectMapper json) {
        this.client = client;
        this.group = group;
        this.targetArn = targetArn;
        this.roleArn = roleArn;
        this.json = json;
    }

    @Override
    public void schedule(String name, Instant at, Timer timer) {
        String input;
        try {
            input = json.writeValueAsString(timer);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise timer", e);
        }
        Target target = Target.builder().arn(targetArn).roleArn(roleArn).input(input).build();
        String expression = "at(" + AT.format(LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.SECONDS),
                ZoneOffset.UTC)) + ")";
        try {
            client.createSchedule(b -> b.name(name).groupName(group).scheduleExpression(expression)
                    .scheduleExpressionTimezone("UTC").flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.DELETE).target(target));
        } catch (ConflictException e) {
            // A retried request for the same link: its timer is already set.
        }
    }
}
