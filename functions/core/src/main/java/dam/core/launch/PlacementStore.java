package dam.core.launch;

import java.util.List;
import java.util.Optional;

/**
 * Port: placements ({@code PLACE#} items on the asset, indexed by {@link Placement#reviewDueAt()} for the re-approval
 * sweep), the registered webhook targets and the brands' re-approval policies.
 */
public interface PlacementStore {

    /** Stores the placement if its id is new for the asset; false (nothing stored) when it already exists. */
    boolean add(Placement placement);

    /** Every placement of the asset, by id. */
    List<Placement> placements(String assetId);

    Optional<WebhookTarget> webhookTarget(String id);

    void saveWebhookTarget(WebhookTarget target);

    /** The brand's stored re-approval policy, if any. */
    Optional<ReapprovalPolicy> reapprovalPolicy(String brand);

    void saveReapprovalPolicy(ReapprovalPolicy policy);

    /**
     * Stores {@code placement.reapproval()} on the stored placement once, and takes it out of the re-approval index;
     * false (nothing stored) when a re-approval was recorded before.
     */
    boolean recordReapproval(Placement placement);
}
