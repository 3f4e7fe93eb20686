package dam.core.asset;

import dam.core.ConflictException;
import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.brief.Brief;
import dam.core.brief.BriefRepository;
import dam.core.brief.Channel;
import dam.core.brief.Coded;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * Submitting assets: a new asset (or a new version of one) is created in state {@code uploading}, linked to its brief
 * and submitter, and the client gets a plan to send the bytes straight to storage — a presigned PUT up to
 * {@link IngestRules.Limits#maxSinglePutBytes()} (Content-Type and Content-Length signed, short expiry), multipart
 * above, up to {@link IngestRules.Limits#maxBytes()}. Nothing passes through a function's payload. The object-created
 * event then starts the ingest workflow ({@link IngestService}).
 */
public final class AssetService {

    static final int MAX_PARTS_PER_PLAN = 10_000;
    static final int MAX_KEYWORDS = 50;

    private final AssetRepository repository;
    private final AssetStorage storage;
    private final BriefRepository briefs;
    private final IngestRules rules;
    private final Clock clock;
    private final Supplier<String> ids;
    private final BiPredicate<Principal, Asset> scopedReaders;

    public AssetService(AssetRepository repository, AssetStorage storage, BriefRepository briefs, IngestRules rules,
                        Clock clock, Supplier<String> ids) {
        this(repository, storage, briefs, rules, clock, ids, (p, a) -> false);
    }

    private AssetService(AssetRepository repository, AssetStorage storage, BriefRepository briefs, IngestRules rules,
                         Clock clock, Supplier<String> ids, BiPredicate<Principal, Asset> scopedReaders) {
        this.scopedReaders = Objects.requireNonNull(scopedReaders);
        this.repository = Objects.requireNonNull(repository);
        this.storage = Objects.requireNonNull(storage);
        this.briefs = Objects.requireNonNull(briefs);
        this.rules = Objects.requireNonNull(rules);
        this.clock = Objects.requireNonNull(clock);
        this.ids = Objects.requireNonNull(ids);
    }

    /**
     * The same service letting in readers outside every brand scope whom the library's policy admits (externals to the
     * assets of the collections they were given); the brand rule still admits everyone else.
     */
    public AssetService withScopedReaders(BiPredicate<Principal, Asset> readers) {
        return new AssetService(repository, storage, briefs, rules, clock, ids, readers);
    }

    /** {@code POST /assets}: a new asset with version 1 waiting for its bytes. */
    public UploadTicket createAsset(Principal actor, NewAsset fields, NewUpload upload) {
        return createAsset(actor, fields, upload, true);
    }

    /**
     * "Command Submit Version": a new asset ({@code assetId} null) or the next version of one, whose bytes the caller
     * copies to the version's key itself — so no upload plan (and no multipart upload) is made.
     */
    public UploadTicket submit(Principal actor, String assetId, NewAsset fields, NewUpload upload) {
        return assetId == null ? createAsset(actor, fields, upload, false) : requestUpload(actor, assetId, upload, false);
    }

    private UploadTicket createAsset(Principal actor, NewAsset fields, NewUpload upload, boolean presign) {
        Objects.requireNonNull(fields, "fields");
        Optional<UploadTicket> replay = replay(actor, upload);
        if (replay.isPresent()) {
            return replay.get();
        }
        List<FieldError> errors = new ArrayList<>();
        Brief brief = null;
        if (fields.briefId() != null && !fields.briefId().isBlank()) {
            brief = briefs.find(fields.briefId()).orElse(null);
            if (brief == null) {
                errors.add(new FieldError("briefId", Codes.NOT_FOUND, "brief " + fields.briefId() + " does not exist"));
            }
        }
        String brand = fields.brand() != null && !fields.brand().isBlank() ? fields.brand().strip()
                : brief != null ? brief.brand().name() : null;
        if (brand == null) {
            errors.add(new FieldError("brand", Codes.REQUIRED, "brand is required (or link a brief)"));
        } else if (brand.length() > 100) {
            errors.add(new FieldError("brand", Codes.TOO_LONG, "brand has at most 100 characters"));
        }
        String channel = null;
        if (fields.channel() != null) {
            Optional<Channel> c = Coded.parse(Channel.class, fields.channel());
            if (c.isEmpty()) {
                errors.add(new FieldError("channel", Codes.UNKNOWN_VALUE, "channel must be one of "
                        + Coded.codes(Channel.class)));
            } else {
                channel = c.get().code();
            }
        }
        if (fields.campaign() != null && fields.campaign().length() > 100) {
            errors.add(new FieldError("campaign", Codes.TOO_LONG, "campaign has at most 100 characters"));
        }
        if (fields.description() != null && fields.description().length() > 2000) {
            errors.add(new FieldError("description", Codes.TOO_LONG, "description has at most 2000 characters"));
        }
        List<String> keywords = keywords(fields.keywords(), errors);
        errors.addAll(uploadErrors(upload));
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        requireSubmitter(actor, brand);
        String id = ids.get();
        Instant now = clock.instant();
        String display = FileNames.display(fields.displayName() != null && !fields.displayName().isBlank()
                ? fields.displayName() : upload.fileName());
        List<String> categories = keywords.stream().map(k -> rules.vocabulary().lookup(k).orElseThrow().category())
                .distinct().toList();
        AuditEntry audit = AuditChain.next(null, id, 1, now, actor.userId(), "asset.created",
                "brand=" + brand + " name=" + display + " v1=" + FileNames.display(upload.fileName()));
        Asset asset = new Asset(id, brand, brief == null ? null : brief.id(), blankToNull(fields.campaign()), channel,
                display, blankToNull(fields.description()), keywords, categories, actor.userId(), now, now, 1, 1,
                audit.hash());
        return newVersion(actor, asset, audit, upload, true, presign);
    }

    /** {@code POST /assets/{id}/versions/uploads}: the next version of an existing asset. */
    public UploadTicket requestUpload(Principal actor, String assetId, NewUpload upload) {
        return requestUpload(actor, assetId, upload, true);
    }

    private UploadTicket requestUpload(Principal actor, String assetId, NewUpload upload, boolean presign) {
        Optional<UploadTicket> replay = replay(actor, upload);
        if (replay.isPresent()) {
            return replay.get();
        }
        List<FieldError> errors = uploadErrors(upload);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Asset current = find(assetId);
        requireSubmitter(actor, current.brand());
        int n = current.latestVersion() + 1;
        Instant now = clock.instant();
        AuditEntry audit = AuditChain.next(current.auditHash(), assetId, current.revision() + 1, now, actor.userId(),
                "version.requested", "v" + n + " name=" + FileNames.display(upload.fileName()));
        return newVersion(actor, current.next(now, audit.hash(), n), audit, upload, false, presign);
    }

    /** Completes a multipart upload from the parts' ETags; storage then emits the object-created event. */
    public AssetVersion completeUpload(Principal actor, String assetId, int version,
                                       List<AssetStorage.CompletedPart> parts) {
        Asset asset = find(assetId);
        requireSubmitter(actor, asset.brand());
        AssetVersion v = repository.findVersion(assetId, version).orElseThrow(() -> new NotFoundException("version",
                "asset " + assetId + " has no version " + version));
        if (v.uploadId() == null) {
            throw new ConflictException("uploadId", Codes.CONFLICT, "version " + version + " is not a multipart upload");
        }
        if (v.state() != VersionState.UPLOADING) {
            throw new ConflictException("state", Codes.ILLEGAL_TRANSITION, "version " + version + " is already "
                    + v.state().code());
        }
        if (parts == null || parts.isEmpty()) {
            throw new ValidationException(new FieldError("parts", Codes.REQUIRED, "list the uploaded parts"));
        }
        List<AssetStorage.CompletedPart> sorted = parts.stream()
                .sorted(java.util.Comparator.comparingInt(AssetStorage.CompletedPart::number)).toList();
        storage.completeMultipart(v.originalKey(), v.uploadId(), sorted);
        return v;
    }

    /** Fields a PATCH may clear. */
    static final List<String> CLEARABLE = List.of("description", "keywords", "capturedOn", "embargoUntil",
            "rightsHolder", "license", "rightsExpireOn");

    /**
     * {@code PATCH /assets/{id}}: user metadata (description, controlled keywords, dates, usage rights). All field
     * errors are reported together and nothing is stored unless every field is valid; one audit entry names the
     * changed fields. User keywords stay on the asset (source user); AI and rule tags stay on the versions.
     */
    public Asset updateMetadata(Principal actor, String assetId, AssetPatch patch) {
        Objects.requireNonNull(patch, "patch");
        Asset current = find(assetId);
        requireSubmitter(actor, current.brand());
        List<FieldError> errors = new ArrayList<>();
        if (patch.revision() != null && patch.revision() != current.revision()) {
            throw new ConflictException("revision", Codes.CONFLICT, "asset changed since revision " + patch.revision()
                    + " (now " + current.revision() + "); reload and retry");
        }
        for (int i = 0; i < patch.clear().size(); i++) {
            if (!CLEARABLE.contains(patch.clear().get(i))) {
                errors.add(new FieldError("clear[" + i + "]", Codes.UNKNOWN_VALUE, "clearable fields: " + CLEARABLE));
            }
        }
        if (patch.description() != null && patch.description().length() > 2000) {
            errors.add(new FieldError("description", Codes.TOO_LONG, "description has at most 2000 characters"));
        }
        if (patch.rightsHolder() != null && patch.rightsHolder().length() > 200) {
            errors.add(new FieldError("rightsHolder", Codes.TOO_LONG, "rightsHolder has at most 200 characters"));
        }
        if (patch.license() != null && !AssetDetails.LICENSES.contains(patch.license())) {
            errors.add(new FieldError("license", Codes.UNKNOWN_VALUE, "license must be one of "
                    + AssetDetails.LICENSES));
        }
        List<String> keywords = patch.keywords() == null ? null : keywords(patch.keywords(), errors);
        AssetDetails d = current.details();
        java.time.LocalDate capturedOn = date("capturedOn", patch.capturedOn(), d.capturedOn(), patch, errors);
        java.time.LocalDate embargo = date("embargoUntil", patch.embargoUntil(), d.embargoUntil(), patch, errors);
        java.time.LocalDate expires = date("rightsExpireOn", patch.rightsExpireOn(), d.rightsExpireOn(), patch,
                errors);
        if (capturedOn != null && capturedOn.isAfter(java.time.LocalDate.ofInstant(clock.instant(),
                java.time.ZoneOffset.UTC).plusDays(1))) {
            errors.add(new FieldError("capturedOn", Codes.INVALID, "capturedOn cannot be in the future"));
        }
        if (embargo != null && expires != null && !embargo.isBefore(expires)) {
            errors.add(new FieldError("embargoUntil", Codes.INVALID, "the embargo ends on or after the rights expire ("
                    + expires + "): the asset could never be used"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String description = patch.clear().contains("description") ? null
                : patch.description() != null ? blankToNull(patch.description()) : current.description();
        List<String> newKeywords = patch.clear().contains("keywords") ? List.of()
                : keywords != null ? keywords : current.keywords();
        List<String> categories = newKeywords.stream()
                .map(k -> rules.vocabulary().lookup(k).map(Vocabulary.Term::category).orElse(null))
                .filter(Objects::nonNull).distinct().toList();
        String holder = patch.clear().contains("rightsHolder") ? null
                : patch.rightsHolder() != null ? blankToNull(patch.rightsHolder()) : d.rightsHolder();
        String license = patch.clear().contains("license") ? null
                : patch.license() != null ? patch.license() : d.license();
        AssetDetails details = new AssetDetails(capturedOn, embargo, holder, license, expires);

        List<String> changed = new ArrayList<>();
        if (!Objects.equals(description, current.description())) {
            changed.add("description");
        }
        if (!newKeywords.equals(current.keywords())) {
            changed.add("keywords=" + String.join(",", newKeywords));
        }
        if (!details.equals(d)) {
            changed.add("details");
        }
        if (changed.isEmpty()) {
            return current; // nothing to store: no revision bump, no audit noise
        }
        Instant now = clock.instant();
        AuditEntry audit = AuditChain.next(current.auditHash(), assetId, current.revision() + 1, now, actor.userId(),
                "asset.metadata", String.join(" ", changed));
        Asset updated = current.withMetadata(description, newKeywords, categories, details, now, audit.hash());
        repository.save(updated, null, audit, null);
        return updated;
    }

    /** A patched date: cleared, parsed from ISO yyyy-mm-dd (else a field error), or the current value. */
    private static java.time.LocalDate date(String field, String raw, java.time.LocalDate current, AssetPatch patch,
                                            List<FieldError> errors) {
        if (patch.clear().contains(field)) {
            return null;
        }
        if (raw == null) {
            return current;
        }
        try {
            return java.time.LocalDate.parse(raw.strip());
        } catch (java.time.format.DateTimeParseException e) {
            errors.add(new FieldError(field, Codes.INVALID, field + " must be a date like 2026-03-31, got '" + raw
                    + "'"));
            return null;
        }
    }

    public Asset get(Principal actor, String assetId) {
        Asset asset = find(assetId);
        if (!scopedReaders.test(actor, asset)) {
            requireReader(actor, asset.brand());
        }
        return asset;
    }

    public List<AssetVersion> versions(Principal actor, String assetId) {
        get(actor, assetId);
        return repository.versions(assetId);
    }

    public AssetVersion version(Principal actor, String assetId, int n) {
        get(actor, assetId);
        return repository.findVersion(assetId, n).orElseThrow(() -> new NotFoundException("version",
                "asset " + assetId + " has no version " + n));
    }

    public List<AuditEntry> audit(Principal actor, String assetId) {
        get(actor, assetId);
        return repository.audit(assetId);
    }

    private UploadTicket newVersion(Principal actor, Asset asset, AuditEntry audit, NewUpload upload,
                                    boolean created, boolean presign) {
        int n = asset.latestVersion();
        Instant now = clock.instant();
        Duration ttl = Duration.ofMinutes(rules.limits().uploadMinutes());
        String key = OriginalKeys.of(asset.id(), n, upload.fileName());
        String type = rules.normaliseType(upload.contentType());
        long size = upload.size();
        boolean multipart = presign && size > rules.limits().maxSinglePutBytes();
        String uploadId = multipart ? storage.createMultipart(key, type) : null;
        AssetVersion version = AssetVersion.uploading(asset.id(), n, actor.userId(), key,
                FileNames.display(upload.fileName()), type, size, uploadId, now, now.plus(ttl));
        try {
            if (!repository.save(asset, version, audit, upload.commandId())) {
                if (uploadId != null) {
                    storage.abortMultipart(key, uploadId);
                }
                return replay(actor, upload).orElseThrow(() -> new IllegalStateException("command "
                        + upload.commandId() + " was applied but its version is missing"));
            }
        } catch (RuntimeException e) {
            if (uploadId != null) {
                storage.abortMultipart(key, uploadId); // nothing half-made: no orphan multipart upload
            }
            throw e;
        }
        return new UploadTicket(asset, version, presign ? plan(version, ttl) : null, created);
    }

    private UploadPlan plan(AssetVersion v, Duration ttl) {
        Instant expires = v.createdAt().plus(ttl);
        if (v.uploadId() == null) {
            URI url = storage.presignPut(v.originalKey(), v.declaredContentType(), v.declaredSize(), ttl);
            return new UploadPlan(UploadPlan.SINGLE, url, java.util.Map.of("Content-Type", v.declaredContentType(),
                    "Content-Length", Long.toString(v.declaredSize())), null, null, List.of(), null, expires);
        }
        long partSize = Math.max(rules.limits().multipartPartBytes(),
                (v.declaredSize() + MAX_PARTS_PER_PLAN - 1) / MAX_PARTS_PER_PLAN);
        int count = (int) ((v.declaredSize() + partSize - 1) / partSize);
        List<UploadPlan.Part> parts = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            parts.add(new UploadPlan.Part(i, storage.presignPart(v.originalKey(), v.uploadId(), i, ttl)));
        }
        return new UploadPlan(UploadPlan.MULTIPART, null, java.util.Map.of(), v.uploadId(), partSize, parts,
                "/assets/" + v.assetId() + "/versions/" + v.number() + "/uploads/complete", expires);
    }

    /** A repeated request (same command id) gets the version it created, with a fresh plan if still uploading. */
    private Optional<UploadTicket> replay(Principal actor, NewUpload upload) {
        Objects.requireNonNull(actor, "actor");
        if (upload == null || upload.commandId() == null) {
            return Optional.empty();
        }
        return repository.commandTarget(upload.commandId()).map(target -> {
            String[] parts = target.split("/");
            Asset asset = find(parts[0]);
            requireSubmitter(actor, asset.brand());
            AssetVersion v = repository.findVersion(parts[0], Integer.parseInt(parts[1])).orElseThrow();
            UploadPlan plan = v.state() == VersionState.UPLOADING
                    ? plan(v, Duration.ofMinutes(rules.limits().uploadMinutes())) : null;
            return new UploadTicket(asset, v, plan, false);
        });
    }

    private List<FieldError> uploadErrors(NewUpload upload) {
        List<FieldError> errors = new ArrayList<>();
        if (upload == null) {
            errors.add(new FieldError("upload", Codes.REQUIRED, "describe the file to upload"));
            return errors;
        }
        if (upload.fileName() == null || upload.fileName().isBlank()) {
            errors.add(new FieldError("fileName", Codes.REQUIRED, "fileName is required"));
        } else if (upload.fileName().length() > 1000) {
            errors.add(new FieldError("fileName", Codes.TOO_LONG, "fileName has at most 1000 characters"));
        }
        if (upload.contentType() == null || upload.contentType().isBlank()) {
            errors.add(new FieldError("contentType", Codes.REQUIRED, "contentType is required"));
        } else if (!rules.accepts(upload.contentType())) {
            errors.add(new FieldError("contentType", Codes.UNKNOWN_VALUE, "content type "
                    + upload.contentType() + " is not accepted; accepted: " + rules.types().keySet().stream().sorted()
                    .toList()));
        }
        if (upload.size() == null) {
            errors.add(new FieldError("size", Codes.REQUIRED, "size (bytes) is required"));
        } else if (upload.size() < 0) {
            errors.add(new FieldError("size", Codes.NEGATIVE, "size cannot be negative"));
        } else if (upload.size() > rules.limits().maxBytes()) {
            errors.add(new FieldError("size", Codes.INVALID, "files up to " + rules.limits().maxBytes()
                    + " bytes are accepted"));
        }
        return errors;
    }

    private List<String> keywords(List<String> raw, List<FieldError> errors) {
        if (raw == null) {
            return List.of();
        }
        if (raw.size() > MAX_KEYWORDS) {
            errors.add(new FieldError("keywords", Codes.TOO_MANY, "at most " + MAX_KEYWORDS + " keywords"));
            return List.of();
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            Optional<Vocabulary.Term> term = rules.vocabulary().lookup(raw.get(i));
            if (term.isEmpty()) {
                errors.add(new FieldError("keywords[" + i + "]", Codes.UNKNOWN_VALUE, "'" + raw.get(i)
                        + "' is not in the controlled vocabulary; known terms: " + rules.vocabulary().terms()));
            } else {
                out.add(term.get().term());
            }
        }
        return List.copyOf(out);
    }

    private Asset find(String assetId) {
        return repository.find(assetId).orElseThrow(() -> new NotFoundException("assetId", "asset " + assetId
                + " does not exist"));
    }

    /** Creators, brand managers and admins submit, within their brand scope. */
    private static void requireSubmitter(Principal actor, String brand) {
        if (!actor.hasAny(Role.ADMIN, Role.BRAND_MANAGER, Role.CREATOR) || !actor.inBrandScope(brand)) {
            throw new ForbiddenException("you may not submit assets for brand " + brand);
        }
    }

    private static void requireReader(Principal actor, String brand) {
        if (actor.roles().isEmpty() || actor.has(Role.EXTERNAL) && actor.roles().size() == 1
                || !actor.inBrandScope(brand)) {
            throw new NotFoundException("assetId", "asset not found"); // do not reveal assets outside the scope
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
