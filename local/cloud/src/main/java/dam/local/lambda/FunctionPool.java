package dam.local.lambda;

import dam.local.edge.AwsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execution environments of one deployed function: workers start lazily (cold), stay warm for the next event,
 * and never number more than the reserved concurrency; further invocations wait for a free one.
 */
final class FunctionPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionPool.class);
    /** Lambda gives on-demand init 10 s, then retries a slow init within the invoke's own timeout. */
    private static final Duration INIT_LIMIT = Duration.ofSeconds(10);
    private static final int TAIL_BYTES = 4096;

    private final FunctionConfig config;
    private final String arn;
    private final FunctionCode code;
    private final Worker.Launch launch;
    private final FunctionLog log;
    private final Instant lastModified;
    private final ClassDataSharing cds;
    private final Semaphore permits;
    private final Deque<Worker> idle = new ArrayDeque<>();
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextWorkerId = new AtomicInteger();
    private final AtomicInteger peakWorkers = new AtomicInteger();
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private volatile boolean retired;

    FunctionPool(FunctionConfig config, String arn, FunctionCode code, Worker.Launch launch, FunctionLog log,
                 Instant lastModified, ClassDataSharing cds) {
        this.cds = cds;
        this.config = config;
        this.arn = arn;
        this.code = code;
        this.launch = launch;
        this.log = log;
        this.lastModified = lastModified;
        this.permits = new Semaphore(config.maxWorkers(), true);
    }

    FunctionConfig config() {
        return config;
    }

    String arn() {
        return arn;
    }

    FunctionCode code() {
        return code;
    }

    Instant lastModified() {
        return lastModified;
    }

    Path logFile() {
        return log.file();
    }

    ClassDataSharing classDataSharing() {
        return cds;
    }

    /** Runs one event on a warm worker, or a new one; waits up to {@code queueWait} for a free slot. */
    InvokeResult invoke(String requestId, byte[] payload, String clientContext, Duration queueWait)
            throws InterruptedException {
        if (retired) {
            throw new AwsException("ResourceNotFoundException", "Function not found: " + arn, 404);
        }
        if (!permits.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS)) {
            throttled.incrementAndGet();
            throw new AwsException("TooManyRequestsException", "Rate Exceeded. All " + config.maxWorkers()
                    + " workers of " + config.name() + " stayed busy for " + queueWait.toSeconds() + " s", 429);
        }
        Worker worker = null;
        try {
            invocations.incrementAndGet();
            worker = takeIdle();
            boolean cold = worker == null;
            long startNanos = System.nanoTime();
            if (cold) {
                worker = startWorker();
            }
            Invocation invocation = new Invocation(requestId, payload, clientContext, traceId());
            worker.assign(invocation);
            Invocation.Outcome outcome = await(worker, invocation);
            long endNanos = System.nanoTime();
            Long dispatchedAt = invocation.dispatched.getNow(null);
            double durationMs = dispatchedAt == null ? 0 : (endNanos - dispatchedAt) / 1e6;
            Double initMs = worker.takeInitDurationMs();
            if (cold && initMs == null) {
                initMs = (endNanos - startNanos) / 1e6; // the runtime never came up: all of it was init
            }
            String tail = report(worker, invocation, outcome, durationMs, initMs);
            if (worker.alive()) {
                cds.afterInvocation(worker);
            }
            return new InvokeResult(requestId, outcome.payload(), outcome.functionError(), tail, durationMs, initMs,
                    worker.pid());
        } finally {
            release(worker);
            permits.release();
        }
    }

    private Invocation.Outcome await(Worker worker, Invocation invocation) throws InterruptedException {
        long initLimitNanos = INIT_LIMIT.toNanos() + TimeUnit.SECONDS.toNanos(config.timeoutSeconds());
        try {
            CompletableFuture.anyOf(invocation.dispatched, invocation.outcome)
                    .get(initLimitNanos, TimeUnit.NANOSECONDS);
            if (!invocation.outcome.isDone()) {
                long deadline = invocation.dispatched.get() + TimeUnit.SECONDS.toNanos(config.timeoutSeconds());
                invocation.outcome.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            String phase = invocation.dispatched.isDone() ? "Task" : "Init";
            double seconds = invocation.dispatched.isDone() ? config.timeoutSeconds() : initLimitNanos / 1e9;
            // Settle first, then kill, so the worker's exit does not report it as a crash.
            invocation.outcome.complete(Invocation.Outcome.platformError("Sandbox.Timedout",
                    String.format(Locale.ROOT, "RequestId: %s Error: %s timed out after %.2f seconds",
                            invocation.requestId, phase, seconds)));
            worker.kill();
        } catch (ExecutionException e) {
            throw new IllegalStateException("invocation futures never complete exceptionally", e);
        }
        return invocation.outcome.getNow(null);
    }

    /** Writes END/REPORT lines (file + provider log) and returns the invocation's log tail. */
    private String report(Worker worker, Invocation invocation, Invocation.Outcome outcome, double durationMs,
                          Double initMs) {
        String printed = worker.capturedOutput();
        long memory = worker.alive() ? worker.peakMemoryMb() : -1;
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB",
                invocation.requestId, durationMs, (long) Math.ceil(durationMs), config.memoryMb()));
        if (memory >= 0) {
            report.append("\tMax Memory Used: ").append(memory).append(" MB");
        }
        if (initMs != null) {
            report.append(String.format(Locale.ROOT, "\tInit Duration: %.2f ms", initMs));
        }
        if (outcome.functionError() != null) {
            report.append("\tStatus: error");
        }
        String end = "END RequestId: " + invocation.requestId;
        log.line(end);
        log.line(report.toString());
        LOG.info("{} {}", config.name(), report.toString().replace('\t', ' '));
        byte[] tail = (printed + end + "\n" + report + "\n").getBytes(StandardCharsets.UTF_8);
        return new String(Arrays.copyOfRange(tail, Math.max(0, tail.length - TAIL_BYTES), tail.length),
                StandardCharsets.UTF_8);
    }

    private Worker takeIdle() {
        synchronized (idle) {
            while (!idle.isEmpty()) {
                Worker worker = idle.pop();
                if (worker.alive()) {
                    return worker;
                }
            }
            return null;
        }
    }

    private Worker startWorker() {
        try {
            Worker worker = Worker.start(nextWorkerId.incrementAndGet(), config, arn, code, launch,
                    cds.jvmOptions(), log, this::workerExited);
            workers.add(worker);
            peakWorkers.accumulateAndGet((int) workers.stream().filter(Worker::alive).count(), Math::max);
            return worker;
        } catch (IOException e) {
            throw new AwsException("ServiceException", "cannot start a worker for " + config.name() + ": " + e, 500,
                    e);
        }
    }

    private void release(Worker worker) {
        if (worker == null) {
            return;
        }
        if (worker.alive() && !retired) {
            synchronized (idle) {
                idle.push(worker);
            }
        } else if (worker.alive()) {
            worker.kill();
        }
    }

    private void workerExited(Worker worker) {
        workers.remove(worker);
        synchronized (idle) {
            idle.remove(worker);
        }
    }

    FunctionStats stats() {
        int idleCount;
        synchronized (idle) {
            idleCount = (int) idle.stream().filter(Worker::alive).count();
        }
        var live = workers.stream().filter(Worker::alive).toList();
        return new FunctionStats(live.size(), idleCount, nextWorkerId.get(), invocations.get(), throttled.get(),
                peakWorkers.get(), live.stream().map(Worker::pid).sorted().toList());
    }

    /** Stops taking events: idle workers go now, busy ones when they finish (a redeploy replaced this code). */
    void retire() {
        retired = true;
        stopIdleWorkers();
    }

    /** Stops the idle workers (busy ones finish their event), so the next invoke starts a fresh worker JVM. */
    int stopIdleWorkers() {
        synchronized (idle) {
            int stopped = idle.size();
            idle.forEach(Worker::kill);
            idle.clear();
            return stopped;
        }
    }

    @Override
    public void close() {
        retire();
        workers.forEach(Worker::kill);
    }

    /** After {@link #close()}: waits (bounded) until every worker process is gone. */
    void awaitWorkersGone(Duration max) {
        long end = System.nanoTime() + max.toNanos();
        for (Worker worker : List.copyOf(workers)) {
            worker.awaitExit(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
        }
    }

    private static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] id = new byte[12];
        byte[] parent = new byte[8];
        random.nextBytes(id);
        random.nextBytes(parent);
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + HexFormat.of().formatHex(id)
                + ";Parent=" + HexFormat.of().formatHex(parent) + ";Sampled=0";
    }
}
