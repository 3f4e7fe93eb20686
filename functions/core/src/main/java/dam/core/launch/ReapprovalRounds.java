package dam.core.launch;

/**
 * Port: starts a re-approval round of an asset's approved version through the review machinery (on AWS the
 * asset-review state machine). Idempotent by {@code requestId}: the same request twice starts one round.
 */
public interface ReapprovalRounds {

    /** Returns a reference to the round's run (e.g. the execution name). */
    String start(String requestId, String assetId, int version, String reason);
}
