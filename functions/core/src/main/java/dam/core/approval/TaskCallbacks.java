package dam.core.approval;

/**
 * Port: answers a waiting workflow task (Step Functions SendTaskSuccess/Failure in AWS). Implementations throw
 * {@link TaskGoneException} when the task no longer waits (timed out, already answered, execution stopped) and any
 * other exception for failures worth retrying.
 */
public interface TaskCallbacks {

    void succeed(String taskToken, String outputJson);

    void fail(String taskToken, String error, String cause);

    /** The task no longer accepts an answer. */
    final class TaskGoneException extends RuntimeException {
        public TaskGoneException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
