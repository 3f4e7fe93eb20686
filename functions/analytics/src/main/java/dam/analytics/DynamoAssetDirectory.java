package dam.analytics;

import dam.aws.DynamoAssetRepository;
import dam.core.analytics.AssetDirectory;
import dam.core.analytics.AssetFacts;
import dam.core.asset.Asset;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Asset facts from the asset's META item, remembered for the life of the process (bounded): a brand never changes,
 * and a renamed title or channel shows up in new aggregates after a cold start — good enough for a report's label.
 */
public final class DynamoAssetDirectory implements AssetDirectory {

    static final int REMEMBERED = 20_000;

    private final DynamoAssetRepository assets;
    private final Map<String, AssetFacts> known = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AssetFacts> eldest) {
            return size() > REMEMBERED;
        }
    };

    public DynamoAssetDirectory(DynamoAssetRepository assets) {
        this.assets = assets;
    }

    @Override
    public Optional<AssetFacts> find(String assetId) {
        synchronized (known) {
            AssetFacts f = known.get(assetId);
            if (f != null) {
                return Optional.of(f);
            }
        }
        Optional<AssetFacts> found = assets.find(assetId).map(DynamoAssetDirectory::facts);
        found.ifPresent(f -> {
            synchronized (known) {
                known.put(assetId, f);
            }
        });
        return found;
    }

    static AssetFacts facts(Asset a) {
        return new AssetFacts(a.id(), a.brand(), a.channel(), a.displayName());
    }
}
