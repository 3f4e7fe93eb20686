package dam.core.bulk;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A bulk resize/convert job as stored: its items are in the manifest ({@link BulkJobs#manifestKey}); the counters are
 * kept by atomic adds as batches record their items ({@code done + failed ≤ total}); {@code skipped} counts the
 * (asset, preset) pairs refused when the job was created. {@code run} is 1 for the first execution, +1 per resume.
 */
public record BulkJob(String jobId, String owner, BulkStatus status, String format, List<String> presets, long total,
                      long done, long failed, long skipped, int run, Instant createdAt, Instant updatedAt,
                      String error) {

    public BulkJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(status, "status");
        presets = List.copyOf(presets);
    }

    public boolean finished() {
        return status != BulkStatus.RUNNING;
    }
}
