package dam.core.lifecycle;

import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.audit.AuditEntry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: the lifecycle items of assets, tombstones, retention policies (per brand) and the retention clock. */
public interface LifecycleStore {

    /** Empty = active and not held. */
    Optional<AssetLifecycle> find(String assetId);

    /**
     * In one transaction: the asset (revision guarded as the asset repository does, else
     * {@link dam.core.ConflictException}), the lifecycle item ({@link AssetLifecycle#nothingToStore()} → removed) and the
     * audit entry whose sequence number is the asset's new revision.
     */
    void save(Asset bumped, AssetLifecycle state, AuditEntry audit);

    Optional<Tombstone> tombstone(String assetId);

    /**
     * In one transaction: the tombstone (put if absent) and the asset's META removed if its revision is still
     * {@code asset.revision()} (else {@link dam.core.ConflictException}: it changed — e.g. a legal hold — meanwhile).
     *
     * @return false when a tombstone was there already (nothing written)
     */
    boolean bury(Asset asset, Tombstone tombstone);

    /**
     * Removes every other item of a buried asset: its partition except the tombstone (versions, renditions,
     * annotations, rights, placements, audit entries, review), its share links, collection memberships and duplicate
     * fingerprints, and its retention clock. Idempotent.
     *
     * @return how many items went
     */
    int sweep(String assetId, List<AssetVersion> versions);

    Optional<RetentionPolicy> policy(String brand);

    void savePolicy(String brand, RetentionPolicy policy, String by, Instant at);

    /** Brands that have a policy (the runner's work list). */
    List<String> policyBrands();

    /** Moves the asset's retention clock ("last used") forward to {@code at} (never back). */
    void used(String assetId, String brand, Instant at);

    /** The asset's last use, if recorded. */
    Optional<Instant> lastUsed(String assetId);

    /** Assets of {@code brand} last used at or before {@code cutoff}, oldest first: all a policy can act on. */
    List<String> idleSince(String brand, Instant cutoff);
}
