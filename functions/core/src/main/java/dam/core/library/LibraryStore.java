package dam.core.library;

import dam.core.asset.Asset;
import dam.core.audit.AuditEntry;

import java.util.List;
import java.util.Optional;

/** Port: library data kept next to the assets — brand presets, focal points, rights records. */
public interface LibraryStore {

    /** The brand's own presets, if it set any. */
    Optional<List<Preset>> presets(String brand);

    void savePresets(String brand, List<Preset> presets);

    Optional<Focal> manualFocal(String assetId);

    /** Stores (or with null removes) the asset's manual focal point. */
    void saveManualFocal(String assetId, Focal focal);

    /** The focal point detected for a version (faces or saliency), recorded by the renderer. */
    Optional<Focal> detectedFocal(String assetId, int version);

    void saveDetectedFocal(String assetId, int version, Focal focal);

    /** Every rights record of the asset, by id. */
    List<RightsRecord> rights(String assetId);

    Optional<RightsSummary> rightsSummary(String assetId);

    /**
     * In one atomic write: the rights record put ({@code put}) or removed ({@code removeId}), the new summary, the
     * asset with its revision bumped (guarded by the previous revision, else {@link dam.core.ConflictException}) and
     * its audit entry.
     */
    void saveRights(Asset asset, RightsRecord put, String removeId, RightsSummary summary, AuditEntry audit);

    /** Records how a version was made (revert, edit); a version is made once, so this never changes afterwards. */
    void saveOrigin(String assetId, int version, VersionOrigin origin);

    /** The recorded origins of the asset's versions, by version number. */
    java.util.Map<Integer, VersionOrigin> origins(String assetId);
}
