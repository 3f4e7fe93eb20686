package dam.core.analytics;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Port: asset facts by id (the asset's META item on AWS). */
public interface AssetDirectory {

    Optional<AssetFacts> find(String assetId);

    /** Many at once; missing (deleted) assets are left out. Adapters may batch. */
    default Map<String, AssetFacts> findAll(Collection<String> assetIds) {
        Map<String, AssetFacts> out = new LinkedHashMap<>();
        for (String id : assetIds) {
            find(id).ifPresent(f -> out.put(id, f));
        }
        return out;
    }
}
