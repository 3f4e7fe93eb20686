package dam.core.launch.memory;

import dam.core.launch.Placement;
import dam.core.launch.PlacementStore;
import dam.core.launch.ReapprovalPolicy;
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
    private final Map<String, ReapprovalPolicy> policies = new LinkedHashMap<>();

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

    @Override
    public synchronized Optional<ReapprovalPolicy> reapprovalPolicy(String brand) {
        return Optional.ofNullable(policies.get(brand));
    }

    @Override
    public synchronized void saveReapprovalPolicy(ReapprovalPolicy policy) {
        policies.put(policy.brand(), policy);
    }

    @Override
    public synchronized boolean recordReapproval(Placement p) {
        Map<String, Placement> of = placements.getOrDefault(p.assetId(), Map.of());
        Placement stored = of.get(p.id());
        if (stored == null || stored.reapproval() != null) {
            return false;
        }
        of.put(p.id(), stored.withReapproval(p.reapproval()));
        return true;
    }

    /** Placements due for re-approval at {@code now} and not handled yet (what the index query returns on AWS). */
    public synchronized List<Placement> dueForReapproval(java.time.Instant now) {
        return placements.values().stream().flatMap(m -> m.values().stream())
                .filter(p -> p.reapproval() == null && p.reviewDueAt() != null && !p.reviewDueAt().isAfter(now))
                .toList();
    }
}
