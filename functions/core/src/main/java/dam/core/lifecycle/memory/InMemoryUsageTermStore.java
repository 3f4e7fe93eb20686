package dam.core.lifecycle.memory;

import dam.core.asset.Asset;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditEntry;
import dam.core.lifecycle.UsageTerm;
import dam.core.lifecycle.UsageTermStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link UsageTermStore} next to the in-memory asset repository (whose save guards the revision). */
public final class InMemoryUsageTermStore implements UsageTermStore {

    private final InMemoryAssetRepository assets;
    private final Map<String, UsageTerm> terms = new HashMap<>();

    public InMemoryUsageTermStore(InMemoryAssetRepository assets) {
        this.assets = assets;
    }

    @Override
    public synchronized List<UsageTerm> terms(String assetId, String kind) {
        List<UsageTerm> out = new ArrayList<>();
        terms.values().stream().filter(t -> t.assetId().equals(assetId) && t.kind().equals(kind))
                .sorted(Comparator.comparing(UsageTerm::termId)).forEach(out::add);
        return out;
    }

    @Override
    public synchronized void save(Asset asset, UsageTerm put, String kind, String removeId, AuditEntry audit) {
        assets.save(asset, null, audit, null); // throws ConflictException on a stale revision: nothing else changes
        if (put != null) {
            terms.put(key(asset.id(), put.kind(), put.termId()), put);
        }
        if (removeId != null) {
            terms.remove(key(asset.id(), kind, removeId));
        }
    }

    private static String key(String assetId, String kind, String termId) {
        return assetId + "\n" + kind + "\n" + termId;
    }
}
