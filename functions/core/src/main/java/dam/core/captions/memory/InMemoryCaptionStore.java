package dam.core.captions.memory;

import dam.core.asset.Asset;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditEntry;
import dam.core.captions.CaptionStore;
import dam.core.captions.CaptionTrack;
import dam.core.captions.TranscriptionJob;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link CaptionStore} next to the in-memory asset repository (whose save guards the revision). */
public final class InMemoryCaptionStore implements CaptionStore {

    private final InMemoryAssetRepository assets;
    private final Map<String, Map<String, CaptionTrack>> tracks = new HashMap<>();
    private final Map<String, TranscriptionJob> jobs = new HashMap<>();

    public InMemoryCaptionStore(InMemoryAssetRepository assets) {
        this.assets = assets;
    }

    @Override
    public synchronized List<CaptionTrack> tracks(String assetId) {
        return new ArrayList<>(tracks.getOrDefault(assetId, Map.of()).values());
    }

    @Override
    public synchronized void save(Asset asset, CaptionTrack put, String removeLang, AuditEntry audit) {
        assets.save(asset, null, audit, null); // throws ConflictException on a stale revision: nothing else changes
        Map<String, CaptionTrack> of = tracks.computeIfAbsent(asset.id(), k -> new HashMap<>());
        if (put != null) {
            of.put(put.lang(), put);
        }
        if (removeLang != null) {
            of.remove(removeLang);
        }
    }

    @Override
    public synchronized void saveJob(TranscriptionJob job) {
        jobs.put(job.name(), job);
    }

    @Override
    public synchronized Optional<TranscriptionJob> job(String name) {
        return Optional.ofNullable(jobs.get(name));
    }
}
