package dam.core.captions;

import dam.core.asset.Asset;
import dam.core.audit.AuditEntry;

import java.util.List;
import java.util.Optional;

/** Port: an asset's caption tracks (one per language) and the transcription jobs started for it. */
public interface CaptionStore {

    List<CaptionTrack> tracks(String assetId);

    /**
     * In one atomic write: the track put ({@code put}) or removed ({@code removeLang}), the asset with its revision
     * bumped (guarded by the previous one, else {@link dam.core.ConflictException}) and its audit entry.
     */
    void save(Asset asset, CaptionTrack put, String removeLang, AuditEntry audit);

    void saveJob(TranscriptionJob job);

    Optional<TranscriptionJob> job(String name);
}
