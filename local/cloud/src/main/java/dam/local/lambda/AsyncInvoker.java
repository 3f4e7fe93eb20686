package dam.local.lambda;

import dam.local.clock.LocalClock;
import dam.local.edge.AwsException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda's asynchronous invocation queue: runs each event, retries a failed one after 1 and then 2 minutes of local
 * clock time (so tests advance the clock instead of waiting), then hands it to the {@link FailureSink}.
 */
final class AsyncInvoker {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncInvoker.class);
    /** Async events wait for a free worker far longer than sync callers: Lambda keeps them queued for hours. */
    private static final Duration QUEUE_WAIT = Duration.ofMinutes(15);
    private static final int REMEMBERED = 10_000;

    private final LocalClock clock;
    private final ExecutorService executor;
    private final FailureSink failures;
    private final Function<String, FunctionPool> functions;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, AsyncStatus> statuses = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AsyncStatus> eldest) {
            return size() > REMEMBERED;
        }
    });

    AsyncInvoker(LocalClock clock, ExecutorService executor, FailureSink failures,
                 Function<String, FunctionPool> functions) {
        this.clock = clock;
        this.executor = executor;
        this.failures = failures;
        this.functions = functions;
    }

    void submit(String requestId, String functionName, byte[] payload) {
        inFlight.incrementAndGet();
        statuses.put(requestId, new AsyncStatus(requestId, functionName, AsyncStatus.State.QUEUED, 0, null));
        run(() -> attempt(requestId, functionName, payload, 1));
    }

    Optional<AsyncStatus> status(String requestId) {
        return Optional.ofNullable(statuses.get(requestId));
    }

    int pending() {
        return inFlight.get();
    }

    private void attempt(String requestId, String functionName, byte[] payload, int attempt) {
        FunctionPool pool = functions.apply(functionName);
        if (pool == null) {
            LOG.warn("async event {} dropped: function {} was deleted", requestId, functionName);
            finish(requestId, functionName, AsyncStatus.State.FAILED, attempt - 1);
            return;
        }
        statuses.put(requestId, new AsyncStatus(requestId, functionName, AsyncStatus.State.RUNNING, attempt, null));
        InvokeResult result;
        try {
            result = pool.invoke(requestId, payload, null, QUEUE_WAIT);
        } catch (AwsException e) {
            // Throttled or the worker could not start: counts as a failed attempt, with the reason as the response.
            result = new InvokeResult(requestId, Invocation.Outcome.platformError(e.code(), e.getMessage()).payload(),
                    "Unhandled", "", 0, null, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("async event {} for {} abandoned: the local cloud is stopping", requestId, functionName);
            return;
        }
        if (!result.failed()) {
            finish(requestId, functionName, AsyncStatus.State.SUCCEEDED, attempt);
            return;
        }
        FunctionConfig config = pool.config();
        if (attempt <= config.maximumRetryAttempts()) {
            Instant due = clock.instant().plus(Duration.ofMinutes(attempt));
            statuses.put(requestId, new AsyncStatus(requestId, functionName, AsyncStatus.State.WAITING_RETRY,
                    attempt, due));
            clock.schedule(due, () -> run(() -> attempt(requestId, functionName, payload, attempt + 1)));
            return;
        }
        deliver(pool, requestId, payload, result, attempt);
        finish(requestId, functionName, AsyncStatus.State.FAILED, attempt);
    }

    private void deliver(FunctionPool pool, String requestId, byte[] payload, InvokeResult result, int attempts) {
        FunctionConfig config = pool.config();
        List<AsyncFailure> records = new ArrayList<>();
        Instant now = clock.instant();
        if (config.onFailureArn() != null) {
            records.add(new AsyncFailure(config.onFailureArn(), AsyncFailure.Kind.ON_FAILURE_DESTINATION, pool.arn(),
                    requestId, "RetriesExhausted", attempts, now, payload, result.payload(), result.functionError()));
        }
        if (config.deadLetterArn() != null) {
            records.add(new AsyncFailure(config.deadLetterArn(), AsyncFailure.Kind.DEAD_LETTER_QUEUE, pool.arn(),
                    requestId, "RetriesExhausted", attempts, now, payload, result.payload(), result.functionError()));
        }
        if (records.isEmpty()) {
            LOG.warn("async event {} for {} dropped after {} attempts: no on-failure destination or dead-letter queue",
                    requestId, config.name(), attempts);
        }
        for (AsyncFailure record : records) {
            try {
                failures.deliver(record);
            } catch (RuntimeException e) {
                LOG.error("could not deliver failed event {} of {} to {}", requestId, config.name(),
                        record.targetArn(), e);
            }
        }
    }

    private void finish(String requestId, String functionName, AsyncStatus.State state, int attempts) {
        statuses.put(requestId, new AsyncStatus(requestId, functionName, state, attempts, null));
        inFlight.decrementAndGet();
    }

    private void run(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.info("async work not started: the local cloud is stopping ({})", e.toString());
        }
    }
}
