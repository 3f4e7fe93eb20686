package dam.local.lambda;

import java.nio.charset.StandardCharsets;

/**
 * The outcome of one synchronous invocation, as Invoke returns it.
 *
 * @param functionError  null on success, else "Unhandled" (the X-Amz-Function-Error value); the payload is then
 *                       the {errorMessage, errorType, stackTrace} document
 * @param logTail        what the worker printed during this invocation plus the END/REPORT lines (last 4 KB)
 * @param initDurationMs cold start time (worker JVM start → runtime asks for its first event), null when warm
 * @param workerPid      the worker JVM that ran it, -1 if none started
 */
public record InvokeResult(String requestId, byte[] payload, String functionError, String logTail,
                           double durationMs, Double initDurationMs, long workerPid) {

    public boolean failed() {
        return functionError != null;
    }

    public boolean cold() {
        return initDurationMs != null;
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
