package dam.local.lambda;

import java.time.Instant;

/**
 * Where an asynchronous invocation stands.
 *
 * @param attempts      attempts started so far (1 = the first try)
 * @param nextAttemptAt when the next retry is due on the local clock, while {@code state} is WAITING_RETRY
 */
public record AsyncStatus(String requestId, String functionName, State state, int attempts, Instant nextAttemptAt) {

    public enum State { QUEUED, RUNNING, WAITING_RETRY, SUCCEEDED, FAILED }

    public boolean finished() {
        return state == State.SUCCEEDED || state == State.FAILED;
    }
}
