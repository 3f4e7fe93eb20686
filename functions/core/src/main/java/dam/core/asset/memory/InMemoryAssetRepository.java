package dam.core.asset.memory;

import dam.core.ConflictException;
import dam.core.FieldError.Codes;
import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.asset.AssetVersion;
import dam.core.audit.AuditEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link AssetRepository} in memory; every write is atomic (one lock). */
public final class InMemoryAssetRepository implements AssetRepository {

    private final Map<String, Asset> assets = new HashMap<>();
    private final Map<String, TreeMap<Integer, AssetVersion>> versions = new HashMap<>();
    private final Map<String, List<AuditEntry>> audits = new HashMap<>();
    private final Map<String, String> commands = new HashMap<>();

    @Override
    public synchronized Optional<Asset> find(String assetId) {
        return Optional.ofNullable(assets.get(assetId));
    }

    @Override
    public synchronized Optional<AssetVersion> findVersion(String assetId, int number) {
        return Optional.ofNullable(versions.getOrDefault(assetId, new TreeMap<>()).get(number));
    }

    @Override
    public synchronized List<AssetVersion> versions(String assetId) {
        return List.copyOf(versions.getOrDefault(assetId, new TreeMap<>()).values());
    }

    @Override
    public synchronized boolean save(Asset asset, AssetVersion version, AuditEntry audit, String commandId) {
        if (commandId != null && commands.containsKey(commandId)) {
            return false;
        }
        Asset current = assets.get(asset.id());
        long stored = current == null ? 0 : current.revision();
        if (stored != asset.revision() - 1) {
            throw new ConflictException("revision", Codes.CONFLICT, "asset " + asset.id() + " is at revision " + stored);
        }
        if (audit.seq() != asset.revision()) {
            throw new IllegalArgumentException("audit seq " + audit.seq() + " must equal revision " + asset.revision());
        }
        assets.put(asset.id(), asset);
        if (version != null) {
            versions.computeIfAbsent(asset.id(), k -> new TreeMap<>()).put(version.number(), version);
        }
        audits.computeIfAbsent(asset.id(), k -> new ArrayList<>()).add(audit);
        if (commandId != null) {
            commands.put(commandId, asset.id() + "/" + (version == null ? asset.latestVersion() : version.number()));
        }
        return true;
    }

    @Override
    public synchronized Optional<String> commandTarget(String commandId) {
        return Optional.ofNullable(commands.get(commandId));
    }

    @Override
    public synchronized List<AuditEntry> audit(String assetId) {
        return List.copyOf(audits.getOrDefault(assetId, List.of()));
    }

    /** Removes the asset itself (a deletion's first step); its versions and audit stay until {@link #purge}. */
    public synchronized void remove(String assetId) {
        assets.remove(assetId);
    }

    /** Removes the versions and audit entries of a removed asset; how many. */
    public synchronized int purge(String assetId) {
        var v = versions.remove(assetId);
        var a = audits.remove(assetId);
        return (v == null ? 0 : v.size()) + (a == null ? 0 : a.size());
    }

    public synchronized int size() {
        return assets.size();
    }
}
