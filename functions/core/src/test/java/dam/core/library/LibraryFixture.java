package dam.core.library;

import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.library.memory.InMemoryLibraryStore;
import dam.core.memory.RecordingEventPublisher;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** Library services on in-memory fakes, a settable clock, a recording renderer and storage. */
final class LibraryFixture {

    static final Principal CREATOR = user("cara", Role.CREATOR);
    static final Principal LEGAL = user("lena", Role.LEGAL);
    static final Principal MANAGER = user("mia", Role.BRAND_MANAGER);
    static final Principal VIEWER = user("vic", Role.VIEWER);
    static final Principal OTHER_BRAND = new Principal("oscar", "oscar", Set.of(Role.BRAND_MANAGER), Set.of("Zest"));

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-01T10:00:00Z"));
    final Clock clock = new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };
    final InMemoryAssetRepository assets = new InMemoryAssetRepository();
    final InMemoryLibraryStore store = new InMemoryLibraryStore(assets);
    final RecordingEventPublisher events = new RecordingEventPublisher();
    final List<DerivativeSpec> rendered = new ArrayList<>();
    final Set<String> existing = new HashSet<>();
    final LibraryAccess access = LibraryAccess.brandLibrary();
    final RightsService rights = new RightsService(assets, store, access, events, clock);
    final DownloadService downloads = new DownloadService(assets, store, access, rights, new DownloadStorage() {
        @Override
        public boolean derivativeExists(String key) {
            return existing.contains(key);
        }

        @Override
        public URI presignDerivative(String key, String fileName, Duration ttl) {
            return URI.create("https://derivatives.example/" + key + "?name=" + fileName + "&ttl=" + ttl.toSeconds());
        }

        @Override
        public URI presignOriginal(String key, String fileName, Duration ttl) {
            return URI.create("https://originals.example/" + key + "?ttl=" + ttl.toSeconds());
        }
    }, spec -> {
        rendered.add(spec);
        existing.add(spec.key());
        return spec.focal() != null ? spec.focal() : new Focal(0.3, 0.4, "faces", List.of());
    }, DownloadService.DEFAULT_FORMATS);

    static Principal user(String id, Role role) {
        return new Principal(id, id + "@acme.example", Set.of(role), Set.of("Acme"));
    }

    /** An asset of brand Acme with {@code versions} ready versions of a JPEG. */
    String asset(String id, int versions) {
        Instant t = now.get();
        AuditEntry audit = AuditChain.next(null, id, 1, t, "cara", "asset.created", "test");
        assets.save(new Asset(id, "Acme", null, null, null, "photo.jpg", null, List.of(), List.of(), "cara", t, t, 1,
                versions, audit.hash()), null, audit, null);
        Asset a = assets.find(id).orElseThrow();
        for (int n = 1; n <= versions; n++) {
            AuditEntry next = AuditChain.next(a.auditHash(), id, a.revision() + 1, t, "cara", "version", "v" + n);
            a = new Asset(id, "Acme", null, null, null, "photo.jpg", null, List.of(), List.of(), "cara", t, t,
                    a.revision() + 1, versions, next.hash());
            assets.save(a, new AssetVersion(id, n, VersionState.READY, List.of(), "cara",
                    "originals/" + id + "/" + n + "/photo.jpg", "photo.jpg", "image/jpeg", 1000, null, t, t, null,
                    "exec", "image/jpeg", 1000L, "sha" + n, null, null, null, null, null, null, null), next, null);
        }
        return id;
    }
}
