package dam.core.lifecycle.memory;

import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditEntry;
import dam.core.lifecycle.ExpiryCheck;
import dam.core.lifecycle.ExpiryStore;

/** {@link ExpiryStore} over the in-memory asset repository: its command marker makes a repeated expiry a no-op. */
public final class InMemoryExpiryStore implements ExpiryStore {

    private final InMemoryAssetRepository assets;

    public InMemoryExpiryStore(InMemoryAssetRepository assets) {
        this.assets = assets;
    }

    @Override
    public boolean expire(Asset asset, AssetVersion version, AuditEntry audit, ExpiryCheck check) {
        return assets.save(asset, version, audit, "expire#" + check.kind() + "#" + check.assetId() + "#"
                + check.subjectId() + "#" + check.endsAt());
    }
}
