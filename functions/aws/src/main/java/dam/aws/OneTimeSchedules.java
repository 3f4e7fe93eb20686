package dam.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.Target;

/**
 * EventBridge Scheduler one-time schedules ({@code at(...)}, UTC, no flexible window) in one group, all invoking one
 * target with a JSON input and deleting themselves after they fired. The reminder, review-timer and expiry adapters
 * share it; names are the callers' (deterministic, so retries are idempotent).
 */
public final class OneTimeSchedules {

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final System.Logger LOG = System.getLogger(OneTimeSchedules.class.getName());

    private final SchedulerClient client;
    private final String group;
    private final String targetArn;
    private final String roleArn;
    private final ObjectMapper json;

    public OneTimeSchedules(SchedulerClient client, String group, String targetArn, String roleArn, ObjectMapper json) {
        this.client = client;
        this.group = group;
        this.targetArn = targetArn;
        this.roleArn = roleArn;
        this.json = json;
    }

    /** Moves the schedule {@code name} to {@code at} with {@code input}, creating it when missing. */
    public void upsert(String name, Instant at, Object input) {
        Target target = target(input);
        String expression = atExpression(at);
        try {
            client.updateSchedule(b -> b.name(name).groupName(group).scheduleExpression(expression)
                    .scheduleExpressionTimezone("UTC").flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.DELETE).target(target));
        } catch (ResourceNotFoundException e) {
            LOG.log(System.Logger.Level.DEBUG, "schedule {0} is new", name);
            create(name, expression, target);
        }
    }

    /** Creates the schedule unless one by that name exists (then it is left as it is); true when created. */
    public boolean createIfAbsent(String name, Instant at, Object input) {
        try {
            create(name, atExpression(at), target(input));
            return true;
        } catch (ConflictException e) {
            LOG.log(System.Logger.Level.DEBUG, "schedule {0} exists already", name);
            return false;
        }
    }

    private void create(String name, String expression, Target target) {
        client.createSchedule(b -> b.name(name).groupName(group).scheduleExpression(expression)
                .scheduleExpressionTimezone("UTC").flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .actionAfterCompletion(ActionAfterCompletion.DELETE).target(target));
    }

    /** Deletes the schedule; one already gone (fired or cancelled) is fine. */
    public void cancel(String name) {
        try {
            client.deleteSchedule(b -> b.name(name).groupName(group));
        } catch (ResourceNotFoundException e) {
            LOG.log(System.Logger.Level.DEBUG, "schedule {0} already gone (fired or cancelled)", name);
        }
    }

    /** {@code at(yyyy-mm-ddThh:mm:ss)}: Scheduler requires the seconds, which LocalDateTime.toString() omits at :00. */
    public static String atExpression(Instant at) {
        return "at(" + AT.format(LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC)) + ")";
    }

    private Target target(Object input) {
        try {
            return Target.builder().arn(targetArn).roleArn(roleArn).input(json.writeValueAsString(input)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise the schedule's input", e);
        }
    }
}
