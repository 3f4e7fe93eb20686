package dam.core.library.memory;

import dam.core.asset.Asset;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditEntry;
import dam.core.library.Focal;
import dam.core.library.LibraryStore;
import dam.core.library.Preset;
import dam.core.library.RightsRecord;
import dam.core.library.RightsSummary;
import dam.core.library.VersionOrigin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link LibraryStore} in memory; rights writes go through the in-memory asset repository (same revision guard). */
public final class InMemoryLibraryStore implements LibraryStore {

    private final InMemoryAssetRepository assets;
    private final Map<String, List<Preset>> presets = new ConcurrentHashMap<>();
    private final Map<String, Focal> manual = new ConcurrentHashMap<>();
    private final Map<String, Focal> detected = new ConcurrentHashMap<>();
    private final Map<String, Map<String, RightsRecord>> rights = new ConcurrentHashMap<>();
    private final Map<String, RightsSummary> summaries = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, VersionOrigin>> origins = new ConcurrentHashMap<>();

    public InMemoryLibraryStore(InMemoryAssetRepository assets) {
        this.assets = assets;
    }

    @Override
    public Optional<List<Preset>> presets(String brand) {
        return Optional.ofNullable(presets.get(brand.toLowerCase(java.util.Locale.ROOT)));
    }

    @Override
    public void savePresets(String brand, List<Preset> list) {
        presets.put(brand.toLowerCase(java.util.Locale.ROOT), List.copyOf(list));
    }

    @Override
    public Optional<Focal> manualFocal(String assetId) {
        return Optional.ofNullable(manual.get(assetId));
    }

    @Override
    public void saveManualFocal(String assetId, Focal focal) {
        if (focal == null) {
            manual.remove(assetId);
        } else {
            manual.put(assetId, focal);
        }
    }

    @Override
    public Optional<Focal> detectedFocal(String assetId, int version) {
        return Optional.ofNullable(detected.get(assetId + "/" + version));
    }

    @Override
    public void saveDetectedFocal(String assetId, int version, Focal focal) {
        detected.put(assetId + "/" + version, focal);
    }

    @Override
    public List<RightsRecord> rights(String assetId) {
        List<RightsRecord> out = new ArrayList<>(rights.getOrDefault(assetId, Map.of()).values());
        out.sort(Comparator.comparing(RightsRecord::rightsId));
        return out;
    }

    @Override
    public Optional<RightsSummary> rightsSummary(String assetId) {
        return Optional.ofNullable(summaries.get(assetId));
    }

    @Override
    public synchronized void saveRights(Asset asset, RightsRecord put, String removeId, RightsSummary summary,
                                        AuditEntry audit) {
        assets.save(asset, null, audit, null); // throws ConflictException on a stale revision: nothing else changes
        Map<String, RightsRecord> records = rights.computeIfAbsent(asset.id(), k -> new ConcurrentHashMap<>());
        if (put != null) {
            records.put(put.rightsId(), put);
        }
        if (removeId != null) {
            records.remove(removeId);
        }
        summaries.put(asset.id(), summary);
    }

    @Override
    public void saveOrigin(String assetId, int version, VersionOrigin origin) {
        origins.computeIfAbsent(assetId, k -> new ConcurrentHashMap<>()).put(version, origin);
    }

    @Override
    public Map<Integer, VersionOrigin> origins(String assetId) {
        return Map.copyOf(origins.getOrDefault(assetId, Map.of()));
    }
}
