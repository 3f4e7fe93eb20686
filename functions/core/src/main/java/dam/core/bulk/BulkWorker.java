package dam.core.bulk;

import dam.core.DomainException;
import dam.core.FieldError;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * One batch of a job's items (a Distributed Map iteration): renders the items no run has recorded yet, records each
 * outcome with its counter in one atomic write, and publishes {@value BulkJobs#PROGRESS} when the job passes another
 * progress step. An item the library refuses (rights ended, undecodable file...) fails alone; any other error fails
 * the batch after recording what was rendered, and the state machine retries it — rendered items come from the
 * derivative cache, recorded ones are skipped, so nothing is rendered or counted twice.
 * <p>
 * The items of one asset version (its presets, adjacent in the manifest) go to one <em>lane</em> in order, so the
 * lane's reads of that asset and its downloaded original serve all of them; lanes run in parallel, each with its own
 * renderer, so one item's round trips to the stores overlap another's rendering. {@code newBatch} runs before each
 * batch: lanes may cache reads for one batch, never longer (rights can end between batches).
 */
public final class BulkWorker {

    /** rendered + failed = items recorded by this call; alreadyRecorded = items an earlier run had done. */
    public record BatchResult(int rendered, int failed, int alreadyRecorded) {
    }

    private final BulkJobStore jobs;
    private final List<ItemRenderer> lanes;
    private final Runnable newBatch;
    private final EventPublisher events;
    private final Clock clock;

    /** One lane, nothing cached. */
    public BulkWorker(BulkJobStore jobs, ItemRenderer renderer, EventPublisher events, Clock clock) {
        this(jobs, List.of(renderer), () -> { }, events, clock);
    }

    public BulkWorker(BulkJobStore jobs, List<ItemRenderer> lanes, Runnable newBatch, EventPublisher events,
                      Clock clock) {
        if (lanes.isEmpty()) {
            throw new IllegalArgumentException("a bulk worker needs at least one lane");
        }
        this.jobs = Objects.requireNonNull(jobs);
        this.lanes = List.copyOf(lanes);
        this.newBatch = Objects.requireNonNull(newBatch);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
    }

    public BatchResult run(String jobId, List<BulkItem> items) {
        BulkJob job = jobs.find(jobId).orElseThrow(() -> new IllegalArgumentException("no bulk job " + jobId));
        Set<String> recorded = jobs.recorded(jobId, items.stream().map(BulkItem::id).toList());
        Map<String, List<BulkItem>> byVersion = new LinkedHashMap<>();
        for (BulkItem item : items) {
            if (!recorded.contains(item.id())) {
                byVersion.computeIfAbsent(item.assetId() + "/" + item.version(), k -> new ArrayList<>()).add(item);
            }
        }
        newBatch.run();
        Queue<List<BulkItem>> groups = new ConcurrentLinkedQueue<>(byVersion.values());
        Queue<ItemOutcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicReference<RuntimeException> fault = new AtomicReference<>();
        int parallel = Math.min(lanes.size(), groups.size());
        if (parallel <= 1) {
            drain(lanes.get(0), groups, outcomes, fault);
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < parallel; i++) {
                    ItemRenderer lane = lanes.get(i);
                    running.add(pool.submit(() -> drain(lane, groups, outcomes, fault)));
                }
                for (Future<?> f : running) {
                    await(f, fault);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        if (!outcomes.isEmpty()) {
            progress(jobs.record(jobId, List.copyOf(outcomes)));
        }
        if (fault.get() != null) {
            throw fault.get();
        }
        int ok = (int) outcomes.stream().filter(ItemOutcome::ok).count();
        return new BatchResult(ok, outcomes.size() - ok, (int) items.stream().filter(i -> recorded.contains(i.id()))
                .count());
    }

    /** Renders whole asset versions from the queue until it is empty or some lane hit a fault. */
    private static void drain(ItemRenderer lane, Queue<List<BulkItem>> groups, Queue<ItemOutcome> outcomes,
                              AtomicReference<RuntimeException> fault) {
        for (List<BulkItem> group = groups.poll(); group != null && fault.get() == null; group = groups.poll()) {
            for (BulkItem item : group) {
                try {
                    outcomes.add(ItemOutcome.done(item, lane.render(item)));
                } catch (DomainException e) {
                    outcomes.add(ItemOutcome.failed(item, reason(e)));
                } catch (RuntimeException e) {
                    fault.compareAndSet(null, e);
                    return;
                }
            }
        }
    }

    private static void await(Future<?> lane, AtomicReference<RuntimeException> fault) {
        try {
            lane.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fault.compareAndSet(null, new IllegalStateException("interrupted while rendering a batch", e));
        } catch (ExecutionException e) {
            // drain() catches every RuntimeException; an Error (out of memory...) fails the batch as it is.
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            fault.compareAndSet(null, new IllegalStateException("a bulk lane failed", cause));
        }
    }

    /** The library's own words (the exception's message only names the fields). */
    static String reason(DomainException e) {
        String r = e.errors().stream().map(FieldError::message).filter(m -> m != null && !m.isBlank())
                .collect(Collectors.joining("; "));
        return r.isEmpty() ? e.getMessage() : r;
    }

    private void progress(BulkJob job) {
        long mark = (job.done() + job.failed()) / BulkJobs.progressStep(job.total());
        if (mark > 0 && jobs.advanceProgress(job.jobId(), mark)) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("version", 1);
            detail.put("jobId", job.jobId());
            detail.put("owner", job.owner());
            detail.put("total", job.total());
            detail.put("done", job.done());
            detail.put("failed", job.failed());
            detail.put("at", clock.instant().toString());
            events.publish(new OutboundEvent(BulkJobs.SOURCE, BulkJobs.PROGRESS, detail));
        }
    }
}
