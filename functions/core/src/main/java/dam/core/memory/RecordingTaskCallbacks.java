package dam.core.memory;

import dam.core.approval.TaskCallbacks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link TaskCallbacks} that records answers. Like Step Functions, a token answers once: a second answer for the same
 * token throws {@link TaskGoneException}. {@link #failNext} simulates an outage; {@link #gone} a timed-out task.
 */
public final class RecordingTaskCallbacks implements TaskCallbacks {

    public record Answer(String token, boolean success, String output, String error) {
    }

    private final List<Answer> answers = new ArrayList<>();
    private final Set<String> closed = new HashSet<>();
    private RuntimeException nextFailure;

    @Override
    public synchronized void succeed(String taskToken, String outputJson) {
        record(new Answer(taskToken, true, outputJson, null));
    }

    @Override
    public synchronized void fail(String taskToken, String error, String cause) {
        record(new Answer(taskToken, false, cause, error));
    }

    private void record(Answer a) {
        if (nextFailure != null) {
            RuntimeException e = nextFailure;
            nextFailure = null;
            throw e;
        }
        if (!closed.add(a.token())) {
            throw new TaskGoneException("task " + a.token() + " no longer waits", null);
        }
        answers.add(a);
    }

    public synchronized void failNext(RuntimeException e) {
        nextFailure = e;
    }

    /** The task behind {@code token} timed out: answers to it are refused. */
    public synchronized void gone(String token) {
        closed.add(token);
    }

    public synchronized List<Answer> answers() {
        return List.copyOf(answers);
    }
}
