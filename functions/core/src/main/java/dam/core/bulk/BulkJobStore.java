package dam.core.bulk;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Port: jobs and their per-item records (DynamoDB single table in AWS). */
public interface BulkJobStore {

    /** Stores a new job (its id is fresh; an existing id is an {@link IllegalStateException}). */
    void create(BulkJob job);

    Optional<BulkJob> find(String jobId);

    /** The owner's jobs, newest first. */
    List<BulkJob> byOwner(String owner, int limit);

    /** Which of these item ids already have an outcome (so a retried batch renders nothing twice). */
    Set<String> recorded(String jobId, Collection<String> itemIds);

    /**
     * Records each outcome not recorded yet and adds it to the job's done/failed counters in the same atomic write, so
     * an item counts once however often its batch runs; answers the job as it is afterwards.
     */
    BulkJob record(String jobId, List<ItemOutcome> outcomes);

    /** Every recorded outcome of the job (any order). */
    List<ItemOutcome> outcomes(String jobId);

    /** Moves the job's progress mark up to {@code step}; true only for the one caller that moved it there. */
    boolean advanceProgress(String jobId, long step);

    /** Ends the current run with {@code status} (COMPLETED or FAILED) and the reason of a failure. */
    BulkJob finish(String jobId, BulkStatus status, String error, Instant at);

    /** A FAILED job back to RUNNING with run + 1; empty when the job is not FAILED (nothing changed). */
    Optional<BulkJob> restart(String jobId, Instant at);

    /** True once per (job, run): the caller publishes that run's completion event. */
    boolean claimCompletion(String jobId, int run);
}
