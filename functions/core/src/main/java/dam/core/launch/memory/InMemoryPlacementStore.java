package dam.core.launch.memory;

import dam.core.launch.Placement;
import dam.core.launch.PlacementStore;
import dam.core.launch.WebhookTarget;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link PlacementStore} in memory (tests, API fakes). */
public final class InMemoryPlacementStore implements PlacementStore {

    private final Map<String, Map<String, Placement>> placements = new LinkedHashMap<>();
    private final Map<String, WebhookTarget> targets = new LinkedHashMap<>();

    @Override
    public synchronized boolean add(Placement p) {
        return placements.computeIfAbsent(p.assetId(), k -> new LinkedHashMap<>()).putIfAbsent(p.id(), p) == null;
    }

    @Override
    public synchronized List<Placement> placements(String assetId) {
        return new ArrayList<>(placements.getOrDefault(assetId, Map.of()).values());
    }

    @Override
    public synchronized Optional<WebhookTarget> webhookTarget(String id) {
        return Optional.ofNullable(targets.get(id));
    }

    @Override
    public synchronized void saveWebhookTarget(WebhookTarget target) {
        targets.put(target.id(), target);
    }
}
