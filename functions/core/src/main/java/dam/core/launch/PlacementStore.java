package dam.core.launch;

import java.util.List;
import java.util.Optional;

/** Port: placements ({@code PLACE#} items on the asset) and the registered webhook targets. */
public interface PlacementStore {

    /** Stores the placement if its id is new for the asset; false (nothing stored) when it already exists. */
    boolean add(Placement placement);

    /** Every placement of the asset, by id. */
    List<Placement> placements(String assetId);

    Optional<WebhookTarget> webhookTarget(String id);

    void saveWebhookTarget(WebhookTarget target);
}
