package dam.core.review;

/**
 * Port: Step Functions SendTaskHeartbeat. A reviewer's wait has HeartbeatSeconds just past its escalation time: the
 * reminder and escalation timers beat it, so a wait whose timers were lost fails (and is reported) instead of hanging
 * until the link expires.
 */
public interface TaskHeartbeats {

    /** @throws dam.core.approval.TaskCallbacks.TaskGoneException when the task no longer waits */
    void beat(String taskToken);
}
