package dam.core.lifecycle;

import dam.core.asset.Asset;
import dam.core.audit.AuditEntry;

import java.util.List;

/** Port: an asset's talent releases and offers, kept next to it with the expiry index keys of their ends. */
public interface UsageTermStore {

    /** The asset's terms of {@code kind} ({@link ExpiryCheck#TALENT} or {@link ExpiryCheck#OFFER}). */
    List<UsageTerm> terms(String assetId, String kind);

    /**
     * In one atomic write: the term put ({@code put}) or removed ({@code kind} + {@code removeId}), the asset with its
     * revision bumped (guarded by the previous one, else {@link dam.core.ConflictException}) and its audit entry.
     */
    void save(Asset asset, UsageTerm put, String kind, String removeId, AuditEntry audit);
}
