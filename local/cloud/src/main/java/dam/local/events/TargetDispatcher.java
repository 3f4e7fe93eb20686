package dam.local.events;

/**
 * Delivers one invocation to a rule or schedule target (Lambda, state machine, ...). Implementations throw on
 * failure; the caller retries per the target's RetryPolicy and then dead-letters. Throw {@link DeliveryException}
 * with {@code retryable = false} for failures that retrying cannot fix (e.g. the target does not exist).
 */
@FunctionalInterface
public interface TargetDispatcher {

    void deliver(String targetArn, String input) throws Exception;
}
