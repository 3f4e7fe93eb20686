package dam.core.lifecycle.memory;

import dam.core.ConflictException;
import dam.core.FieldError.Codes;
import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditEntry;
import dam.core.lifecycle.AssetLifecycle;
import dam.core.lifecycle.LifecycleStore;
import dam.core.lifecycle.RetentionPolicy;
import dam.core.lifecycle.Tombstone;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link LifecycleStore} beside an {@link InMemoryAssetRepository} (whose assets it saves and removes). */
public final class InMemoryLifecycleStore implements LifecycleStore {

    private record Clock(String brand, Instant at) {
    }

    private final InMemoryAssetRepository assets;
    private final Map<String, AssetLifecycle> states = new HashMap<>();
    private final Map<String, Tombstone> tombstones = new HashMap<>();
    private final Map<String, RetentionPolicy> policies = new TreeMap<>();
    private final Map<String, Clock> clocks = new HashMap<>();
    private int swept;

    public InMemoryLifecycleStore(InMemoryAssetRepository assets) {
        this.assets = assets;
    }

    @Override
    public synchronized Optional<AssetLifecycle> find(String assetId) {
        return Optional.ofNullable(states.get(assetId));
    }

    @Override
    public synchronized void save(Asset bumped, AssetLifecycle state, AuditEntry audit) {
        assets.save(bumped, null, audit, null); // revision guarded there
        if (state.nothingToStore()) {
            states.remove(state.assetId());
        } else {
            states.put(state.assetId(), state);
        }
    }

    @Override
    public synchronized Optional<Tombstone> tombstone(String assetId) {
        return Optional.ofNullable(tombstones.get(assetId));
    }

    @Override
    public synchronized boolean bury(Asset asset, Tombstone tombstone) {
        if (tombstones.containsKey(asset.id())) {
            return false;
        }
        long stored = assets.find(asset.id()).map(Asset::revision).orElse(-1L);
        if (stored != asset.revision()) {
            throw new ConflictException("revision", Codes.CONFLICT, "asset " + asset.id() + " changed concurrently");
        }
        tombstones.put(asset.id(), tombstone);
        assets.remove(asset.id());
        return true;
    }

    @Override
    public synchronized int sweep(String assetId, List<AssetVersion> versions) {
        int n = assets.purge(assetId) + (states.remove(assetId) != null ? 1 : 0)
                + (clocks.remove(assetId) != null ? 1 : 0);
        swept += n;
        return n;
    }

    @Override
    public synchronized Optional<RetentionPolicy> policy(String brand) {
        return Optional.ofNullable(policies.get(brand));
    }

    @Override
    public synchronized void savePolicy(String brand, RetentionPolicy policy, String by, Instant at) {
        policies.put(brand, policy);
    }

    @Override
    public synchronized List<String> policyBrands() {
        return List.copyOf(policies.keySet());
    }

    @Override
    public synchronized void used(String assetId, String brand, Instant at) {
        clocks.merge(assetId, new Clock(brand, at), (old, neu) -> neu.at.isAfter(old.at) ? neu : old);
    }

    @Override
    public synchronized Optional<Instant> lastUsed(String assetId) {
        return Optional.ofNullable(clocks.get(assetId)).map(Clock::at);
    }

    @Override
    public synchronized List<String> idleSince(String brand, Instant cutoff) {
        return clocks.entrySet().stream().filter(e -> e.getValue().brand.equals(brand)
                        && !e.getValue().at.isAfter(cutoff))
                .sorted(Comparator.comparing((Map.Entry<String, Clock> e) -> e.getValue().at))
                .map(Map.Entry::getKey).toList();
    }

    /** Items removed by sweeps so far. */
    public synchronized int swept() {
        return swept;
    }
}
