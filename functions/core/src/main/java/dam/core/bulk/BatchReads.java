package dam.core.bulk;

import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.asset.AssetVersion;
import dam.core.audit.AuditEntry;
import dam.core.library.Focal;
import dam.core.library.LibraryStore;
import dam.core.library.Preset;
import dam.core.library.RightsRecord;
import dam.core.library.RightsSummary;
import dam.core.library.VersionOrigin;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-through caches for one bulk batch: the presets of one asset version are rendered one after another, and each
 * goes through the downloads' path, which reads the asset, its version, rights, brand presets and focal points again.
 * Wrapping the stores a lane renders with makes those reads once per asset per batch; {@link #clear()} before every
 * batch, so nothing is older than the batch (rights may end between batches). Writes go straight through (a saved
 * detected focal point is also remembered).
 */
public final class BatchReads {

    private final Map<String, Object> cache = new ConcurrentHashMap<>();
    private final AssetRepository assets;
    private final LibraryStore library;

    public BatchReads(AssetRepository assets, LibraryStore library) {
        this.assets = new Assets(Objects.requireNonNull(assets));
        this.library = new Library(Objects.requireNonNull(library));
    }

    /** The asset repository to render with: find and findVersion cached. */
    public AssetRepository assets() {
        return assets;
    }

    /** The library store to render with: presets, focal points and rights records cached. */
    public LibraryStore library() {
        return library;
    }

    /** Forgets every read (call before each batch). */
    public void clear() {
        cache.clear();
    }

    @SuppressWarnings("unchecked")
    private <T> T read(String key, java.util.function.Supplier<T> load) {
        Object hit = cache.get(key);
        if (hit == null) {
            hit = load.get();
            cache.put(key, hit);
        }
        return (T) hit;
    }

    private final class Assets implements AssetRepository {
        private final AssetRepository delegate;

        Assets(AssetRepository delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<Asset> find(String assetId) {
            return read("asset/" + assetId, () -> delegate.find(assetId));
        }

        @Override
        public Optional<AssetVersion> findVersion(String assetId, int number) {
            return read("version/" + assetId + "/" + number, () -> delegate.findVersion(assetId, number));
        }

        @Override
        public List<AssetVersion> versions(String assetId) {
            return delegate.versions(assetId);
        }

        @Override
        public boolean save(Asset asset, AssetVersion version, AuditEntry audit, String commandId) {
            cache.remove("asset/" + asset.id());
            return delegate.save(asset, version, audit, commandId);
        }

        @Override
        public Optional<String> commandTarget(String commandId) {
            return delegate.commandTarget(commandId);
        }

        @Override
        public List<AuditEntry> audit(String assetId) {
            return delegate.audit(assetId);
        }
    }

    private final class Library implements LibraryStore {
        private final LibraryStore delegate;

        Library(LibraryStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<List<Preset>> presets(String brand) {
            return read("presets/" + brand, () -> delegate.presets(brand));
        }

        @Override
        public void savePresets(String brand, List<Preset> presets) {
            cache.remove("presets/" + brand);
            delegate.savePresets(brand, presets);
        }

        @Override
        public Optional<Focal> manualFocal(String assetId) {
            return read("manual/" + assetId, () -> delegate.manualFocal(assetId));
        }

        @Override
        public void saveManualFocal(String assetId, Focal focal) {
            cache.remove("manual/" + assetId);
            delegate.saveManualFocal(assetId, focal);
        }

        @Override
        public Optional<Focal> detectedFocal(String assetId, int version) {
            return read("detected/" + assetId + "/" + version, () -> delegate.detectedFocal(assetId, version));
        }

        @Override
        public void saveDetectedFocal(String assetId, int version, Focal focal) {
            delegate.saveDetectedFocal(assetId, version, focal);
            cache.put("detected/" + assetId + "/" + version, Optional.ofNullable(focal));
        }

        @Override
        public List<RightsRecord> rights(String assetId) {
            return read("rights/" + assetId, () -> delegate.rights(assetId));
        }

        @Override
        public Optional<RightsSummary> rightsSummary(String assetId) {
            return delegate.rightsSummary(assetId);
        }

        @Override
        public void saveRights(Asset asset, RightsRecord put, String removeId, RightsSummary summary,
                               AuditEntry audit) {
            cache.remove("rights/" + asset.id());
            cache.remove("asset/" + asset.id());
            delegate.saveRights(asset, put, removeId, summary, audit);
        }

        @Override
        public void saveOrigin(String assetId, int version, VersionOrigin origin) {
            delegate.saveOrigin(assetId, version, origin);
        }

        @Override
        public Map<Integer, VersionOrigin> origins(String assetId) {
            return delegate.origins(assetId);
        }
    }
}
