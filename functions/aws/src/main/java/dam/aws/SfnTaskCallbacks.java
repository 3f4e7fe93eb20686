package dam.aws;

import dam.core.approval.TaskCallbacks;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * {@link TaskCallbacks} on Step Functions SendTaskSuccess / SendTaskFailure. A task that timed out, no longer exists
 * or whose token is not valid any more is reported as {@link TaskGoneException}; the token never appears in messages.
 */
public final class SfnTaskCallbacks implements TaskCallbacks {

    private final SfnClient sfn;

    public SfnTaskCallbacks(SfnClient sfn) {
        this.sfn = sfn;
    }

    @Override
    public void succeed(String taskToken, String outputJson) {
        try {
            sfn.sendTaskSuccess(b -> b.taskToken(taskToken).output(outputJson));
        } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
            throw gone(e);
        }
    }

    @Override
    public void fail(String taskToken, String error, String cause) {
        try {
            sfn.sendTaskFailure(b -> b.taskToken(taskToken).error(error).cause(cause));
        } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
            throw gone(e);
        }
    }

    private static TaskGoneException gone(RuntimeException e) {
        // The SDK message is the service's, which does not echo the token; keep only the error code.
        String code = e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a
                && a.awsErrorDetails() != null ? a.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
        return new TaskGoneException("task no longer waits (" + code + ")", e);
    }
}
