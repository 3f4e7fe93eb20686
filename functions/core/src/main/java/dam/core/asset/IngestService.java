package dam.core.asset;

import dam.core.ConflictException;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.brief.BriefRepository;
import dam.core.brief.Deliverable;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The asset-ingest workflow's steps (statemachines/asset-ingest.asl.json), one idempotent method each. The first step
 * claims the version for one execution: the same object-created event delivered twice starts two executions, and the
 * second finds the version claimed (or finished) and stops — so there is never a second set of tags, renditions or a
 * second "Asset Version Ingested". Every change is one atomic write with its audit entry; parallel steps that race on
 * the asset's revision re-read and re-apply.
 */
public final class IngestService {

    static final int MAX_ATTEMPTS = 8;
    /** AI labels this sure (0–100) map to vocabulary keywords. */
    static final double RULE_TAG_MIN_CONFIDENCE = 70;
    public static final String ACTOR = "ingest";
    /** Prefix of quality entries that are notes from other steps rather than profile checks. */
    static final String STEP_NOTE = "ai_";

    private final AssetRepository repository;
    private final DuplicateIndex duplicates;
    private final AssetStorage storage;
    private final BriefRepository briefs;
    private final EventPublisher events;
    private final IngestRules rules;
    private final Clock clock;

    public IngestService(AssetRepository repository, DuplicateIndex duplicates, AssetStorage storage,
                         BriefRepository briefs, EventPublisher events, IngestRules rules, Clock clock) {
        this.repository = Objects.requireNonNull(repository);
        this.duplicates = Objects.requireNonNull(duplicates);
        this.storage = Objects.requireNonNull(storage);
        this.briefs = Objects.requireNonNull(briefs);
        this.events = Objects.requireNonNull(events);
        this.rules = Objects.requireNonNull(rules);
        this.clock = Objects.requireNonNull(clock);
    }

    public IngestRules rules() {
        return rules;
    }

    /** A stored version (the step functions read its key, name and declared type). */
    public AssetVersion version(String assetId, int version) {
        return require(assetId, version);
    }

    /** The version an originals key belongs to (for handlers that start from an S3 event). */
    public Optional<AssetVersion> versionOf(String key) {
        return OriginalKeys.parse(key).flatMap(r -> repository.findVersion(r.assetId(), r.version()))
                .filter(v -> v.originalKey().equals(key));
    }

    /**
     * Step 1: the object arrived. Claims an uploading version for {@code execution}; a version claimed by another
     * execution or already finished is not processed again ({@code proceed = false}). A key outside our layout or
     * without a version was not uploaded through us and is ignored.
     */
    public StepResult begin(String key, String execution) {
        Objects.requireNonNull(execution, "execution");
        Optional<AssetVersion> found = versionOf(key);
        if (found.isEmpty()) {
            return new StepResult(null, 0, false, "unknown", List.of(new Reason("unknown_key",
                    "no asset version is waiting for " + key)));
        }
        AssetVersion v = found.get();
        return mutate(v.assetId(), v.number(), execution, true, "version.processing", "execution=" + execution,
                current -> current.claimed(execution, now()));
    }

    /**
     * Begin failed after all its retries (e.g. throttled through a long burst): claims the version if it is still
     * uploading and quarantines it with the error, so the original is never left uploading with no execution behind
     * it. A version another execution owns or finished is left alone.
     */
    public StepResult beginFailed(String key, String execution, String error, String cause) {
        StepResult claimed = begin(key, execution);
        if (!claimed.proceed()) {
            return claimed;
        }
        return quarantine(claimed.assetId(), claimed.version(), execution, error, cause);
    }

    /** Type, size and hash of the stored bytes: refuses empty, oversized, unknown, spoofed or size-mismatched files. */
    public StepResult sniffed(String assetId, int version, String execution, String detectedType, long size,
                              String sha256) {
        AssetVersion v = require(assetId, version);
        List<Reason> reasons = new ArrayList<>();
        String type = rules.normaliseType(detectedType);
        if (size == 0) {
            reasons.add(new Reason("empty_file", "the file is empty (0 bytes)"));
        } else {
            if (v.declaredSize() > 0 && size != v.declaredSize()) {
                reasons.add(new Reason("size_mismatch", "the upload has " + size + " bytes but " + v.declaredSize()
                        + " were declared"));
            }
            if (size > rules.limits().maxBytes()) {
                reasons.add(new Reason("too_large", "the file has " + size + " bytes; the limit is "
                        + rules.limits().maxBytes()));
            }
            if (!rules.accepts(type)) {
                reasons.add(new Reason("unsupported_type", "the content is " + type + ", which is not accepted"));
            } else {
                String declared = rules.normaliseType(v.declaredContentType());
                if (declared != null && !declared.equals(type)) {
                    reasons.add(new Reason("type_mismatch", "the content is " + type + " but was declared as "
                            + declared));
                }
                String ext = FileNames.extension(v.fileName());
                Optional<String> byExtension = rules.typeOfExtension(ext);
                if (!ext.isEmpty() && (byExtension.isEmpty() || !byExtension.get().equals(type))) {
                    reasons.add(new Reason("extension_mismatch", "the content is " + type + " but the name ends in ."
                            + ext));
                }
            }
        }
        if (!reasons.isEmpty()) {
            return reject(assetId, version, execution, reasons);
        }
        return mutate(assetId, version, execution, false, "version.sniffed", "type=" + type + " size=" + size
                + " sha256=" + sha256, current -> current.sniffed(type, size, sha256, now()));
    }

    /**
     * Header metadata and perceptual hash. Declared dimensions above the pixel limit are refused here — the metadata
     * step reads headers only, so a pixel bomb is never decoded.
     */
    public StepResult described(String assetId, int version, String execution, TechMetadata tech, String phash) {
        Objects.requireNonNull(tech, "tech");
        if (tech.pixels() > rules.limits().maxPixels()) {
            return reject(assetId, version, execution, List.of(new Reason("too_many_pixels", "the image declares "
                    + tech.width() + " x " + tech.height() + " pixels; the limit is " + rules.limits().maxPixels()
                    + " pixels")));
        }
        return mutate(assetId, version, execution, false, "version.described", dimensions(tech),
                current -> current.described(tech, phash, now()));
    }

    /** Quality checks from the stored metadata against the brand/channel profile and the brief's deliverables. */
    public StepResult checkQuality(String assetId, int version, String execution) {
        Asset asset = requireAsset(assetId);
        List<String> formats = deliverableFormats(asset);
        return mutate(assetId, version, execution, false, "version.quality", null, current -> {
            TechMetadata tech = current.tech() == null ? TechMetadata.ofImage(current.detectedType(), 0, 0, 1, null,
                    null) : current.tech();
            long bytes = current.size() == null ? 0 : current.size();
            List<QualityResult> results = new ArrayList<>(rules.quality().evaluate(asset.brand(), asset.channel(),
                    tech, bytes, formats));
            // Notes other steps added (e.g. AI tagging unavailable) run in parallel with this one: keep them.
            current.quality().stream().filter(q -> q.check().startsWith(STEP_NOTE)).forEach(results::add);
            return current.withQuality(results, now());
        });
    }

    /**
     * The AI tagging branch failed after retries: tags are an enrichment, so the version goes on without AI tags and
     * shows a warning saying so.
     */
    public StepResult tagsUnavailable(String assetId, int version, String execution, String error) {
        QualityResult note = new QualityResult(STEP_NOTE + "tags", QualityResult.Status.WARN,
                "AI tagging was unavailable (" + error + "); add keywords by hand or re-run tagging");
        return mutate(assetId, version, execution, false, "version.tags_unavailable", error, current -> {
            List<QualityResult> results = new ArrayList<>(current.quality().stream()
                    .filter(q -> !q.check().equals(note.check())).toList());
            results.add(note);
            return current.withQuality(results, now());
        });
    }

    /**
     * AI tags replace the previous AI and rule tags as a set (a retry never adds a second set); labels that map to
     * the controlled vocabulary add {@code rule} keyword and category tags. User tags are kept.
     */
    public StepResult tagged(String assetId, int version, String execution, List<Tag> aiTags) {
        List<Tag> ai = aiTags.stream().filter(t -> t.source() == Tag.Source.AI).toList();
        Map<String, Tag> ruleTags = new HashMap<>();
        for (Tag t : ai) {
            if (t.confidence() >= RULE_TAG_MIN_CONFIDENCE && !t.kind().equals("text")) {
                String word = t.kind().equals("face") ? "face" : t.value();
                rules.vocabulary().lookup(word).ifPresent(term -> {
                    ruleTags.putIfAbsent("keyword:" + term.term(), new Tag("keyword", term.term(), Tag.Source.RULE, 100));
                    ruleTags.putIfAbsent("category:" + term.category(),
                            new Tag("category", term.category(), Tag.Source.RULE, 100));
                });
            }
        }
        return mutate(assetId, version, execution, false, "version.tagged", ai.size() + " ai, " + ruleTags.size()
                + " rule tags", current -> {
            List<Tag> all = new ArrayList<>(current.tags(Tag.Source.USER));
            all.addAll(current.tags().stream().filter(IngestService::colour).toList()); // the rendition step's
            all.addAll(ai);
            all.addAll(ruleTags.values().stream().sorted(Comparator.comparing(Tag::kind).thenComparing(Tag::value))
                    .toList());
            return current.withTags(all, now());
        });
    }

    /** Renditions replace the recorded set (their keys are deterministic, so a retry overwrites the same objects). */
    public StepResult rendered(String assetId, int version, String execution, List<Rendition> renditions) {
        return rendered(assetId, version, execution, renditions, List.of());
    }

    /**
     * Renditions, and the colours read from them (tags of kind {@code colour}, the library's colour facet), replace
     * the recorded ones; the tagging step, which runs beside this one, keeps colour tags when it replaces its own.
     */
    public StepResult rendered(String assetId, int version, String execution, List<Rendition> renditions,
                               List<Tag> colours) {
        if (colours.stream().anyMatch(t -> !colour(t))) {
            throw new IllegalArgumentException("only colour tags come with renditions: " + colours);
        }
        return mutate(assetId, version, execution, false, "version.rendered",
                renditions.stream().map(r -> r.name() + "=" + r.width() + "x" + r.height()).toList()
                        + (colours.isEmpty() ? "" : " colours " + colours.stream().map(Tag::value).toList()),
                current -> {
                    List<Tag> tags = new ArrayList<>(current.tags().stream().filter(t -> !colour(t)).toList());
                    tags.addAll(colours);
                    return current.withRenditions(renditions, now()).withTags(tags, now());
                });
    }

    private static boolean colour(Tag t) {
        return t.kind().equals("colour");
    }

    /** Flags exact and near duplicates in the library (never merges), then adds this version's fingerprint. */
    public StepResult findDuplicates(String assetId, int version, String execution) {
        AssetVersion v = require(assetId, version);
        if (!owned(v, execution)) {
            return StepResult.of(v, false);
        }
        Fingerprint self = new Fingerprint(assetId, version, v.sha256(), v.phash());
        Map<String, DuplicateMatch> matches = new java.util.LinkedHashMap<>();
        if (v.sha256() != null) {
            for (Fingerprint f : duplicates.withSha256(v.sha256())) {
                if (!same(f, self)) {
                    matches.put(f.assetId() + "/" + f.version(), new DuplicateMatch(DuplicateMatch.EXACT, f.assetId(),
                            f.version(), 0));
                }
            }
        }
        if (v.phash() != null) {
            int max = rules.limits().nearDuplicateDistance();
            for (Fingerprint f : duplicates.nearCandidates(self)) {
                String id = f.assetId() + "/" + f.version();
                if (!same(f, self) && !matches.containsKey(id) && f.phash() != null) {
                    int d = Fingerprint.distance(f.phash(), v.phash());
                    if (d <= max) {
                        matches.put(id, new DuplicateMatch(DuplicateMatch.NEAR, f.assetId(), f.version(), d));
                    }
                }
            }
        }
        List<DuplicateMatch> found = List.copyOf(matches.values());
        StepResult r = mutate(assetId, version, execution, false, "version.duplicates", found.isEmpty() ? "none"
                : found.toString(), current -> current.withDuplicates(found, now()));
        if (r.proceed() && v.sha256() != null) {
            duplicates.add(self);
        }
        return r;
    }

    /** Standard name from the brand's naming template. */
    public StepResult applyNaming(String assetId, int version, String execution) {
        Asset asset = requireAsset(assetId);
        String template = rules.naming().templateFor(asset.brand());
        return mutate(assetId, version, execution, false, "version.named", null, current -> {
            Map<String, String> values = new HashMap<>();
            values.put("brand", asset.brand());
            values.put("campaign", asset.campaign());
            values.put("channel", asset.channel());
            values.put("name", FileNames.extension(current.fileName()).isEmpty() ? current.fileName()
                    : current.fileName().substring(0, current.fileName().lastIndexOf('.')));
            values.put("n", Integer.toString(current.number()));
            if (current.tech() != null && current.tech().hasDimensions()) {
                values.put("w", current.tech().displayWidth().toString());
                values.put("h", current.tech().displayHeight().toString());
            }
            List<String> exts = current.detectedType() == null ? List.of() : rules.types().getOrDefault(
                    current.detectedType(), List.of());
            return current.named(StandardNames.apply(template, values, exts.isEmpty() ? "" : exts.get(0)), now());
        });
    }

    /** Last step: the version is ready; "Asset Version Ingested" is published by the call that made it so. */
    public StepResult complete(String assetId, int version, String execution) {
        AssetVersion before = require(assetId, version);
        if (!owned(before, execution)) {
            return StepResult.of(before, false);
        }
        StepResult r = mutate(assetId, version, execution, false, "version.ready", before.standardName(),
                current -> current.state(VersionState.READY, List.of(), now()));
        publish(AssetEventDetail.INGESTED, assetId, version);
        return r;
    }

    /**
     * Refuses the version with reasons the user sees: state rejected, its original deleted (rejected content is not
     * kept), "Asset Version Rejected" published. A version already rejected stays as it is.
     */
    public StepResult reject(String assetId, int version, String execution, List<Reason> reasons) {
        return finish(assetId, version, execution, VersionState.REJECTED, reasons);
    }

    /**
     * Processing failed after retries (the state machine's Catch): state quarantined with the reason, renditions
     * removed, the original kept for an operator, "Asset Version Rejected" published.
     */
    public StepResult quarantine(String assetId, int version, String execution, String error, String cause) {
        String message = "processing failed (" + error + ")" + (cause == null || cause.isBlank() ? ""
                : ": " + abbreviate(cause, 300));
        return finish(assetId, version, execution, VersionState.QUARANTINED,
                List.of(new Reason("processing_failed", message)));
    }

    private StepResult finish(String assetId, int version, String execution, VersionState state,
                              List<Reason> reasons) {
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a " + state.code() + " version needs at least one reason");
        }
        AssetVersion before = require(assetId, version);
        if (!owned(before, execution)) {
            return StepResult.of(before, false);
        }
        List<String> renditionKeys = before.renditions().stream().map(Rendition::key).toList();
        StepResult r = mutate(assetId, version, execution, false, "version." + state.code(),
                reasons.stream().map(Reason::code).toList().toString(),
                current -> current.state(state, reasons, now()).withRenditions(List.of(), now()));
        if (!renditionKeys.isEmpty()) {
            storage.deleteDerivatives(renditionKeys);
        }
        if (state == VersionState.REJECTED) {
            storage.deleteOriginal(before.originalKey());
        }
        publish(AssetEventDetail.REJECTED, assetId, version);
        return new StepResult(r.assetId(), r.version(), false, r.state(), r.reasons());
    }

    private void publish(String detailType, String assetId, int version) {
        Asset asset = requireAsset(assetId);
        AssetVersion v = require(assetId, version);
        events.publish(new OutboundEvent(AssetEventDetail.SOURCE, detailType, AssetEventDetail.of(asset, v)));
    }

    /**
     * Applies {@code change} to the version if this execution owns it (or, for {@code claim}, if it is still
     * uploading). Stops without change when another execution owns it or it is finished. Retries revision races.
     */
    private StepResult mutate(String assetId, int version, String execution, boolean claim, String action,
                              String detail, Function<AssetVersion, AssetVersion> change) {
        for (int attempt = 1; ; attempt++) {
            Asset asset = requireAsset(assetId);
            AssetVersion current = require(assetId, version);
            boolean mine = execution.equals(current.claimedBy()) && current.state() == VersionState.PROCESSING;
            if (claim ? !(current.state() == VersionState.UPLOADING || mine) : !mine) {
                return StepResult.of(current, false);
            }
            if (claim && mine) {
                return StepResult.of(current, true); // a retried first step of the same execution
            }
            AssetVersion next = change.apply(current);
            Instant at = now();
            AuditEntry audit = AuditChain.next(asset.auditHash(), assetId, asset.revision() + 1, at, ACTOR, action,
                    "v" + version + (detail == null ? "" : " " + detail));
            try {
                repository.save(asset.next(at, audit.hash(), asset.latestVersion()), next, audit, null);
                return StepResult.of(next, !next.state().terminal());
            } catch (ConflictException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private boolean owned(AssetVersion v, String execution) {
        return v.state() == VersionState.PROCESSING && execution.equals(v.claimedBy());
    }

    private static boolean same(Fingerprint a, Fingerprint b) {
        return a.assetId().equals(b.assetId()) && a.version() == b.version();
    }

    private List<String> deliverableFormats(Asset asset) {
        if (asset.briefId() == null || asset.channel() == null) {
            return List.of();
        }
        return briefs.find(asset.briefId()).map(b -> b.deliverables().stream()
                        .filter(d -> d.channel().code().equals(asset.channel()))
                        .map(Deliverable::format).toList())
                .orElse(List.of());
    }

    private Asset requireAsset(String assetId) {
        return repository.find(assetId).orElseThrow(() -> new IllegalStateException("asset " + assetId
                + " does not exist"));
    }

    private AssetVersion require(String assetId, int version) {
        return repository.findVersion(assetId, version).orElseThrow(() -> new IllegalStateException("asset "
                + assetId + " has no version " + version));
    }

    private static String dimensions(TechMetadata t) {
        return t.mediaType() + (t.hasDimensions() ? " " + t.width() + "x" + t.height() + " orientation="
                + t.orientation() : "");
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private Instant now() {
        return clock.instant();
    }
}
