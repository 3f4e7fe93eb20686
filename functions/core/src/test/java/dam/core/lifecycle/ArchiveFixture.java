package dam.core.lifecycle;

import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.library.LibraryAccess;
import dam.core.library.Visibility;
import dam.core.lifecycle.memory.InMemoryLifecycleStore;
import dam.core.lifecycle.memory.RecordingArchiveStorage;
import dam.core.memory.InMemoryNotificationLedger;
import dam.core.memory.RecordingEventPublisher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** The archive service on in-memory ports; approved assets unless archived (LibraryPolicy decides the rest). */
final class ArchiveFixture {

    static final Principal ADMIN = user("ada", Role.ADMIN);
    static final Principal MANAGER = user("mia", Role.BRAND_MANAGER);
    static final Principal LEGAL = user("lena", Role.LEGAL);
    static final Principal VIEWER = user("vic", Role.VIEWER);
    static final Principal CREATOR = user("cara", Role.CREATOR);
    static final Principal OTHER_ADMIN = new Principal("zed", "zed@zest.example", Set.of(Role.ADMIN), Set.of("Zest"));

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-01T10:00:00Z"));
    final Clock clock = new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };
    final InMemoryAssetRepository assets = new InMemoryAssetRepository();
    final InMemoryLifecycleStore store = new InMemoryLifecycleStore(assets);
    final RecordingArchiveStorage storage = new RecordingArchiveStorage();
    /** Live placements per asset. */
    final java.util.Map<String, Integer> placements = new java.util.concurrent.ConcurrentHashMap<>();
    final RecordingEventPublisher events = new RecordingEventPublisher();
    final InMemoryNotificationLedger ledger = new InMemoryNotificationLedger();
    final LibraryAccess access = new LibraryAccess((p, a) -> new LibraryAccess.Place(
            store.find(a.id()).map(AssetLifecycle::archived).orElse(false) ? Visibility.ARCHIVED
                    : Visibility.APPROVED, false));
    final ArchiveService service = new ArchiveService(assets, store, storage, access, id -> placements.getOrDefault(id, 0), events, ledger,
            clock);
    final RetentionRunner runner = new RetentionRunner(service, store, clock);

    static Principal user(String id, Role role) {
        return new Principal(id, id + "@acme.example", Set.of(role), Set.of("Acme"));
    }

    void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    /** An Acme asset with two ready versions, their originals and a rendition in storage, and its audit chain. */
    String asset(String id) {
        Instant t = now.get();
        AuditEntry e1 = AuditChain.next(null, id, 1, t, "cara", "asset.created", "test");
        assets.save(asset(id, 1, e1.hash()), version(id, 1, t), e1, null);
        AuditEntry e2 = AuditChain.next(e1.hash(), id, 2, t, "cara", "version", "v2");
        assets.save(asset(id, 2, e2.hash()), version(id, 2, t), e2, null);
        storage.put("originals/" + id + "/1/hero.jpg");
        storage.put("originals/" + id + "/2/hero.jpg");
        storage.put("renditions/" + id + "/2/thumbnail.jpg");
        return id;
    }

    private static Asset asset(String id, long revision, String hash) {
        Instant t = Instant.parse("2026-06-01T10:00:00Z");
        return new Asset(id, "Acme", "brief-1", null, null, "hero.jpg", null, List.of(), List.of(),
                "cara@acme.example", t, t, revision, (int) revision, hash);
    }

    private static AssetVersion version(String id, int n, Instant t) {
        return new AssetVersion(id, n, VersionState.READY, List.of(), "cara", "originals/" + id + "/" + n
                + "/hero.jpg", "hero.jpg", "image/jpeg", 1000, null, t, t, null, "exec", "image/jpeg", 1000L,
                "sha-" + id + "-" + n, null, null, null, null, null, null, null);
    }
}
