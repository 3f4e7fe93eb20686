package dam.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.clock.LocalClock;
import dam.local.dynamodb.Streams;
import dam.local.edge.AwsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.event.ruler.Machine;

/**
 * Reads one mapping's stream in order and invokes its function synchronously with batches of records, as Lambda's
 * poller does: batch size and window, filters, retries, bisection, partial batch responses and the on-failure
 * destination. The checkpoint (last sequence fully handled) moves only after a whole batch is done, so a restart
 * resumes after the last finished batch. Sleeps on a monitor until the stream has new records, the batching window
 * (LocalClock time) ends, or the mapping changes — it never polls.
 */
final class StreamPoller implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamPoller.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Retries beyond this many wait (real time, growing to {@link #MAX_BACKOFF}) so a poison batch cannot spin. */
    private static final int IMMEDIATE_RETRIES = 3;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration NOT_INVOKED_BACKOFF = Duration.ofSeconds(1);

    /** Persists the checkpoint after each finished batch. */
    @FunctionalInterface
    interface Checkpoints {
        void save(String uuid, long checkpoint);
    }

    private record Attempt(List<Streams.Record> records, int retries, int invokes) {
    }

    private enum Kind { SUCCESS, PARTIAL, FUNCTION_ERROR, NOT_INVOKED }

    private record Outcome(Kind kind, int failedFrom, String requestId, String functionError) {
    }

    private final Object signal = new Object();
    private final LambdaProvider lambda;
    private final Streams streams;
    private final LocalClock clock;
    private final FailureDestination destination;
    private final Checkpoints checkpoints;
    private volatile MappingConfig config;
    private volatile Machine filter;
    private volatile long checkpoint;
    private volatile String lastResult = "No records processed";
    private volatile boolean stopped;
    private boolean pending = true; // guarded by signal
    private Thread thread;

    StreamPoller(MappingConfig config, long checkpoint, LambdaProvider lambda, Streams streams, LocalClock clock,
                 FailureDestination destination, Checkpoints checkpoints) {
        this.lambda = lambda;
        this.streams = streams;
        this.clock = clock;
        this.destination = destination;
        this.checkpoints = checkpoints;
        this.checkpoint = checkpoint;
        configure(config);
    }

    void start() {
        thread = new Thread(this, "esm-" + config.uuid().substring(0, 8));
        thread.setDaemon(true);
        thread.start();
    }

    MappingConfig config() {
        return config;
    }

    long checkpoint() {
        return checkpoint;
    }

    String lastResult() {
        return lastResult;
    }

    /** Applies UpdateEventSourceMapping; a batch in flight finishes under the settings it started with. */
    void configure(MappingConfig next) {
        Machine machine = null;
        if (!next.filterPatterns().isEmpty()) {
            machine = Machine.builder().build();
            for (int i = 0; i < next.filterPatterns().size(); i++) {
                try {
                    machine.addRule("filter-" + i, next.filterPatterns().get(i));
                } catch (IOException e) {
                    throw MappingConfig.invalid("Invalid filter pattern: " + e.getMessage());
                }
            }
        }
        filter = machine;
        config = next;
        wake();
    }

    /** New records on the stream, a window's end, or a changed mapping. */
    void wake() {
        synchronized (signal) {
            pending = true;
            signal.notifyAll();
        }
    }

    void stop() {
        stopped = true;
        wake();
    }

    /** Waits (bounded) for the thread to finish its current invocation. */
    void join(Duration timeout) {
        Thread t = thread;
        if (t == null) {
            return;
        }
        try {
            t.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        Instant windowEnds = null;
        while (!stopped) {
            synchronized (signal) {
                pending = false; // a wake from here on is not lost
            }
            MappingConfig c = config;
            try {
                if (!c.enabled()) {
                    await(null);
                    continue;
                }
                List<Streams.Record> records = streams.read(c.eventSourceArn(), checkpoint + 1, c.batchSize());
                if (records.isEmpty()) {
                    windowEnds = null;
                    await(null);
                    continue;
                }
                if (c.maximumBatchingWindowInSeconds() > 0 && records.size() < c.batchSize()) {
                    if (windowEnds == null) {
                        windowEnds = clock.instant().plusSeconds(c.maximumBatchingWindowInSeconds());
                        clock.schedule(windowEnds, this::wake);
                    }
                    if (clock.instant().isBefore(windowEnds)) {
                        await(null);
                        continue;
                    }
                }
                windowEnds = null;
                if (process(c, records)) {
                    checkpoint = records.get(records.size() - 1).sequence();
                    checkpoints.save(c.uuid(), checkpoint);
                }
            } catch (RuntimeException e) {
                // e.g. the stream is gone (table deleted and 24 h passed): keep the mapping, report, wait
                lastResult = "PROBLEM: " + e.getMessage();
                LOG.warn("event source mapping {} cannot read {}: {}", c.uuid(), c.eventSourceArn(), e.toString());
                await(NOT_INVOKED_BACKOFF);
            }
        }
    }

    /** Handles one batch to the end (success, or discarded after its retries); false when stopped half-way. */
    private boolean process(MappingConfig c, List<Streams.Record> read) {
        List<Streams.Record> batch = new ArrayList<>();
        Machine machine = filter;
        for (Streams.Record r : read) {
            if (machine == null || matches(machine, eventRecord(c, r))) {
                batch.add(r);
            }
        }
        if (batch.isEmpty()) {
            return true; // filtered-out records are consumed without an invocation, as in AWS
        }
        Deque<Attempt> work = new ArrayDeque<>();
        work.add(new Attempt(batch, 0, 0));
        while (!work.isEmpty()) {
            if (stopped) {
                return false;
            }
            Attempt a = work.pollFirst();
            if (c.maximumRecordAgeInSeconds() >= 0 && a.records().get(0).created()
                    .plusSeconds(c.maximumRecordAgeInSeconds()).isBefore(clock.instant())) {
                discard(c, a, "RecordAgeExceeded", null);
                continue;
            }
            Outcome o = invoke(c, a.records());
            if (o.kind() == Kind.NOT_INVOKED) {
                work.addFirst(a); // the function was not reached: not a retry
                pause(NOT_INVOKED_BACKOFF);
                continue;
            }
            int invokes = a.invokes() + 1;
            if (o.kind() == Kind.SUCCESS) {
                lastResult = "OK";
                continue;
            }
            lastResult = "PROBLEM: Function call failed";
            List<Streams.Record> remaining = a.records().subList(o.failedFrom(), a.records().size());
            if (o.kind() == Kind.FUNCTION_ERROR && c.bisectBatchOnFunctionError() && remaining.size() > 1) {
                // halves keep the retry count: splitting is not a retry
                int mid = remaining.size() / 2;
                work.addFirst(new Attempt(remaining.subList(mid, remaining.size()), a.retries(), 0));
                work.addFirst(new Attempt(remaining.subList(0, mid), a.retries(), 0));
                continue;
            }
            Attempt failed = new Attempt(remaining, a.retries(), invokes);
            if (c.maximumRetryAttempts() >= 0 && a.retries() >= c.maximumRetryAttempts()) {
                discard(c, failed, "RetryAttemptsExhausted", o);
                continue;
            }
            if (a.retries() >= IMMEDIATE_RETRIES) {
                long ms = Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(20, a.retries() - IMMEDIATE_RETRIES));
                pause(Duration.ofMillis(ms));
            }
            work.addFirst(new Attempt(remaining, a.retries() + 1, invokes));
        }
        return true;
    }

    private Outcome invoke(MappingConfig c, List<Streams.Record> records) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode list = event.putArray("Records");
        records.forEach(r -> list.add(eventRecord(c, r)));
        InvokeResult result;
        try {
            result = lambda.invoke(c.functionName(), event.toString().getBytes(StandardCharsets.UTF_8));
        } catch (AwsException e) {
            lastResult = "PROBLEM: " + e.code() + ": " + e.getMessage();
            LOG.warn("event source mapping {} could not invoke {}: {}", c.uuid(), c.functionName(), e.getMessage());
            return new Outcome(Kind.NOT_INVOKED, 0, null, null);
        }
        if (result.failed()) {
            return new Outcome(Kind.FUNCTION_ERROR, 0, result.requestId(), result.functionError());
        }
        if (!c.reportBatchItemFailures()) {
            return new Outcome(Kind.SUCCESS, 0, result.requestId(), null);
        }
        return partial(records, result);
    }

    /**
     * ReportBatchItemFailures: an empty or absent list is success; otherwise processing resumes at the lowest
     * failed sequence number. An answer Lambda cannot read (not JSON, an empty or unknown identifier) fails the
     * whole batch.
     */
    private Outcome partial(List<Streams.Record> records, InvokeResult result) {
        JsonNode answer;
        try {
            answer = result.payload().length == 0 ? null : JSON.readTree(result.payload());
        } catch (IOException e) {
            return new Outcome(Kind.PARTIAL, 0, result.requestId(), null);
        }
        JsonNode failures = answer == null ? null : answer.get("batchItemFailures");
        if (failures == null || failures.isNull() || failures.isEmpty()) {
            return new Outcome(Kind.SUCCESS, 0, result.requestId(), null);
        }
        int lowest = Integer.MAX_VALUE;
        for (JsonNode f : failures) {
            String id = f.path("itemIdentifier").asText("");
            int index = -1;
            for (int i = 0; i < records.size(); i++) {
                if (Streams.sequence(records.get(i).sequence()).equals(id)) {
                    index = i;
                }
            }
            if (index < 0) {
                return new Outcome(Kind.PARTIAL, 0, result.requestId(), null);
            }
            lowest = Math.min(lowest, index);
        }
        return new Outcome(Kind.PARTIAL, lowest, result.requestId(), null);
    }

    /** The batch is given up: its description goes to the on-failure destination, processing moves on. */
    private void discard(MappingConfig c, Attempt a, String condition, Outcome last) {
        List<Streams.Record> records = a.records();
        LOG.warn("event source mapping {} discards {} record(s) of {} ({})", c.uuid(), records.size(),
                c.eventSourceArn(), condition);
        if (c.onFailureArn() == null) {
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        ObjectNode request = body.putObject("requestContext");
        request.put("requestId", last != null && last.requestId() != null ? last.requestId()
                : UUID.randomUUID().toString());
        request.put("functionArn", LambdaProvider.functionArn(c.functionName()));
        request.put("condition", condition);
        request.put("approximateInvokeCount", a.invokes());
        ObjectNode response = body.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        if (last != null && last.functionError() != null) {
            response.put("functionError", last.functionError());
        }
        body.put("version", "1.0");
        body.put("timestamp", clock.instant().toString());
        ObjectNode info = body.putObject("DDBStreamBatchInfo");
        info.put("shardId", streams.shardId(c.eventSourceArn()));
        info.put("startSequenceNumber", Streams.sequence(records.get(0).sequence()));
        info.put("endSequenceNumber", Streams.sequence(records.get(records.size() - 1).sequence()));
        info.put("approximateArrivalOfFirstRecord", records.get(0).created().toString());
        info.put("approximateArrivalOfLastRecord", records.get(records.size() - 1).created().toString());
        info.put("batchSize", records.size());
        info.put("streamArn", c.eventSourceArn());
        try {
            destination.send(c.onFailureArn(), body.toString());
        } catch (Exception e) {
            LOG.error("event source mapping {} could not send a failure record to {}", c.uuid(), c.onFailureArn(),
                    e);
        }
    }

    /** A stream record as Lambda hands it over: plus eventSourceARN, userIdentity in Lambda's casing. */
    static ObjectNode eventRecord(MappingConfig c, Streams.Record r) {
        ObjectNode out = r.json();
        out.put("eventSourceARN", c.eventSourceArn());
        JsonNode identity = out.remove("userIdentity");
        if (identity != null) {
            out.putObject("userIdentity").put("type", identity.path("Type").asText())
                    .put("principalId", identity.path("PrincipalId").asText());
        }
        return out;
    }

    private static boolean matches(Machine machine, ObjectNode record) {
        try {
            return !machine.rulesForJSONEvent(record.toString()).isEmpty();
        } catch (Exception e) {
            throw new IllegalStateException("filter evaluation failed: " + e.getMessage(), e);
        }
    }

    /** Real-time back-off between attempts; only stopping cuts it short (new records do not). */
    private void pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (signal) {
            while (!stopped) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return;
                }
                try {
                    signal.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                    return;
                }
            }
        }
    }

    /** Waits for a wake-up (or the timeout, when given). */
    private void await(Duration timeout) {
        synchronized (signal) {
            long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
            while (!pending && !stopped) {
                try {
                    if (timeout == null) {
                        signal.wait();
                    } else {
                        long left = (deadline - System.nanoTime()) / 1_000_000;
                        if (left <= 0) {
                            return;
                        }
                        signal.wait(left);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                    return;
                }
            }
        }
    }
}
