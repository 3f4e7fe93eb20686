package dam.expiry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.lifecycle.ExpiryCheck;
import dam.core.lifecycle.ExpiryScheduler;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.Target;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * {@link ExpiryScheduler} on EventBridge Scheduler one-time schedules ({@code at(...)}, UTC) in one group, invoking the
 * expiry-scan function's alias with the {@link ExpiryCheck} as input. Upsert = update, or create when missing; a
 * schedule deletes itself after it fired; cancelling a missing one is fine.
 */
public final class SchedulerExpiryScheduler implements ExpiryScheduler {

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final System.Logger LOG = System.getLogger(SchedulerExpiryScheduler.class.getName());

    private final SchedulerClient client;
    private final String group;
    private final String targetArn;
    private final String roleArn;
    private final ObjectMapper json;

    public SchedulerExpiryScheduler(SchedulerClient client, String group, String targetArn, String roleArn,
                                    ObjectMapper json) {
        this.client = client;
        this.group = group;
        this.targetArn = targetArn;
        this.roleArn = roleArn;
        this.json = json;
    }

    @Override
    public void upsert(String name, Instant at, ExpiryCheck check) {
        String expression = "at(" + AT.format(LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.SECONDS),
                ZoneOffset.UTC)) + ")";
        Target target = Target.builder().arn(targetArn).roleArn(roleArn).input(write(check)).build();
        try {
            client.updateSchedule(b -> b.name(name).groupName(group).scheduleExpression(expression)
                    .scheduleExpressionTimezone("UTC").flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.DELETE).target(target));
        } catch (ResourceNotFoundException e) {
            LOG.log(System.Logger.Level.DEBUG, "schedule {0} is new", name);
            client.createSchedule(b -> b.name(name).groupName(group).scheduleExpression(expression)
                    .scheduleExpressionTimezone("UTC").flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.DELETE).target(target));
        }
    }

    @Override
    public void cancel(String name) {
        try {
            client.deleteSchedule(b -> b.name(name).groupName(group));
        } catch (ResourceNotFoundException e) {
            LOG.log(System.Logger.Level.DEBUG, "schedule {0} already gone (fired or cancelled)", name);
        }
    }

    private String write(ExpiryCheck c) {
        try {
            return json.writeValueAsString(c);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise expiry check", e);
        }
    }
}
