package dam.core.review;

import java.time.Instant;
import java.util.List;

/** Details of the review events on the bus (schemas in events/): every detail carries its schema {@code version}. */
public final class ReviewEvents {

    public static final int SCHEMA_VERSION = 1;
    public static final String SOURCE = "dam.reviews";
    public static final String ROUND_CLOSED = "Review Round Closed";
    public static final String ASSET_APPROVED = "Asset Approved";
    /** Inbound integration command (any source): decide as a named reviewer. */
    public static final String DECIDE_COMMAND = "Command Decide Review";

    private ReviewEvents() {
    }

    public record Vote(String stage, String reviewer, String decision) {
    }

    public record StageResult(String name, String rule, String outcome, List<Vote> votes) {
    }

    /** "Review Round Closed": one round of an asset's review ended with {@code outcome}. */
    public record RoundClosed(int version, String assetId, String brand, String briefId, int round,
                              int versionNumber, String contentSha256, String outcome, List<StageResult> stages,
                              Instant closedAt) {
    }

    /** "Asset Approved": the version passed every stage; it may be used as the brief's deliverable. */
    public record AssetApproved(int version, String assetId, String brand, String briefId, int versionNumber,
                                String contentSha256, int round, List<Vote> approvals, Instant approvedAt) {
    }
}
