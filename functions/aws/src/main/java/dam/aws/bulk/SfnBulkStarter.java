package dam.aws.bulk;

import dam.core.bulk.BulkJobs;
import dam.core.bulk.BulkStarter;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * {@link BulkStarter}: StartExecution of {@code bulk-rendition} named {@code <jobId>-<run>} (a retried start of the
 * same run is the same execution, not a second one) with input {@code {jobId, run, bucket, manifestKey,
 * concurrency}} (the map's MaxConcurrency: batches rendered at once).
 */
public final class SfnBulkStarter implements BulkStarter {

    private final SfnClient sfn;
    private final String stateMachineArn;
    private final String bucket;
    private final int concurrency;

    public SfnBulkStarter(SfnClient sfn, String stateMachineArn, String bucket, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1");
        }
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.bucket = bucket;
        this.concurrency = concurrency;
    }

    @Override
    public void start(String jobId, int run) {
        String input = "{\"jobId\":\"" + jobId + "\",\"run\":" + run + ",\"bucket\":\"" + bucket
                + "\",\"manifestKey\":\"" + BulkJobs.manifestKey(jobId) + "\",\"concurrency\":" + concurrency + "}";
        try {
            sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(jobId + "-" + run).input(input));
        } catch (ExecutionAlreadyExistsException e) {
            // Already started by an earlier attempt of this request: nothing to do.
            System.getLogger(SfnBulkStarter.class.getName()).log(System.Logger.Level.INFO,
                    "bulk job " + jobId + " run " + run + " already started");
        }
    }
}
