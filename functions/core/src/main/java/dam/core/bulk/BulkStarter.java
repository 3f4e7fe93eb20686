package dam.core.bulk;

/** Port: starts run {@code run} of a job's state machine over its manifest (idempotent per job and run). */
public interface BulkStarter {

    void start(String jobId, int run);
}
