package dam.local.events;

import dam.local.clock.LocalClock;
import dam.local.sqs.SqsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asynchronous target delivery with AWS-style retries: the first attempt runs at once on a worker thread; failures
 * are retried with exponential back-off (1 s, 2 s, 4 s ... capped at 5 min) on {@link LocalClock} timers — so a frozen
 * test clock controls every retry — until MaximumRetryAttempts or MaximumEventAgeInSeconds is exhausted, then the
 * payload goes to the dead-letter queue (an SQS queue ARN) with the error attributes AWS adds.
 * Retries still pending at shutdown are not persisted (a restart drops them).
 */
public final class Deliveries implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    /**
     * One invocation to deliver.
     *
     * @param dlqArn        SQS queue ARN for exhausted deliveries, or null to drop (logged)
     * @param dlqBody       the message body sent to the DLQ (EventBridge sends the original event)
     * @param dlqAttributes attributes identifying the source (RULE_ARN / SCHEDULE_ARN, TARGET_ARN, ...)
     */
    public record Job(String targetArn, String input, RetryPolicy policy, Instant eventTime, String dlqArn,
                      String dlqBody, Map<String, String> dlqAttributes) {
    }

    private final LocalClock clock;
    private final TargetDispatcher dispatcher;
    private final SqsProvider sqs;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "local-delivery");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean closed;

    public Deliveries(LocalClock clock, TargetDispatcher dispatcher, SqsProvider sqs) {
        this.clock = clock;
        this.dispatcher = dispatcher;
        this.sqs = sqs;
    }

    public void submit(Job job) {
        pending.incrementAndGet();
        run(() -> attempt(job, 1));
    }

    /** Deliveries not yet finished (delivered, dead-lettered or dropped), including those waiting for a retry. */
    public int pending() {
        return pending.get();
    }

    static Duration backoff(int failedAttempt) {
        long seconds = 1L << Math.min(failedAttempt - 1, 20);
        Duration d = Duration.ofSeconds(seconds);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private void attempt(Job job, int attempt) {
        boolean retrying = false;
        try {
            retrying = !closed && tryOnce(job, attempt);
        } finally {
            if (!retrying) {
                pending.decrementAndGet();
            }
        }
    }

    /** One attempt; true when a retry has been scheduled. */
    private boolean tryOnce(Job job, int attempt) {
        try {
            dispatcher.deliver(job.targetArn(), job.input());
            return false;
        } catch (Exception e) {
            boolean retryable = !(e instanceof DeliveryException d) || d.retryable();
            int retriesDone = attempt - 1;
            String condition = null;
            if (retryable) {
                if (retriesDone < job.policy().maximumRetryAttempts()) {
                    Instant next = clock.instant().plus(backoff(attempt));
                    Duration age = Duration.between(job.eventTime(), next);
                    if (age.getSeconds() <= job.policy().maximumEventAgeInSeconds()) {
                        LOG.info("delivery to {} failed (attempt {}): {}; retrying at {}", job.targetArn(), attempt,
                                e.toString(), next);
                        clock.schedule(next, () -> run(() -> attempt(job, attempt + 1)));
                        return true;
                    }
                    condition = "MaximumEventAgeExceeded";
                } else {
                    condition = "MaximumRetryAttemptsExhausted";
                }
            }
            deadLetter(job, e, retriesDone, condition);
            return false;
        }
    }

    private void deadLetter(Job job, Exception error, int retries, String condition) {
        if (job.dlqArn() == null) {
            LOG.warn("delivery to {} failed after {} retries and no dead-letter queue is configured; dropped: {}",
                    job.targetArn(), retries, error.toString());
            return;
        }
        Map<String, String> attributes = new LinkedHashMap<>(job.dlqAttributes());
        attributes.put("TARGET_ARN", job.targetArn());
        attributes.put("ERROR_CODE", error instanceof DeliveryException d ? d.errorCode() : error.getClass().getSimpleName());
        attributes.put("ERROR_MESSAGE", String.valueOf(error.getMessage()));
        attributes.put("RETRY_ATTEMPTS", Integer.toString(retries));
        if (condition != null) {
            attributes.put("EXHAUSTED_RETRY_CONDITION", condition);
        }
        try {
            sqs.sendMessage(job.dlqArn(), job.dlqBody(), attributes);
            LOG.info("delivery to {} dead-lettered to {} after {} retries", job.targetArn(), job.dlqArn(), retries);
        } catch (Exception dlqError) {
            LOG.error("delivery to {} failed and the dead-letter queue {} refused it: {}", job.targetArn(),
                    job.dlqArn(), dlqError.toString(), error);
        }
    }

    private void run(Runnable task) {
        if (closed) {
            pending.decrementAndGet();
            return;
        }
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            LOG.debug("delivery dropped at shutdown", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.shutdownNow();
    }
}
