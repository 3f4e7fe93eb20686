package dam.local.lambda;

/**
 * Receives asynchronous invocations that failed for good (retries exhausted), once per configured target (on-failure
 * destination and/or dead-letter queue). The local cloud routes it to SQS, SNS, EventBridge or another function by
 * {@link AsyncFailure#targetArn()}. Called on a provider thread; an exception thrown here is logged, not retried.
 */
@FunctionalInterface
public interface FailureSink {

    void deliver(AsyncFailure failure);
}
