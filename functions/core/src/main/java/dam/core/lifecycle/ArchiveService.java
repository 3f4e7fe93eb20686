package dam.core.lifecycle;

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
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;
import dam.core.library.Action;
import dam.core.library.LibraryAccess;
import dam.core.lifecycle.AssetLifecycle.LegalHold;
import dam.core.lifecycle.AssetLifecycle.Stage;
import dam.core.notify.NotificationLedger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Archiving, restoring, legal holds and deletion of assets (issue 9), manual (API) or by a brand's
 * {@link RetentionPolicy} ({@link RetentionRunner}). Every change is one revision-guarded write of the asset with its
 * audit entry, so a hold placed while a deletion is being decided makes the deletion fail instead of passing it.
 * <ul>
 *   <li><b>archive</b>: stage {@code archived} + originals tagged for the archive storage class; hidden from everyone
 *   but admins; event {@value #ARCHIVED}.</li>
 *   <li><b>restore</b>: originals back to standard (on AWS a Glacier restore is asynchronous: stage
 *   {@code restoring} until every original is readable, still hidden); then the stage is cleared and the asset is
 *   what it was before (its library state is derived from review and versions); event {@value #RESTORED}.</li>
 *   <li><b>delete</b>: refused (409) under legal hold. A tombstone replaces the asset atomically (GET → 404, the
 *   stream removes it from search), then every object version, rendition, derivative and compare image, and every
 *   item (versions, audit, annotations, rights, placements, share links, memberships, fingerprints) goes. Repeating it
 *   finishes an interrupted cleanup and answers the same tombstone; {@value #DELETED} is sent once.</li>
 * </ul>
 */
public final class ArchiveService {

    public static final String SOURCE = "dam.lifecycle";
    public static final String ARCHIVED = "Asset Archived";
    public static final String RESTORED = "Asset Restored";
    public static final String DELETED = "Asset Deleted";
    /** Actor of the retention runner's changes. */
    public static final String RETENTION_ACTOR = "system:retention";
    static final int MAX_REASON = 500;
    private static final Duration LEDGER_KEEP = Duration.ofDays(400);

    private final AssetRepository assets;
    private final LifecycleStore store;
    private final ArchiveStorage storage;
    private final LibraryAccess access;
    private final LivePlacements placements;
    private final EventPublisher events;
    private final NotificationLedger ledger;
    private final Clock clock;

    public ArchiveService(AssetRepository assets, LifecycleStore store, ArchiveStorage storage, LibraryAccess access,
                          LivePlacements placements, EventPublisher events, NotificationLedger ledger, Clock clock) {
        this.assets = Objects.requireNonNull(assets);
        this.store = Objects.requireNonNull(store);
        this.storage = Objects.requireNonNull(storage);
        this.access = Objects.requireNonNull(access);
        this.placements = Objects.requireNonNull(placements);
        this.events = Objects.requireNonNull(events);
        this.ledger = Objects.requireNonNull(ledger);
        this.clock = Objects.requireNonNull(clock);
    }

    /** How many placements keep the asset live (the placement store's count): a live asset is never archived. */
    @FunctionalInterface
    public interface LivePlacements {
        int count(String assetId);
    }

    /** The lifecycle as the API shows it. */
    public record View(String assetId, String stage, Instant changedAt, String changedBy, String reason,
                       LegalHold legalHold, int pendingRestores) {
        static View of(AssetLifecycle l, int pending) {
            return new View(l.assetId(), l.stage().code(), l.changedAt(), l.changedBy(), l.reason(), l.hold(),
                    pending);
        }
    }

    /** What a deletion did: the tombstone and what this call removed (0 on a repeat). */
    public record Deleted(Tombstone tombstone, int objectsRemoved, int itemsRemoved, boolean repeated) {
    }

    // ---- API (caller checked) -------------------------------------------------------------------------------------

    public View state(Principal p, String assetId) {
        Asset a = asset(assetId);
        access.requireRead(p, a);
        return View.of(lifecycle(assetId), 0);
    }

    /** Admins and brand managers (LibraryPolicy's delete column); already archived → unchanged. */
    public View archive(Principal p, String assetId, String reason) {
        Asset a = asset(assetId);
        access.require(p, Action.DELETE, a);
        return View.of(archive(a, p.userId(), reason(reason, "archived by hand"), null), 0);
    }

    /** Only admins see archived assets, so only they restore; an active asset is unchanged. */
    public View restore(Principal p, String assetId) {
        Asset a = asset(assetId);
        access.require(p, Action.DELETE, a);
        return restore(a, p.userId());
    }

    /** Legal and admins of the asset's brand. */
    public View hold(Principal p, String assetId, String reason) {
        Asset a = asset(assetId);
        requireHoldRole(p, a.brand());
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > MAX_REASON) {
            throw new ValidationException(new FieldError("reason", why.isEmpty() ? Codes.REQUIRED : Codes.TOO_LONG,
                    "a legal hold needs a reason (matter or case reference) of at most " + MAX_REASON
                            + " characters"));
        }
        AssetLifecycle now = lifecycle(assetId);
        if (now.held()) {
            return View.of(now, 0);
        }
        Instant at = clock.instant();
        AssetLifecycle held = now.withHold(new LegalHold(oneLine(why), p.userId(), at));
        write(a, held, p.userId(), "asset.legal-hold.placed", "legal hold: " + oneLine(why));
        return View.of(held, 0);
    }

    public View release(Principal p, String assetId) {
        Asset a = asset(assetId);
        requireHoldRole(p, a.brand());
        AssetLifecycle now = lifecycle(assetId);
        if (!now.held()) {
            return View.of(now, 0);
        }
        AssetLifecycle released = now.withHold(null);
        write(a, released, p.userId(), "asset.legal-hold.released", "legal hold released (was: "
                + now.hold().reason() + ")");
        return View.of(released, 0);
    }

    /** Admins and brand managers per LibraryPolicy; 409 under legal hold; repeated → the same tombstone. */
    public Deleted delete(Principal p, String assetId, String reason) {
        Optional<Asset> found = assets.find(assetId);
        if (found.isEmpty()) {
            Tombstone t = store.tombstone(assetId).orElseThrow(() -> new NotFoundException("assetId",
                    "asset not found"));
            requireTombstoneReader(p, t, true);
            // Versions still stored mean an earlier cleanup was cut short: their fingerprints go too.
            return finish(t, assets.versions(assetId), true);
        }
        access.require(p, Action.DELETE, found.get());
        return delete(found.get(), p.userId(), reason(reason, "deleted by hand"), null);
    }

    /** Admins, brand managers and legal of the brand. */
    public Tombstone tombstone(Principal p, String assetId) {
        Tombstone t = store.tombstone(assetId).orElseThrow(() -> new NotFoundException("assetId",
                "no tombstone: the asset was not deleted"));
        requireTombstoneReader(p, t, false);
        return t;
    }

    public Optional<RetentionPolicy> policy(Principal p, String brand) {
        if (!p.hasAny(Role.ADMIN, Role.BRAND_MANAGER, Role.LEGAL) || !p.inBrandScope(brand)) {
            throw new ForbiddenException("only admins, brand managers and legal of " + brand
                    + " read its retention policy");
        }
        return store.policy(brand);
    }

    public RetentionPolicy savePolicy(Principal p, String brand, RetentionPolicy policy) {
        if (!p.hasAny(Role.ADMIN, Role.BRAND_MANAGER) || !p.inBrandScope(brand)) {
            throw new ForbiddenException("only admins and brand managers of " + brand + " set its retention policy");
        }
        if (brand == null || !brand.matches("[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}")) {
            throw new ValidationException(new FieldError("brand", Codes.INVALID, "not a brand name"));
        }
        store.savePolicy(brand, Objects.requireNonNull(policy, "policy"), p.userId(), clock.instant());
        return policy;
    }

    // ---- the retention runner and event feed (no caller: the system acts) -----------------------------------------

    /** Records a use of the asset (approved, published, expired): its retention clock moves to {@code at}. */
    public void used(String assetId, Instant at) {
        assets.find(assetId).ifPresent(a -> store.used(a.id(), a.brand(), at));
    }

    /** The facts a policy decides on, read now. */
    RetentionPolicy.Facts facts(Asset a) {
        AssetLifecycle l = lifecycle(a.id());
        List<AssetVersion> versions = assets.versions(a.id());
        // A placement ends when its asset expires (the expiry job asks every placement to take it down).
        boolean expired = versions.stream().noneMatch(v -> v.state() == VersionState.READY)
                && versions.stream().anyMatch(v -> v.state() == VersionState.EXPIRED);
        int live = expired ? 0 : placements.count(a.id());
        return new RetentionPolicy.Facts(l.archived(), l.held(), live, store.lastUsed(a.id()).orElse(null));
    }

    /** Applies the policy to one asset; what it did. */
    public RetentionPolicy.Decision apply(String assetId, RetentionPolicy policy) {
        Optional<Asset> a = assets.find(assetId);
        if (a.isEmpty()) {
            return new RetentionPolicy.Decision(RetentionPolicy.Action.KEEP, "gone");
        }
        RetentionPolicy.Decision d = policy.decide(facts(a.get()), clock.instant());
        switch (d.action()) {
            case ARCHIVE -> archive(a.get(), RETENTION_ACTOR, d.reason(), policy.name());
            case DELETE -> delete(a.get(), RETENTION_ACTOR, d.reason(), policy.name());
            case KEEP -> {
                if (lifecycle(assetId).stage() == Stage.RESTORING) {
                    restore(a.get(), RETENTION_ACTOR); // finishes a restore whose copies are ready
                }
            }
        }
        return d;
    }

    // ---- the changes ----------------------------------------------------------------------------------------------

    private AssetLifecycle archive(Asset a, String actor, String reason, String policy) {
        AssetLifecycle now = lifecycle(a.id());
        if (now.held()) {
            throw held(now, "archived");
        }
        if (now.archived()) {
            return now;
        }
        List<String> keys = originals(a.id());
        storage.archive(keys);
        Instant at = clock.instant();
        AssetLifecycle archived = now.withStage(Stage.ARCHIVED, at, actor, reason);
        write(a, archived, actor, "asset.archived", reason + (policy == null ? "" : " [policy " + policy + "]")
                + "; " + keys.size() + " original(s) tagged " + ArchiveStorage.TAG_KEY + "="
                + ArchiveStorage.TAG_VALUE);
        Map<String, Object> d = detail(a);
        d.put("archivedAt", at.toString());
        d.put("by", actor);
        d.put("reason", reason);
        if (policy != null) {
            d.put("policy", policy);
        }
        d.put("originals", keys.size());
        events.publish(new OutboundEvent(SOURCE, ARCHIVED, d));
        return archived;
    }

    private View restore(Asset a, String actor) {
        AssetLifecycle now = lifecycle(a.id());
        if (!now.archived()) {
            return View.of(now, 0);
        }
        int pending = storage.restore(originals(a.id()));
        Instant at = clock.instant();
        if (pending > 0) {
            if (now.stage() == Stage.RESTORING) {
                return View.of(now, pending);
            }
            AssetLifecycle restoring = now.withStage(Stage.RESTORING, at, actor, "restore requested");
            write(a, restoring, actor, "asset.restore.started", pending + " original(s) restoring from the "
                    + "archive storage class");
            return View.of(restoring, pending);
        }
        AssetLifecycle active = now.withStage(Stage.ACTIVE, at, actor, null);
        write(a, active, actor, "asset.restored", "archived " + now.changedAt() + " (" + now.reason() + ")");
        Map<String, Object> d = detail(a);
        d.put("restoredAt", at.toString());
        d.put("by", actor);
        d.put("archivedAt", String.valueOf(now.changedAt()));
        events.publish(new OutboundEvent(SOURCE, RESTORED, d));
        return View.of(active, 0);
    }

    private Deleted delete(Asset a, String actor, String reason, String policy) {
        AssetLifecycle now = lifecycle(a.id());
        if (now.held()) {
            throw held(now, "deleted");
        }
        List<AssetVersion> versions = assets.versions(a.id());
        List<AuditEntry> chain = assets.audit(a.id());
        boolean intact = AuditChain.firstBroken(chain) == -1;
        Map<Integer, String> hashes = new TreeMap<>();
        versions.stream().filter(v -> v.sha256() != null).forEach(v -> hashes.put(v.number(), v.sha256()));
        Instant at = clock.instant();
        String head = a.auditHash() == null ? AuditChain.GENESIS : a.auditHash();
        String detail = reason + (policy == null ? "" : " [policy " + policy + "]") + "; " + versions.size()
                + " version(s), content " + String.join(", ", Tombstone.hashList(hashes))
                + "; audit chain of " + chain.size() + " entries " + (intact ? "verified" : "BROKEN") + " and sealed";
        AuditEntry entry = AuditChain.next(head, a.id(), a.revision() + 1, at, actor, "asset.deleted", detail);
        Tombstone t = new Tombstone(a.id(), a.brand(), actor, at, reason, policy, hashes, chain.size(), head, intact,
                entry);
        boolean buried = store.bury(a, t);
        if (!buried) {
            t = store.tombstone(a.id()).orElseThrow(() -> new IllegalStateException("tombstone of " + a.id()
                    + " vanished"));
        }
        return finish(t, versions, !buried);
    }

    /** The cleanup after the tombstone; safe to repeat. */
    private Deleted finish(Tombstone t, List<AssetVersion> versions, boolean repeated) {
        int objects = storage.purge(t.assetId());
        int items = store.sweep(t.assetId(), versions);
        if (ledger.claim("LIFECYCLE#DELETED#" + t.assetId(), clock.instant().plus(LEDGER_KEEP))) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("version", 1);
            d.put("assetId", t.assetId());
            d.put("brand", t.brand());
            d.put("deletedAt", t.deletedAt().toString());
            d.put("by", t.deletedBy());
            d.put("reason", t.reason());
            if (t.policy() != null) {
                d.put("policy", t.policy());
            }
            d.put("contentHashes", t.hashList());
            d.put("auditHash", t.entry().hash());
            try {
                events.publish(new OutboundEvent(SOURCE, DELETED, d));
            } catch (RuntimeException e) {
                ledger.release("LIFECYCLE#DELETED#" + t.assetId()); // a repeat sends it
                throw e;
            }
        }
        return new Deleted(t, objects, items, repeated);
    }

    private void write(Asset a, AssetLifecycle state, String actor, String action, String detail) {
        Instant at = clock.instant();
        AuditEntry audit = AuditChain.next(a.auditHash(), a.id(), a.revision() + 1, at, actor, action,
                oneLine(detail));
        Asset bumped = new Asset(a.id(), a.brand(), a.briefId(), a.campaign(), a.channel(), a.displayName(),
                a.description(), a.keywords(), a.categories(), a.createdBy(), a.createdAt(), at, a.revision() + 1,
                a.latestVersion(), audit.hash(), a.details());
        store.save(bumped, state, audit);
    }

    private AssetLifecycle lifecycle(String assetId) {
        return store.find(assetId).orElse(AssetLifecycle.active(assetId));
    }

    private Asset asset(String assetId) {
        return assets.find(assetId).orElseThrow(() -> new NotFoundException("assetId", "asset not found"));
    }

    private List<String> originals(String assetId) {
        return assets.versions(assetId).stream().map(AssetVersion::originalKey).filter(Objects::nonNull).toList();
    }

    private static ConflictException held(AssetLifecycle l, String what) {
        LegalHold h = l.hold();
        return new ConflictException("legalHold", Codes.CONFLICT, "the asset is under legal hold since " + h.at()
                + " by " + h.by() + " (" + h.reason() + "): it cannot be " + what + " until the hold is released");
    }

    private static void requireHoldRole(Principal p, String brand) {
        if (!p.inBrandScope(brand) || p.roles().isEmpty()) {
            throw new NotFoundException("assetId", "asset not found");
        }
        if (!p.hasAny(Role.ADMIN, Role.LEGAL)) {
            throw new ForbiddenException("only legal and admins of " + brand + " place or release legal holds");
        }
    }

    private static void requireTombstoneReader(Principal p, Tombstone t, boolean deleting) {
        if (!p.inBrandScope(t.brand())) {
            throw new NotFoundException("assetId", "asset not found");
        }
        boolean ok = deleting ? p.hasAny(Role.ADMIN, Role.BRAND_MANAGER)
                : p.hasAny(Role.ADMIN, Role.BRAND_MANAGER, Role.LEGAL);
        if (!ok) {
            throw new NotFoundException("assetId", "asset not found"); // deleted: nothing to show others
        }
    }

    private static Map<String, Object> detail(Asset a) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("version", 1);
        d.put("assetId", a.id());
        d.put("brand", a.brand());
        return d;
    }

    private static String reason(String given, String otherwise) {
        String r = given == null ? "" : oneLine(given.strip());
        if (r.length() > MAX_REASON) {
            throw new ValidationException(new FieldError("reason", Codes.TOO_LONG, "at most " + MAX_REASON
                    + " characters"));
        }
        return r.isEmpty() ? otherwise : r;
    }

    private static String oneLine(String s) {
        return s.codePoints().map(ch -> Character.isISOControl(ch) ? ' ' : ch)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
