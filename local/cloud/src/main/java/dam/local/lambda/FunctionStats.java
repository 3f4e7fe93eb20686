package dam.local.lambda;

import java.util.List;

/**
 * A function's workers at one moment.
 *
 * @param coldStarts  workers started so far
 * @param peakWorkers most workers alive at once
 */
public record FunctionStats(int liveWorkers, int idleWorkers, int coldStarts, long invocations, int peakWorkers,
                            List<Long> workerPids) {
}
