package dam.core.asset;

import dam.core.ConflictException;
import dam.core.audit.AuditEntry;

import java.util.List;
import java.util.Optional;

/**
 * Port: asset storage. Every write stores the asset (its {@code revision} bumped), at most one version and the audit
 * entry whose sequence number is that revision, in one atomic step guarded by the previous revision.
 */
public interface AssetRepository {

    Optional<Asset> find(String assetId);

    Optional<AssetVersion> findVersion(String assetId, int number);

    /** Every version, oldest first. */
    List<AssetVersion> versions(String assetId);

    /**
     * Stores {@code asset} if the stored revision is still {@code asset.revision() - 1} (0 = the asset is new), else
     * {@link ConflictException}. {@code version} may be null. If {@code commandId} (nullable) was used before, stores
     * nothing and returns false.
     */
    boolean save(Asset asset, AssetVersion version, AuditEntry audit, String commandId);

    /** What an applied command created, as "assetId/versionNumber". */
    Optional<String> commandTarget(String commandId);

    /** The asset's audit chain in sequence order. */
    List<AuditEntry> audit(String assetId);
}
