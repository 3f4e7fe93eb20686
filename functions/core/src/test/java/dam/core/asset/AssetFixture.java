package dam.core.asset;

import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.asset.memory.InMemoryDuplicateIndex;
import dam.core.asset.memory.RecordingAssetStorage;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.memory.InMemoryBriefRepository;
import dam.core.memory.RecordingEventPublisher;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Asset and ingest services on in-memory ports, fixed clock, predictable ids. */
final class AssetFixture {

    static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    static final Principal CREATOR = new Principal("cara@acme.example", "cara@acme.example", Set.of(Role.CREATOR),
            Set.of("Acme"));
    static final String EXEC = "arn:aws:states:us-east-1:000000000000:execution:ingest:run-1";

    final InMemoryAssetRepository repo = new InMemoryAssetRepository();
    final InMemoryDuplicateIndex duplicates = new InMemoryDuplicateIndex();
    final RecordingAssetStorage storage = new RecordingAssetStorage();
    final InMemoryBriefRepository briefs = new InMemoryBriefRepository();
    final RecordingEventPublisher events = new RecordingEventPublisher();
    final IngestRules rules = IngestRules.defaults();
    final AtomicInteger seq = new AtomicInteger();
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final AssetService assets = new AssetService(repo, storage, briefs, rules, clock, () -> "a" + seq.incrementAndGet());
    final IngestService ingest = new IngestService(repo, duplicates, storage, briefs, events, rules, clock);

    static NewAsset acme(String channel) {
        return new NewAsset("Acme", null, "Spring Sale", channel, null, "hero shot", List.of("people"));
    }

    static NewUpload jpeg(String name, long size) {
        return new NewUpload(name, "image/jpeg", size, null);
    }

    UploadTicket upload(String name, long size) {
        return assets.createAsset(CREATOR, acme("social"), jpeg(name, size));
    }

    /** Uploads and runs the first steps up to described (a 6000×4000 JPEG, EXIF orientation 1). */
    AssetVersion described(String name, long size, String sha, String phash) {
        AssetVersion v = upload(name, size).version();
        ingest.begin(v.originalKey(), EXEC);
        ingest.sniffed(v.assetId(), 1, EXEC, "image/jpeg", size, sha);
        ingest.described(v.assetId(), 1, EXEC, TechMetadata.ofImage("image/jpeg", 6000, 4000, 1, "RGB", false), phash);
        return repo.findVersion(v.assetId(), 1).orElseThrow();
    }
}
