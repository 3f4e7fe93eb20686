package dam.core.bulk;

import dam.core.ValidationException;
import dam.core.FieldError;
import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.bulk.memory.InMemoryBulkFiles;
import dam.core.bulk.memory.InMemoryBulkJobStore;
import dam.core.json.Json;
import dam.core.library.DerivativeRenderer;
import dam.core.library.DownloadService;
import dam.core.library.DownloadStorage;
import dam.core.library.Focal;
import dam.core.library.LibraryAccess;
import dam.core.library.RightsService;
import dam.core.library.Visibility;
import dam.core.library.memory.InMemoryLibraryStore;
import dam.core.memory.RecordingEventPublisher;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Bulk jobs on in-memory fakes: the real DownloadService (its cache) with a renderer that writes small files. */
final class BulkFixture {

    static final Principal OWNER = user("mia", Role.BRAND_MANAGER);
    static final Principal OTHER = user("vic", Role.VIEWER);
    static final Principal ADMIN = user("ada", Role.ADMIN);
    static final Principal ZEST = new Principal("oscar", "oscar", Set.of(Role.BRAND_MANAGER), Set.of("Zest"));

    final Clock clock = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);
    final InMemoryAssetRepository assets = new InMemoryAssetRepository();
    final InMemoryLibraryStore library = new InMemoryLibraryStore(assets);
    final RecordingEventPublisher events = new RecordingEventPublisher();
    final InMemoryBulkFiles files = new InMemoryBulkFiles();
    final InMemoryBulkJobStore jobs = new InMemoryBulkJobStore();
    /** Every derivative the renderer wrote (a key twice = rendered twice). */
    final List<String> rendered = new CopyOnWriteArrayList<>();
    /** Assets whose files the renderer refuses (as an undecodable file). */
    final Set<String> refused = new HashSet<>();
    /** Renders left before the renderer fails like a crashed worker (-1 = never). */
    int crashAfter = -1;
    final List<String> started = new ArrayList<>();
    final List<String> created = new CopyOnWriteArrayList<>();
    /** Drafts: visible only to the brief team (not the owner here). */
    final Set<String> drafts = new HashSet<>();
    final LibraryAccess access = LibraryAccess.fixed(a -> drafts.contains(a.id()) ? Visibility.DRAFT
            : Visibility.APPROVED);
    final RightsService rights = new RightsService(assets, library, access, events, clock);
    final DownloadStorage storage = new DownloadStorage() {
        @Override
        public boolean derivativeExists(String key) {
            return files.has(key);
        }

        @Override
        public URI presignDerivative(String key, String fileName, Duration ttl) {
            return URI.create("https://derivatives.example/" + key);
        }

        @Override
        public URI presignOriginal(String key, String fileName, Duration ttl) {
            return URI.create("https://originals.example/" + key);
        }
    };
    /** Writes a small file per derivative; synchronized: lanes render in parallel and share crashAfter. */
    final DerivativeRenderer renderer = spec -> {
        synchronized (rendered) {
            if (crashAfter == 0) {
                throw new IllegalStateException("worker crashed");
            }
            if (crashAfter > 0) {
                crashAfter--;
            }
        }
        if (refused.contains(spec.assetId())) {
            throw new ValidationException(new FieldError("file", FieldError.Codes.INVALID, "cannot decode"));
        }
        rendered.add(spec.key());
        files.put(spec.key(), ("image " + spec.key()).getBytes(StandardCharsets.UTF_8));
        return new Focal(0.5, 0.5, "saliency", List.of());
    };
    final DownloadService downloads = new DownloadService(assets, library, access, rights, storage, renderer,
            DownloadService.DEFAULT_FORMATS);
    /** Search: every asset of the caller's brands whose id starts with q. */
    final AssetFinder finder = (actor, query, max) -> {
        String q = query.getOrDefault("q", List.of("")).get(0);
        List<String> ids = created.stream().filter(id -> id.startsWith(q)).sorted().toList();
        if (ids.size() > max) {
            throw new ValidationException(new FieldError("query", FieldError.Codes.TOO_MANY, "too many"));
        }
        return ids;
    };
    final BulkJobService service = new BulkJobService(assets, library, access, rights, finder, jobs, files,
            (jobId, run) -> started.add(jobId + "#" + run), clock, Json.mapper());
    final BulkWorker worker = new BulkWorker(jobs, ItemRenderer.viaDownloads(assets, downloads, rights), events,
            clock);
    final BulkFinisher finisher = new BulkFinisher(jobs, files, events, clock, Json.mapper());

    static Principal user(String id, Role role) {
        return new Principal(id, id + "@acme.example", Set.of(role), Set.of("Acme"));
    }

    /** An Acme asset whose version 1 (of {@code type}) is in {@code state}. */
    String asset(String id, String type, VersionState state) {
        Instant t = clock.instant();
        AuditEntry audit = AuditChain.next(null, id, 1, t, "cara", "asset.created", "test");
        Asset a = new Asset(id, "Acme", null, null, null, "photo.jpg", null, List.of(), List.of(), "cara", t, t, 1, 1,
                audit.hash());
        assets.save(a, new AssetVersion(id, 1, state, List.of(), "cara", "originals/" + id + "/1/photo.jpg",
                "photo.jpg", type, 1000, null, t, t, null, "exec", type, 1000L, "sha", null, null, null, null, null,
                null, null), audit, null);
        created.add(id);
        return id;
    }

    String asset(String id) {
        return asset(id, "image/jpeg", VersionState.READY);
    }

    List<BulkItem> manifest(String jobId) {
        String text = new String(files.get(BulkJobs.manifestKey(jobId)), StandardCharsets.UTF_8);
        return text.lines().map(l -> {
            try {
                return Json.mapper().readValue(l, BulkItem.class);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }

    BulkJobService.Request request(List<String> ids, String... presets) {
        return new BulkJobService.Request(ids, null, List.of(presets), "png");
    }

    static Map<String, List<String>> query(String q) {
        return Map.of("q", List.of(q));
    }
}
