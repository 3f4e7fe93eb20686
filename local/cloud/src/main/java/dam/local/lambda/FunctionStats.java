package dam.local.lambda;

import java.util.List;

/**
 * A function's workers at one moment.
 *
 * @param coldStarts  workers started so far
 * @param throttled   synchronous invokes refused with TooManyRequestsException (every worker stayed busy)
 * @param peakWorkers most workers alive at once
 */
public record FunctionStats(int liveWorkers, int idleWorkers, int coldStarts, long invocations, long throttled,
                            int peakWorkers, List<Long> workerPids) {
}
