package dam.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.notify.Reminder;
import dam.core.notify.ReminderScheduler;
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
 * {@link ReminderScheduler} on EventBridge Scheduler one-time schedules ({@code at(...)} in UTC) in one group.
 * Upsert = update, or create when missing; the schedule deletes itself after it fired.
 */
public final class SchedulerReminderScheduler implements ReminderScheduler {

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final System.Logger LOG = System.getLogger(SchedulerReminderScheduler.class.getName());

    private final SchedulerClient client;
    private final String group;
    private final String targetArn;
    private final String roleArn;
    private final ObjectMapper json;

    public SchedulerReminderScheduler(SchedulerClient client, String group, String targetArn, String roleArn,
                                      ObjectMapper json) {
        this.client = client;
        this.group = group;
        this.targetArn = targetArn;
        this.roleArn = roleArn;
        this.json = json;
    }

    @Override
    public void upsert(String name, Instant at, Reminder reminder) {
        String expression = atExpression(at);
        Target target = Target.builder().arn(targetArn).roleArn(roleArn).input(write(reminder)).build();
        try {
            client.updateSchedule(b -> b.name(name).groupName(group).scheduleExpression(expression)
                    .scheduleExpressionTimezone("UTC").flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.DELETE).target(target));
        } catch (ResourceNotFoundException e) {
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

    /** {@code at(yyyy-mm-ddThh:mm:ss)}: Scheduler requires the seconds, which LocalDateTime.toString() omits at :00. */
    static String atExpression(Instant at) {
        return "at(" + AT.format(LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC)) + ")";
    }

    private String write(Reminder r) {
        try {
            return json.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise reminder", e);
        }
    }
}
