package dam.core.library.share;

import dam.core.ConflictException;
import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.asset.AssetVersion;
import dam.core.asset.Rendition;
import dam.core.asset.VersionState;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.collection.Collection;
import dam.core.collection.CollectionRepository;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;
import dam.core.library.Action;
import dam.core.library.Decision;
import dam.core.library.DownloadRequest;
import dam.core.library.DownloadService;
import dam.core.library.DownloadStorage;
import dam.core.library.LibraryAccess;
import dam.core.library.LibraryStore;
import dam.core.library.Preset;
import dam.core.library.Presets;
import dam.core.library.RightsService;
import dam.core.library.Visibility;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Share links (ARCHITECTURE §5): made by brand managers and admins for an approved asset whose rights are usable, or
 * for a collection; a random 128-bit id signed with an HMAC ({@link ShareTokens}); expiry, download cap, presets and
 * an optional password (PBKDF2). Every use re-checks the link (revoked, expired, cap), the password grant, and the
 * asset itself — still approved, rights still usable — so a link stops working the moment its asset expires or is
 * withdrawn, without anyone revoking it. Downloads are counted with a conditional write (two racing downloads at
 * cap − 1: exactly one succeeds) and every use of an asset, refused or not, is an entry on the asset's audit chain.
 */
public final class ShareService {

    public static final String SOURCE = "dam.library";
    public static final String SHARE_CREATED = "Share Created";
    public static final String SHARE_REVOKED = "Share Revoked";
    public static final Duration MAX_LIFETIME = Duration.ofDays(365);
    public static final int MAX_DOWNLOADS = 100_000;
    /** How long a right password opens the link in that browser. */
    public static final Duration GRANT_TTL = Duration.ofHours(1);
    static final int MAX_COLLECTION_ASSETS = 200;
    private static final int ATTEMPTS = 8;
    private static final System.Logger LOG = System.getLogger(ShareService.class.getName());

    private final AssetRepository assets;
    private final CollectionRepository collections;
    private final ShareStore store;
    private final LibraryAccess access;
    private final RightsService rights;
    private final DownloadService downloads;
    private final DownloadStorage storage;
    private final LibraryStore library;
    private final EventPublisher events;
    private final Clock clock;
    private final ShareTokens tokens;
    private final SharePasswords passwords;
    private final String publicBaseUrl;
    private final ShareRevocations revocations;

    public ShareService(AssetRepository assets, CollectionRepository collections, ShareStore store,
                        LibraryAccess access, RightsService rights, DownloadService downloads, DownloadStorage storage,
                        LibraryStore library, EventPublisher events, Clock clock, ShareTokens tokens,
                        SharePasswords passwords, String publicBaseUrl) {
        this.assets = Objects.requireNonNull(assets);
        this.collections = Objects.requireNonNull(collections);
        this.store = Objects.requireNonNull(store);
        this.access = Objects.requireNonNull(access);
        this.rights = Objects.requireNonNull(rights);
        this.downloads = Objects.requireNonNull(downloads);
        this.storage = Objects.requireNonNull(storage);
        this.library = Objects.requireNonNull(library);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
        this.tokens = Objects.requireNonNull(tokens);
        this.passwords = Objects.requireNonNull(passwords);
        this.publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.replaceAll("/+$", "");
        this.revocations = new ShareRevocations(assets, store, events, clock);
    }

    // ------------------------------------------------------------------ managing links (authenticated)

    /** A link as its managers see it (never the password hash). */
    public record ShareView(String id, String url, String kind, String targetId, String brand, String createdBy,
                            Instant createdAt, Instant expiresAt, int maxDownloads, int downloads,
                            List<String> presets, boolean passwordProtected, String state, Instant revokedAt,
                            String revokedBy) {
    }

    public ShareView createForAsset(Principal actor, String assetId, ShareInput in) {
        Asset a = asset(assetId);
        access.require(actor, Action.SHARE, a);
        rights.requireUsable(assetId);
        Share share = validated(actor, Share.Kind.ASSET, a.id(), a.brand(), in);
        withAsset(assetId, fresh -> {
            AuditEntry audit = audit(fresh, actor.userId(), "share.created", "share=" + share.id() + " expires="
                    + share.expiresAt() + " maxDownloads=" + share.maxDownloads() + " presets=" + share.presets()
                    + " password=" + (share.passwordProtected() ? "yes" : "no"));
            store.create(share, bumped(fresh, audit), audit);
            return ShareStore.Use.DONE;
        });
        created(share);
        return view(share);
    }

    public ShareView createForCollection(Principal actor, String collectionId, ShareInput in) {
        Collection c = collection(actor, collectionId);
        if (!actor.hasAny(Role.ADMIN, Role.BRAND_MANAGER)) {
            throw new ForbiddenException("only admins and brand managers of " + c.brand() + " share collections");
        }
        if (c.kind() != Collection.Kind.COLLECTION) {
            throw new ValidationException(new FieldError("collectionId", Codes.INVALID, "folders are not shared; "
                    + "share one of their collections"));
        }
        Share share = validated(actor, Share.Kind.COLLECTION, c.id(), c.brand(), in);
        store.create(share, null, null);
        created(share);
        return view(share);
    }

    /** The links of an asset, for its brand managers and admins. */
    public List<ShareView> listForAsset(Principal actor, String assetId) {
        Asset a = asset(assetId);
        Decision d = access.decide(actor, Action.VIEW, a);
        d.orThrow(assetId);
        requireManager(actor, a.brand());
        return store.forTarget(Share.Kind.ASSET, assetId).stream().map(this::view).toList();
    }

    public List<ShareView> listForCollection(Principal actor, String collectionId) {
        Collection c = collection(actor, collectionId);
        requireManager(actor, c.brand());
        return store.forTarget(Share.Kind.COLLECTION, c.id()).stream().map(this::view).toList();
    }

    /** Revokes a link (again: nothing changes); its next use gets the "revoked" page. */
    public ShareView revoke(Principal actor, String shareId) {
        Share share = store.find(shareId == null ? "" : shareId).filter(s -> actor.inBrandScope(s.brand()))
                .orElseThrow(() -> new NotFoundException("shareId", "no share link '" + shareId + "'"));
        requireManager(actor, share.brand());
        return view(revoke(share, actor.userId(), "revoked by " + actor.userId()));
    }

    /**
     * Revokes every live link of an asset (expiry at T-0, withdrawal). Links re-check the asset at each use anyway;
     * this also shows them as revoked to their managers. Returns how many were revoked.
     */
    public int revokeAllFor(String assetId, String actor, String reason) {
        return revocations.revokeAllFor(assetId, actor, reason);
    }

    private Share revoke(Share share, String actor, String reason) {
        return revocations.revoke(share, actor, reason);
    }

    private Share validated(Principal actor, Share.Kind kind, String targetId, String brand, ShareInput in) {
        if (in == null) {
            throw new ValidationException(new FieldError("body", Codes.REQUIRED, "send expiresAt, maxDownloads and "
                    + "presets"));
        }
        Instant now = clock.instant();
        List<FieldError> errors = new ArrayList<>();
        Instant expires = null;
        if (in.expiresAt() == null || in.expiresAt().isBlank()) {
            errors.add(new FieldError("expiresAt", Codes.REQUIRED, "expiresAt is required (ISO instant, e.g. "
                    + "2026-07-01T00:00:00Z)"));
        } else {
            try {
                expires = Instant.parse(in.expiresAt().strip());
                if (!expires.isAfter(now)) {
                    errors.add(new FieldError("expiresAt", Codes.IN_PAST, "expiresAt must be in the future"));
                } else if (expires.isAfter(now.plus(MAX_LIFETIME))) {
                    errors.add(new FieldError("expiresAt", Codes.INVALID, "a share link lives at most "
                            + MAX_LIFETIME.toDays() + " days"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("expiresAt", Codes.INVALID, "expiresAt must be an ISO instant like "
                        + "2026-07-01T00:00:00Z"));
            }
        }
        if (in.maxDownloads() == null) {
            errors.add(new FieldError("maxDownloads", Codes.REQUIRED, "maxDownloads is required (1.."
                    + MAX_DOWNLOADS + ")"));
        } else if (in.maxDownloads() < 0) {
            errors.add(new FieldError("maxDownloads", Codes.NEGATIVE, "maxDownloads cannot be negative"));
        } else if (in.maxDownloads() < 1 || in.maxDownloads() > MAX_DOWNLOADS) {
            errors.add(new FieldError("maxDownloads", Codes.INVALID, "maxDownloads must be 1.." + MAX_DOWNLOADS));
        }
        String password = in.password();
        if (password != null && !password.isEmpty() && (password.length() < 8 || password.length() > 128)) {
            errors.add(new FieldError("password", Codes.INVALID, "a share password has 8..128 characters"));
        }
        List<String> presets = presets(brand, in.presets(), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String hash = password == null || password.isEmpty() ? null : passwords.hash(password);
        return new Share(tokens.newId(), kind, targetId, brand, actor.userId(), now, expires, in.maxDownloads(), 0,
                presets, hash, null, null);
    }

    private List<String> presets(String brand, List<String> raw, List<FieldError> errors) {
        if (raw == null || raw.isEmpty()) {
            errors.add(new FieldError("presets", Codes.REQUIRED, "name the presets the link offers ('"
                    + Share.ORIGINAL + "' = the original file)"));
            return List.of();
        }
        List<Preset> known = library.presets(brand).orElse(Presets.DEFAULTS);
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String name = raw.get(i) == null ? "" : raw.get(i).strip();
            if (!name.equals(Share.ORIGINAL) && Presets.find(known, name).isEmpty()) {
                errors.add(new FieldError("presets[" + i + "]", Codes.UNKNOWN_VALUE, "unknown preset '"
                        + (name.length() > 40 ? name.substring(0, 40) + "…" : name) + "'; presets of " + brand
                        + ": " + known.stream().map(Preset::name).toList() + " or " + Share.ORIGINAL));
            } else if (!out.add(name)) {
                errors.add(new FieldError("presets[" + i + "]", Codes.DUPLICATE, name + " is listed twice"));
            }
        }
        return List.copyOf(out);
    }

    private void created(Share share) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("version", 1);
        d.put("shareId", share.id());
        d.put("kind", share.kind().code());
        d.put("targetId", share.targetId());
        d.put("brand", share.brand());
        d.put("createdBy", share.createdBy());
        d.put("expiresAt", share.expiresAt().toString());
        d.put("maxDownloads", share.maxDownloads());
        d.put("presets", share.presets());
        d.put("passwordProtected", share.passwordProtected());
        d.put("at", share.createdAt().toString());
        events.publish(new OutboundEvent(SOURCE, SHARE_CREATED, d));
    }

    private ShareView view(Share s) {
        return new ShareView(s.id(), url(s.id()), s.kind().code(), s.targetId(), s.brand(), s.createdBy(),
                s.createdAt(), s.expiresAt(), s.maxDownloads(), s.downloads(), s.presets(), s.passwordProtected(),
                state(s), s.revokedAt(), s.revokedBy());
    }

    private String state(Share s) {
        return s.revoked() ? "revoked" : !clock.instant().isBefore(s.expiresAt()) ? "expired"
                : s.downloads() >= s.maxDownloads() ? "exhausted" : "active";
    }

    /** The public URL of a link (only the service can make one: it holds the signing key). */
    public String url(String shareId) {
        return publicBaseUrl + "/s/" + tokens.token(shareId);
    }

    // ------------------------------------------------------------------ using links (public)

    /** One asset on a share page. {@code unavailable} = the reason it cannot be downloaded now (null = it can). */
    public record PageAsset(String assetId, String name, URI preview, String unavailable) {
    }

    /**
     * What a share request gets: a refusal ({@code status} ≥ 400, {@code title}, {@code reason}), the password form
     * ({@code passwordRequired}, {@code csrf}, {@code reason} after a wrong one), the page, or a download
     * {@code redirect}; {@code grant} = the cookie value to set after the right password.
     */
    public record Answer(int status, String title, String reason, boolean passwordRequired, String csrf,
                         Share.Kind kind, Instant expiresAt, int downloadsLeft, List<String> presets,
                         List<PageAsset> assets, URI redirect, String grant) {

        static Answer refused(int status, String title, String reason) {
            return new Answer(status, title, reason, false, null, null, null, 0, List.of(), List.of(), null, null);
        }

        public boolean refused() {
            return status >= 400;
        }
    }

    /** {@code GET /s/{token}}: the page (preview + presets), the password form, or why the link does not work. */
    public Answer open(String token, String grant) {
        Optional<Share> found = share(token);
        if (found.isEmpty()) {
            return invalid();
        }
        Share s = found.get();
        Answer stop = stateRefusal(s, null);
        if (stop != null) {
            return stop;
        }
        if (s.passwordProtected() && !tokens.grantValid(s.id(), grant, clock.instant())) {
            return passwordForm(s, null, 200);
        }
        List<PageAsset> page = new ArrayList<>();
        if (s.kind() == Share.Kind.ASSET) {
            Asset a = assets.find(s.targetId()).orElse(null);
            String why = a == null ? "the asset was deleted" : unavailable(a);
            if (why != null) {
                return refuseUse(s, a, 410, "This asset is no longer available", why);
            }
            record(s, a, false, "share.viewed", "share=" + s.id());
            page.add(new PageAsset(a.id(), a.displayName(), preview(a), null));
        } else {
            LOG.log(System.Logger.Level.INFO, "share {0} (collection {1}) viewed", s.id(), s.targetId());
            for (CollectionRepository.Item item : collections.items(s.targetId())) {
                if (page.size() >= MAX_COLLECTION_ASSETS) {
                    break;
                }
                assets.find(item.assetId()).ifPresent(a -> {
                    String why = unavailable(a);
                    page.add(new PageAsset(a.id(), a.displayName(), why == null ? preview(a) : null, why));
                });
            }
        }
        return new Answer(200, "Shared with you", null, false, null, s.kind(), s.expiresAt(),
                s.maxDownloads() - s.downloads(), s.presets(), page, null, null);
    }

    /** {@code POST /s/{token}} (the password form): a grant for the right password; the form again otherwise. */
    public Answer unlock(String token, String csrf, String password) {
        Optional<Share> found = share(token);
        if (found.isEmpty()) {
            return invalid();
        }
        Share s = found.get();
        Answer stop = stateRefusal(s, null);
        if (stop != null) {
            return stop;
        }
        Asset a = s.kind() == Share.Kind.ASSET ? assets.find(s.targetId()).orElse(null) : null;
        if (!tokens.csrfMatches(s.id(), csrf)) {
            record(s, a, false, "share.refused", "share=" + s.id() + " reason=bad-form");
            return Answer.refused(403, "This form is not valid", "The form did not come from this link's page. "
                    + "Open the link again and enter the password there.");
        }
        if (!s.passwordProtected()) {
            return new Answer(303, "Open", null, false, null, s.kind(), s.expiresAt(), 0, List.of(), List.of(),
                    null, null);
        }
        if (!passwords.matches(password, s.passwordHash())) {
            record(s, a, false, "share.refused", "share=" + s.id() + " reason=wrong-password");
            return passwordForm(s, "Wrong password. Try again.", 401);
        }
        record(s, a, false, "share.unlocked", "share=" + s.id());
        return new Answer(303, "Unlocked", null, false, null, s.kind(), s.expiresAt(), 0, List.of(), List.of(),
                null, tokens.grant(s.id(), clock.instant().plus(GRANT_TTL)));
    }

    /**
     * {@code GET /s/{token}/download?preset=&format=&asset=}: every check again, the file made or found, then the
     * download counted (cap enforced atomically) and audited, then the redirect to a short-lived presigned GET.
     */
    public Answer download(String token, String grant, String assetId, String preset, String format) {
        Optional<Share> found = share(token);
        if (found.isEmpty()) {
            return invalid();
        }
        Share s = found.get();
        Asset a;
        if (s.kind() == Share.Kind.ASSET) {
            a = assets.find(s.targetId()).orElse(null);
        } else {
            boolean member = assetId != null && collections.items(s.targetId()).stream()
                    .anyMatch(i -> i.assetId().equals(assetId));
            a = member ? assets.find(assetId).orElse(null) : null;
            if (a == null) {
                return Answer.refused(404, "Not in this collection", "This link does not share that asset.");
            }
        }
        Answer stop = stateRefusal(s, a);
        if (stop != null) {
            return stop;
        }
        if (s.passwordProtected() && !tokens.grantValid(s.id(), grant, clock.instant())) {
            record(s, a, false, "share.refused", "share=" + s.id() + " reason=password-needed");
            return passwordForm(s, "Enter the password first.", 401);
        }
        if (a == null) {
            return Answer.refused(410, "This asset is no longer available", "The asset was deleted.");
        }
        String why = unavailable(a);
        if (why != null) {
            return refuseUse(s, a, 410, "This asset is no longer available", why);
        }
        String wanted = preset == null || preset.isBlank() ? null : preset.strip();
        if (wanted == null || !s.presets().contains(wanted)) {
            return Answer.refused(400, "Choose a format this link offers", "This link offers " + s.presets()
                    + (wanted == null ? "." : "; '" + (wanted.length() > 40 ? wanted.substring(0, 40) + "…" : wanted)
                    + "' is not one of them."));
        }
        DownloadService.Redirect r;
        try {
            if (wanted.equals(Share.ORIGINAL)) {
                r = downloads.deliver(a, new DownloadRequest(null, null, null, null, null), Set.of());
            } else {
                Set<String> named = new LinkedHashSet<>(s.presets());
                named.remove(Share.ORIGINAL);
                r = downloads.deliver(a, new DownloadRequest(format, wanted, null, null, null), named);
            }
        } catch (ValidationException e) {
            return Answer.refused(400, "This download is not possible", e.errors().get(0).message());
        } catch (ConflictException e) {
            return Answer.refused(409, "Not ready yet", e.getMessage());
        }
        String detail = "share=" + s.id() + " preset=" + wanted + " v" + r.version() + " key=" + r.key();
        ShareStore.Use use = withAsset(a.id(), fresh -> {
            AuditEntry audit = audit(fresh, actor(s), "share.download", detail);
            return store.use(s.id(), true, bumped(fresh, audit), audit);
        });
        if (use == ShareStore.Use.CAP_REACHED) {
            return refuseUse(s, a, 410, "Download limit reached", "This link has reached its limit of "
                    + s.maxDownloads() + " download(s).");
        }
        if (use == ShareStore.Use.REVOKED) {
            return refuseUse(s, a, 410, "This link was revoked", "Its owner revoked this link.");
        }
        return new Answer(302, "Download", null, false, null, s.kind(), s.expiresAt(), 0, s.presets(), List.of(),
                r.url(), null);
    }

    private Optional<Share> share(String token) {
        Optional<String> id = tokens.verify(token);
        if (id.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "share link refused: forged, tampered or malformed token");
            return Optional.empty();
        }
        Optional<Share> s = store.find(id.get());
        if (s.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "share link refused: no share {0}", id.get());
        }
        return s;
    }

    private static Answer invalid() {
        return Answer.refused(404, "This link is not valid", "Check that you copied the whole link. A link that was "
                + "changed in any way does not open.");
    }

    /** Revoked, expired or used up — checked before anything else; audited when the share names its asset. */
    private Answer stateRefusal(Share s, Asset a) {
        Asset subject = a != null ? a : s.kind() == Share.Kind.ASSET ? assets.find(s.targetId()).orElse(null) : null;
        if (s.revoked()) {
            return refuseUse(s, subject, 410, "This link was revoked", "Its owner revoked this link on "
                    + s.revokedAt().toString().substring(0, 10) + ".");
        }
        if (!clock.instant().isBefore(s.expiresAt())) {
            return refuseUse(s, subject, 410, "This link has expired", "It expired on " + s.expiresAt() + ".");
        }
        if (s.downloads() >= s.maxDownloads()) {
            return refuseUse(s, subject, 410, "Download limit reached", "This link has reached its limit of "
                    + s.maxDownloads() + " download(s).");
        }
        return null;
    }

    private Answer refuseUse(Share s, Asset a, int status, String title, String reason) {
        record(s, a, false, "share.refused", "share=" + s.id() + " reason=" + title);
        return Answer.refused(status, title, reason);
    }

    private Answer passwordForm(Share s, String error, int status) {
        return new Answer(status, "This link is protected", error, true, tokens.csrf(s.id()), s.kind(),
                s.expiresAt(), s.maxDownloads() - s.downloads(), s.presets(), List.of(), null, null);
    }

    /** Why the asset cannot be used through a link now (no longer approved, rights expired…); null = it can. */
    private String unavailable(Asset a) {
        Visibility v = access.visibility(shareReader(), a);
        if (v != Visibility.APPROVED) {
            return "The asset is " + v.code() + " and no longer shared.";
        }
        try {
            rights.requireUsable(a.id());
            return null;
        } catch (ForbiddenException e) {
            return "The asset's " + e.getMessage();
        }
    }

    private URI preview(Asset a) {
        List<AssetVersion> versions = assets.versions(a.id());
        for (int i = versions.size() - 1; i >= 0; i--) {
            AssetVersion v = versions.get(i);
            if (v.state() == VersionState.READY) {
                return v.renditions().stream().filter(r -> r.name().equals("preview") || r.name().equals("web"))
                        .min(Comparator.comparingInt(Rendition::width))
                        .map(r -> storage.presignDerivative(r.key(), a.displayName(), DownloadService.LINK_TTL))
                        .orElse(null);
            }
        }
        return null;
    }

    /** One use on the asset's chain (retried when the asset moved meanwhile); collection page views are logged. */
    private void record(Share s, Asset a, boolean download, String action, String detail) {
        if (a == null) {
            LOG.log(System.Logger.Level.INFO, "{0} {1}", action, detail);
            return;
        }
        withAsset(a.id(), fresh -> {
            AuditEntry audit = audit(fresh, actor(s), action, detail);
            return store.use(s.id(), download, bumped(fresh, audit), audit);
        });
    }

    /** Runs {@code write} on the asset as stored now, again while it reports the asset moved. */
    private ShareStore.Use withAsset(String assetId, Function<Asset, ShareStore.Use> write) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            ShareStore.Use r;
            try {
                r = write.apply(asset(assetId));
            } catch (ConflictException e) {
                r = ShareStore.Use.ASSET_MOVED;
            }
            if (r != ShareStore.Use.ASSET_MOVED) {
                return r;
            }
        }
        throw new ConflictException("assetId", Codes.CONFLICT, "asset " + assetId + " kept changing; try again");
    }

    private static String actor(Share s) {
        return "share:" + s.id();
    }

    /** The share link itself as a caller: no roles, so it can only ask where an asset stands. */
    private static Principal shareReader() {
        return new Principal("share-link", null, Set.of(), Set.of());
    }

    private AuditEntry audit(Asset a, String actor, String action, String detail) {
        return AuditChain.next(a.auditHash(), a.id(), a.revision() + 1, clock.instant(), actor, action, detail);
    }

    /** The asset with its revision and chain head moved on (its content and updatedAt unchanged). */
    private static Asset bumped(Asset a, AuditEntry audit) {
        return new Asset(a.id(), a.brand(), a.briefId(), a.campaign(), a.channel(), a.displayName(), a.description(),
                a.keywords(), a.categories(), a.createdBy(), a.createdAt(), a.updatedAt(), a.revision() + 1,
                a.latestVersion(), audit.hash(), a.details());
    }

    private void requireManager(Principal actor, String brand) {
        if (!actor.hasAny(Role.ADMIN, Role.BRAND_MANAGER) || !actor.inBrandScope(brand)) {
            throw new ForbiddenException("only admins and brand managers of " + brand + " manage share links");
        }
    }

    private Collection collection(Principal actor, String id) {
        return collections.find(id).filter(c -> actor.inBrandScope(c.brand()) && !actor.roles().isEmpty())
                .orElseThrow(() -> new NotFoundException("collectionId", "collection " + id + " does not exist"));
    }

    private Asset asset(String assetId) {
        return assets.find(assetId).orElseThrow(() -> new NotFoundException("assetId", "no asset '" + assetId
                + "'"));
    }
}
