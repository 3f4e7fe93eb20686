package dam.core.lifecycle;

import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.audit.AuditEntry;

/** Port: the one atomic write of an expiry. */
public interface ExpiryStore {

    /**
     * In one transaction: a marker for {@code check} (put if absent), the asset (revision guarded, else
     * {@link dam.core.ConflictException}), the expired version (nullable: no ready version), the audit entry, and the
     * subject taken out of the expiry index (the sweep stops seeing it).
     *
     * @return false when this check was applied before (the marker exists): nothing was written
     */
    boolean expire(Asset asset, AssetVersion version, AuditEntry audit, ExpiryCheck check);
}
