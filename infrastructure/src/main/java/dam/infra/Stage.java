package dam.infra;

import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.LogLevel;

/**
 * Deployment stage, from the CDK context value {@code stage}. Only {@code prod} keeps data on stack deletion and turns
 * on deletion protection; every other stage is disposable. One stage per account is assumed (physical names such as
 * the table {@code dam} and the bus {@code dam} are fixed so integrators and the local cloud can address them).
 */
public record Stage(String name) {

    public static final String DEFAULT = "dev";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,15}");

    public Stage {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "Invalid stage '" + name + "': expected lower-case letters/digits, e.g. dev or prod");
        }
    }

    /** Reads a context value (null when not given) and falls back to {@value #DEFAULT}. */
    public static Stage fromContext(Object value) {
        return new Stage(value == null ? DEFAULT : value.toString());
    }

    public boolean isProduction() {
        return "prod".equals(name);
    }

    /** For stateful resources (buckets, table, log groups). */
    public RemovalPolicy removalPolicy() {
        return isProduction() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    }

    public RetentionDays logRetention() {
        return isProduction() ? RetentionDays.ONE_YEAR : RetentionDays.TWO_WEEKS;
    }

    public int accessLogExpiryDays() {
        return isProduction() ? 365 : 30;
    }

    /** How long the bus archive keeps events for replay (storage is billed per GB-month). */
    public Duration eventArchiveRetention() {
        return Duration.days(isProduction() ? 365 : 7);
    }

    /**
     * State machine execution logs: every state transition in dev (to follow a workflow while building), failures
     * only in prod (CloudWatch Logs ingestion is billed per GB and a busy ingest writes a line per state). Execution
     * data stays out at both levels: task tokens travel in the Task parameters.
     */
    public LogLevel stateMachineLogLevel() {
        return isProduction() ? LogLevel.ERROR : LogLevel.ALL;
    }
}
