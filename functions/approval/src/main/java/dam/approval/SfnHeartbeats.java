package dam.approval;

import dam.core.approval.TaskCallbacks;
import dam.core.review.TaskHeartbeats;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** {@link TaskHeartbeats} as SendTaskHeartbeat; a task that no longer waits is {@code TaskGoneException}. */
final class SfnHeartbeats implements TaskHeartbeats {

    private final SfnClient sfn;

    SfnHeartbeats(SfnClient sfn) {
        this.sfn = sfn;
    }

    @Override
    public void beat(String taskToken) {
        try {
            sfn.sendTaskHeartbeat(b -> b.taskToken(taskToken));
        } catch (TaskDoesNotExistException | TaskTimedOutException | InvalidTokenException e) {
            throw new TaskCallbacks.TaskGoneException(e.getClass().getSimpleName(), e);
        }
    }
}
