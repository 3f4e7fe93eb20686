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
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One batch of a job's items (a Distributed Map iteration): renders the items no run has recorded yet, records each
 * outcome with its counter in one atomic write, and publishes {@value BulkJobs#PROGRESS} when the job passes another
 * progress step. An item the library refuses (rights ended, undecodable file...) fails alone; any other error fails
 * the batch after recording what was rendered, and the state machine retries it — rendered items come from the
 * derivative cache, recorded ones are skipped, so nothing is rendered or counted twice.
 */
public final class BulkWorker {

    /** rendered + failed = items recorded by this call; alreadyRecorded = items an earlier run had done. */
    public record BatchResult(int rendered, int failed, int alreadyRecorded) {
    }

    private final BulkJobStore jobs;
    private final ItemRenderer renderer;
    private final EventPublisher events;
    private final Clock clock;

    public BulkWorker(BulkJobStore jobs, ItemRenderer renderer, EventPublisher events, Clock clock) {
        this.jobs = Objects.requireNonNull(jobs);
        this.renderer = Objects.requireNonNull(renderer);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
    }

    public BatchResult run(String jobId, List<BulkItem> items) {
        BulkJob job = jobs.find(jobId).orElseThrow(() -> new IllegalArgumentException("no bulk job " + jobId));
        Set<String> recorded = jobs.recorded(jobId, items.stream().map(BulkItem::id).toList());
        List<ItemOutcome> outcomes = new ArrayList<>();
        RuntimeException fault = null;
        for (BulkItem item : items) {
            if (recorded.contains(item.id())) {
                continue;
            }
            try {
                outcomes.add(ItemOutcome.done(item, renderer.render(item)));
            } catch (DomainException e) {
                outcomes.add(ItemOutcome.failed(item, reason(e)));
            } catch (RuntimeException e) {
                fault = e;
                break;
            }
        }
        if (!outcomes.isEmpty()) {
            progress(jobs.record(jobId, outcomes));
        }
        if (fault != null) {
            throw fault;
        }
        int ok = (int) outcomes.stream().filter(ItemOutcome::ok).count();
        return new BatchResult(ok, outcomes.size() - ok, (int) items.stream().filter(i -> recorded.contains(i.id()))
                .count());
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
