package dam.core.bulk.memory;

import dam.core.bulk.BulkJob;
import dam.core.bulk.BulkJobStore;
import dam.core.bulk.BulkStatus;
import dam.core.bulk.ItemOutcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link BulkJobStore} in memory (tests, the API's fakes environment); synchronized like one table's atomic writes. */
public final class InMemoryBulkJobStore implements BulkJobStore {

    private final Map<String, BulkJob> jobs = new LinkedHashMap<>();
    private final Map<String, Map<String, ItemOutcome>> outcomes = new HashMap<>();
    private final Map<String, Long> progress = new HashMap<>();
    private final Set<String> completions = new HashSet<>();

    @Override
    public synchronized void create(BulkJob job) {
        if (jobs.putIfAbsent(job.jobId(), job) != null) {
            throw new IllegalStateException("bulk job " + job.jobId() + " exists");
        }
    }

    @Override
    public synchronized Optional<BulkJob> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public synchronized List<BulkJob> byOwner(String owner, int limit) {
        return jobs.values().stream().filter(j -> j.owner().equals(owner))
                .sorted(Comparator.comparing(BulkJob::createdAt).reversed()).limit(limit).toList();
    }

    @Override
    public synchronized Set<String> recorded(String jobId, Collection<String> itemIds) {
        Map<String, ItemOutcome> mine = outcomes.getOrDefault(jobId, Map.of());
        Set<String> out = new HashSet<>();
        itemIds.stream().filter(mine::containsKey).forEach(out::add);
        return out;
    }

    @Override
    public synchronized BulkJob record(String jobId, List<ItemOutcome> list) {
        BulkJob j = jobs.get(jobId);
        Map<String, ItemOutcome> mine = outcomes.computeIfAbsent(jobId, k -> new HashMap<>());
        long done = 0;
        long failed = 0;
        for (ItemOutcome o : list) {
            if (mine.putIfAbsent(o.item().id(), o) == null) {
                done += o.ok() ? 1 : 0;
                failed += o.ok() ? 0 : 1;
            }
        }
        BulkJob after = new BulkJob(j.jobId(), j.owner(), j.status(), j.format(), j.presets(), j.total(),
                j.done() + done, j.failed() + failed, j.skipped(), j.run(), j.createdAt(), j.updatedAt(), j.error());
        jobs.put(jobId, after);
        return after;
    }

    @Override
    public synchronized List<ItemOutcome> outcomes(String jobId) {
        return new ArrayList<>(outcomes.getOrDefault(jobId, Map.of()).values());
    }

    @Override
    public synchronized boolean advanceProgress(String jobId, long step) {
        if (progress.getOrDefault(jobId, 0L) >= step) {
            return false;
        }
        progress.put(jobId, step);
        return true;
    }

    @Override
    public synchronized BulkJob finish(String jobId, BulkStatus status, String error, Instant at) {
        BulkJob j = jobs.get(jobId);
        BulkJob after = new BulkJob(j.jobId(), j.owner(), status, j.format(), j.presets(), j.total(), j.done(),
                j.failed(), j.skipped(), j.run(), j.createdAt(), at, error);
        jobs.put(jobId, after);
        return after;
    }

    @Override
    public synchronized Optional<BulkJob> restart(String jobId, Instant at) {
        BulkJob j = jobs.get(jobId);
        if (j == null || j.status() != BulkStatus.FAILED) {
            return Optional.empty();
        }
        BulkJob after = new BulkJob(j.jobId(), j.owner(), BulkStatus.RUNNING, j.format(), j.presets(), j.total(),
                j.done(), j.failed(), j.skipped(), j.run() + 1, j.createdAt(), at, null);
        jobs.put(jobId, after);
        return Optional.of(after);
    }

    @Override
    public synchronized boolean claimCompletion(String jobId, int run) {
        return completions.add(jobId + "#" + run);
    }
}
