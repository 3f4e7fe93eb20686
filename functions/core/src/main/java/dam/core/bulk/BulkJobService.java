package dam.core.bulk;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.ConflictException;
import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.library.Action;
import dam.core.library.Decision;
import dam.core.library.LibraryAccess;
import dam.core.library.LibraryStore;
import dam.core.library.Preset;
import dam.core.library.Presets;
import dam.core.library.RightsService;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Bulk resize/convert jobs as their owners see them ({@code /bulk-jobs}): creation checks every asset as a download
 * would (permission, rights, a ready image version, the preset in the asset's brand) and lists what it leaves out with
 * the reason instead of dropping it; the items go to a JSONL manifest the {@code bulk-rendition} state machine reads.
 * A job is visible to its owner and admins only (404 for anyone else: a job id reveals nothing).
 */
public final class BulkJobService {

    /** How long the result and ZIP links work. */
    public static final Duration LINK_TTL = Duration.ofMinutes(15);
    /** Parallel reads while checking a job's assets (each check is a few small table reads). */
    private static final int CHECK_THREADS = 16;
    private static final int MAX_REASONS = 20;

    private final AssetRepository assets;
    private final LibraryStore library;
    private final LibraryAccess access;
    private final RightsService rights;
    private final AssetFinder finder;
    private final BulkJobStore jobs;
    private final BulkFiles files;
    private final BulkStarter starter;
    private final Clock clock;
    private final ObjectMapper json;

    public BulkJobService(AssetRepository assets, LibraryStore library, LibraryAccess access, RightsService rights,
                          AssetFinder finder, BulkJobStore jobs, BulkFiles files, BulkStarter starter, Clock clock,
                          ObjectMapper json) {
        this.assets = Objects.requireNonNull(assets);
        this.library = Objects.requireNonNull(library);
        this.access = Objects.requireNonNull(access);
        this.rights = Objects.requireNonNull(rights);
        this.finder = Objects.requireNonNull(finder);
        this.jobs = Objects.requireNonNull(jobs);
        this.files = Objects.requireNonNull(files);
        this.starter = Objects.requireNonNull(starter);
        this.clock = Objects.requireNonNull(clock);
        this.json = Objects.requireNonNull(json);
    }

    /** What was asked: asset ids or a library search (as {@code GET /search} takes it), presets, one format. */
    public record Request(List<String> assetIds, Map<String, List<String>> query, List<String> presets,
                          String format) {
    }

    /** A new job and what it left out. */
    public record Created(BulkJob job, List<Skip> skipped) {
    }

    /** A job with its links once it has finished (null while running). */
    public record View(BulkJob job, URI manifestUrl, URI zipUrl) {
    }

    public Created create(Principal actor, Request request) {
        Objects.requireNonNull(actor, "actor");
        if (request == null) {
            throw new ValidationException(new FieldError("body", Codes.REQUIRED, "send {assetIds | query, presets, "
                    + "format}"));
        }
        List<FieldError> errors = new ArrayList<>();
        String format = BulkJobs.format(request.format()).orElseGet(() -> {
            errors.add(new FieldError("format", Codes.UNKNOWN_VALUE, "format must be one of jpeg, png, tiff, gif"));
            return null;
        });
        List<String> presets = presets(request.presets(), errors);
        boolean byIds = request.assetIds() != null;
        boolean byQuery = request.query() != null;
        if (byIds == byQuery) {
            errors.add(new FieldError("assetIds", Codes.REQUIRED, "send either assetIds or query"));
        }
        List<String> given = byIds && !byQuery ? ids(request.assetIds(), errors) : List.of();
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        List<String> ids = byIds ? given : List.copyOf(new LinkedHashSet<>(
                finder.find(actor, request.query(), BulkJobs.MAX_ASSETS)));
        if (ids.isEmpty()) {
            throw new ValidationException(new FieldError("query", Codes.NOT_FOUND, "the search finds no assets"));
        }

        Map<String, List<Preset>> brandPresets = new ConcurrentHashMap<>();
        List<Check> checks = checkAll(actor, ids, presets, format, brandPresets);
        Set<String> known = new LinkedHashSet<>();
        (brandPresets.isEmpty() ? Map.of("", Presets.DEFAULTS) : brandPresets).values()
                .forEach(list -> list.forEach(p -> known.add(p.name())));
        for (int i = 0; i < presets.size(); i++) {
            if (!known.contains(presets.get(i))) {
                errors.add(new FieldError("presets[" + i + "]", Codes.UNKNOWN_VALUE, "unknown preset '"
                        + presets.get(i) + "'; presets: " + known));
            }
        }
        List<BulkItem> items = checks.stream().flatMap(c -> c.items().stream()).toList();
        List<Skip> skipped = checks.stream().map(Check::skip).filter(Objects::nonNull).toList();
        if (errors.isEmpty() && items.isEmpty()) {
            skipped.stream().limit(MAX_REASONS).forEach(s -> errors.add(new FieldError("assetIds", Codes.FORBIDDEN,
                    s.assetId() + ": " + s.reason())));
            errors.add(0, new FieldError("assetIds", Codes.INVALID, "nothing to render: every asset was left out"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }

        String jobId = UUID.randomUUID().toString();
        writeManifest(jobId, items);
        write(BulkJobs.skippedKey(jobId), json(skipped), "application/json");
        Instant now = clock.instant();
        long skippedCount = skipped.stream().mapToLong(s -> s.presets().size()).sum();
        BulkJob job = new BulkJob(jobId, actor.userId(), BulkStatus.RUNNING, format, presets, items.size(), 0, 0,
                skippedCount, 1, now, now, null);
        jobs.create(job);
        start(job);
        return new Created(job, skipped);
    }

    public View get(Principal actor, String jobId) {
        BulkJob job = visible(actor, jobId);
        if (!job.finished()) {
            return new View(job, null, null);
        }
        return new View(job, files.presign(BulkJobs.resultKey(jobId), "bulk-" + jobId + ".csv", LINK_TTL),
                files.presign(BulkJobs.zipKey(jobId), "bulk-" + jobId + ".zip", LINK_TTL));
    }

    /** The caller's own jobs, newest first. */
    public List<BulkJob> mine(Principal actor) {
        return jobs.byOwner(actor.userId(), 100);
    }

    /**
     * Runs a FAILED job again over the same manifest: items recorded by earlier runs are neither rendered nor counted
     * again. A running or completed job is a 409.
     */
    public BulkJob resume(Principal actor, String jobId) {
        BulkJob job = visible(actor, jobId);
        if (job.status() != BulkStatus.FAILED) {
            throw new ConflictException("status", Codes.ILLEGAL_TRANSITION, "job " + jobId + " is "
                    + job.status().name().toLowerCase(java.util.Locale.ROOT) + "; only a failed job resumes");
        }
        BulkJob restarted = jobs.restart(jobId, clock.instant()).orElseThrow(() -> new ConflictException("status",
                Codes.ILLEGAL_TRANSITION, "job " + jobId + " was resumed meanwhile"));
        start(restarted);
        return restarted;
    }

    private void start(BulkJob job) {
        try {
            starter.start(job.jobId(), job.run());
        } catch (RuntimeException e) {
            // The job stays, FAILED and resumable, rather than RUNNING with nothing running it.
            jobs.finish(job.jobId(), BulkStatus.FAILED, "could not start: " + e.getMessage(), clock.instant());
            throw e;
        }
    }

    private BulkJob visible(Principal actor, String jobId) {
        return jobs.find(jobId == null ? "" : jobId)
                .filter(j -> j.owner().equals(actor.userId()) || actor.has(Role.ADMIN))
                .orElseThrow(() -> new NotFoundException("jobId", "bulk job " + jobId + " not found"));
    }

    private static List<String> presets(List<String> raw, List<FieldError> errors) {
        if (raw == null || raw.isEmpty()) {
            errors.add(new FieldError("presets", Codes.REQUIRED, "name at least one preset"));
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String p = raw.get(i);
            if (p == null || p.isBlank() || p.length() > 64) {
                errors.add(new FieldError("presets[" + i + "]", Codes.INVALID, "a preset name is 1-64 characters"));
            } else if (!out.add(p.strip())) {
                errors.add(new FieldError("presets[" + i + "]", Codes.DUPLICATE, "preset " + p + " is listed twice"));
            }
        }
        if (out.size() > BulkJobs.MAX_PRESETS) {
            errors.add(new FieldError("presets", Codes.TOO_MANY, "at most " + BulkJobs.MAX_PRESETS
                    + " presets per job"));
        }
        return List.copyOf(out);
    }

    /** Distinct ids in the order given (a repeated id is rendered once). */
    private static List<String> ids(List<String> raw, List<FieldError> errors) {
        if (raw.isEmpty()) {
            errors.add(new FieldError("assetIds", Codes.REQUIRED, "list at least one asset"));
            return List.of();
        }
        if (raw.size() > BulkJobs.MAX_ASSETS) {
            errors.add(new FieldError("assetIds", Codes.TOO_MANY, "at most " + BulkJobs.MAX_ASSETS
                    + " assets per job, got " + raw.size() + "; split the job"));
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String id = raw.get(i);
            if (id == null || id.isBlank() || id.length() > 64 || !id.matches("[A-Za-z0-9_-]+")) {
                errors.add(new FieldError("assetIds[" + i + "]", Codes.INVALID, "not an asset id"));
            } else {
                out.add(id);
            }
        }
        return List.copyOf(out);
    }

    /** One asset's items, and what of it was left out (null = nothing). */
    private record Check(List<BulkItem> items, Skip skip) {
    }

    private List<Check> checkAll(Principal actor, List<String> ids, List<String> presets, String format,
                                 Map<String, List<Preset>> brandPresets) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(CHECK_THREADS, ids.size()));
        try {
            List<Future<Check>> futures = new ArrayList<>();
            for (String id : ids) {
                Callable<Check> task = () -> check(actor, id, presets, format, brandPresets);
                futures.add(pool.submit(task));
            }
            List<Check> out = new ArrayList<>(ids.size());
            for (Future<Check> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the job's assets", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("checking the job's assets failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Check check(Principal actor, String id, List<String> presets, String format,
                        Map<String, List<Preset>> brandPresets) {
        Asset asset = assets.find(id).orElse(null);
        if (asset == null) {
            return skip(id, presets, "asset not found");
        }
        Decision d = access.decide(actor, Action.DOWNLOAD, asset);
        if (!d.allowed()) {
            return skip(id, presets, d.hidden() ? "asset not found" : d.reason());
        }
        try {
            rights.requireUsable(id);
        } catch (ForbiddenException e) {
            return skip(id, presets, e.getMessage());
        }
        AssetVersion ready = null;
        List<AssetVersion> versions = assets.versions(id);
        for (int i = versions.size() - 1; i >= 0 && ready == null; i--) {
            if (versions.get(i).state() == VersionState.READY) {
                ready = versions.get(i);
            }
        }
        if (ready == null) {
            return skip(id, presets, "no version is ready for download yet");
        }
        String type = ready.detectedType();
        if (type == null || !type.startsWith("image/") || type.contains("svg")) {
            return skip(id, presets, "presets crop images; version " + ready.number() + " is " + type);
        }
        List<Preset> own = brandPresets.computeIfAbsent(asset.brand(),
                b -> library.presets(b).orElse(Presets.DEFAULTS));
        List<BulkItem> items = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String p : presets) {
            if (Presets.find(own, p).isPresent()) {
                items.add(new BulkItem(id, ready.number(), p, format));
            } else {
                missing.add(p);
            }
        }
        Skip skip = missing.isEmpty() ? null : new Skip(id, missing, "brand " + asset.brand() + " has no preset "
                + String.join(", ", missing));
        return new Check(items, skip);
    }

    private static Check skip(String id, List<String> presets, String reason) {
        return new Check(List.of(), new Skip(id, presets, reason));
    }

    private void writeManifest(String jobId, List<BulkItem> items) {
        try (OutputStream out = files.create(BulkJobs.manifestKey(jobId), "application/jsonl")) {
            for (BulkItem item : items) {
                out.write(json.writeValueAsBytes(item));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the manifest of job " + jobId, e);
        }
    }

    private byte[] json(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String key, byte[] body, String type) {
        try (OutputStream out = files.create(key, type)) {
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + key, e);
        }
    }
}
