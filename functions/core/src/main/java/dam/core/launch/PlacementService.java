package dam.core.launch;

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
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;
import dam.core.library.LibraryAccess;
import dam.core.library.RightsService;
import dam.core.review.Outcome;
import dam.core.review.ReviewRepository;
import dam.core.review.Round;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Launch (issue 9): puts the approved version of an asset on a channel target ({@code POST /assets/{id}/placements})
 * or records a placement an integration made elsewhere ({@code Command Register Placement}). Either way the version
 * must be approved (the latest version an approved review round covered, still ready) and the asset's rights usable;
 * the placement is stored once (same channel + target = same placement) and announced as {@value #ASSET_PUBLISHED}.
 */
public final class PlacementService {

    public static final String SOURCE = "dam.launch";
    public static final String ASSET_PUBLISHED = "Asset Published";
    static final int MAX_URL = 2_000;

    private final AssetRepository assets;
    private final ReviewRepository reviews;
    private final RightsService rights;
    private final LibraryAccess access;
    private final PlacementStore store;
    private final EventPublisher events;
    private final Clock clock;

    public PlacementService(AssetRepository assets, ReviewRepository reviews, RightsService rights,
                            LibraryAccess access, PlacementStore store, EventPublisher events, Clock clock) {
        this.assets = Objects.requireNonNull(assets);
        this.reviews = Objects.requireNonNull(reviews);
        this.rights = Objects.requireNonNull(rights);
        this.access = Objects.requireNonNull(access);
        this.store = Objects.requireNonNull(store);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The placement and whether this call created it (false: the same target was placed before; nothing sent). */
    public record Placed(Placement placement, boolean created) {
    }

    /** Publishing through the product: admins and the brand's managers. */
    public Placed place(Principal actor, String assetId, PlacementInput in) {
        Asset a = asset(assetId);
        access.requireRead(actor, a);
        if (!actor.hasAny(Role.ADMIN, Role.BRAND_MANAGER)) {
            throw new ForbiddenException("only admins and brand managers of " + a.brand() + " publish its assets");
        }
        return add(a, in, "api", actor.userId());
    }

    /** A placement made elsewhere, registered by an integration ({@code registeredBy} = who made it there). */
    public Placed register(String assetId, PlacementInput in, String source, String registeredBy) {
        return add(asset(assetId), in, source, registeredBy);
    }

    public List<Placement> list(Principal actor, String assetId) {
        access.requireRead(actor, asset(assetId));
        return store.placements(assetId);
    }

    /** Registers (or replaces) a webhook channel target: admins only; the secret is never returned. */
    public WebhookTarget saveWebhookTarget(Principal actor, String id, String url, String secret) {
        return saveWebhookTarget(actor, id, url, secret, null);
    }

    /** As above with the call timeout (1..{@value WebhookTarget#MAX_TIMEOUT_SECONDS} s; null = the default). */
    public WebhookTarget saveWebhookTarget(Principal actor, String id, String url, String secret,
                                           Integer timeoutSeconds) {
        if (!actor.hasAny(Role.ADMIN)) {
            throw new ForbiddenException("only admins register webhook targets");
        }
        List<FieldError> errors = new ArrayList<>();
        if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            errors.add(new FieldError("id", Codes.INVALID, "a target id is 1-63 of a-z, 0-9 and '-'"));
        }
        String u = url(url, "url", errors);
        if (u == null && url == null) {
            errors.add(new FieldError("url", Codes.REQUIRED, "url is required"));
        }
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32 || secret.length() > 256) {
            errors.add(new FieldError("secret", Codes.INVALID, "a webhook secret has 32-256 characters"));
        }
        int timeout = timeoutSeconds == null ? WebhookTarget.DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
        if (timeout < 1 || timeout > WebhookTarget.MAX_TIMEOUT_SECONDS) {
            errors.add(new FieldError("timeoutSeconds", Codes.INVALID, "timeoutSeconds must be 1.."
                    + WebhookTarget.MAX_TIMEOUT_SECONDS));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        WebhookTarget t = new WebhookTarget(id, u, secret, timeout);
        store.saveWebhookTarget(t);
        return t;
    }

    /** The brand's re-approval policy (defaults: {@value ReapprovalPolicy#DEFAULT_AGE_DAYS} days, review). */
    public ReapprovalPolicy reapprovalPolicy(String brand) {
        return store.reapprovalPolicy(brand).orElseGet(() -> ReapprovalPolicy.defaults(brand));
    }

    /**
     * Sets a brand's re-approval policy: admins and that brand's managers. It applies to placements made from now on
     * (each placement's due date is fixed when it is made, so the sweep reads an index instead of the placements).
     */
    public ReapprovalPolicy saveReapprovalPolicy(Principal actor, String brand, Integer ageDays, String action) {
        if (!actor.hasAny(Role.ADMIN, Role.BRAND_MANAGER) || !actor.inBrandScope(brand)) {
            throw new ForbiddenException("only admins and brand managers of " + brand + " set its re-approval "
                    + "policy");
        }
        List<FieldError> errors = new ArrayList<>();
        if (ageDays == null || ageDays < 1 || ageDays > ReapprovalPolicy.MAX_AGE_DAYS) {
            errors.add(new FieldError("ageDays", ageDays == null ? Codes.REQUIRED : Codes.INVALID, "ageDays is 1.."
                    + ReapprovalPolicy.MAX_AGE_DAYS));
        }
        if (action == null || !ReapprovalPolicy.ACTIONS.contains(action)) {
            errors.add(new FieldError("action", action == null ? Codes.REQUIRED : Codes.UNKNOWN_VALUE, "action is "
                    + "one of " + ReapprovalPolicy.ACTIONS));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        ReapprovalPolicy p = new ReapprovalPolicy(brand, ageDays, action);
        store.saveReapprovalPolicy(p);
        return p;
    }

    private Placed add(Asset a, PlacementInput in, String source, String by) {
        List<FieldError> errors = new ArrayList<>();
        String channel = in == null || in.channel() == null ? null : in.channel().strip().toLowerCase(Locale.ROOT);
        if (in == null) {
            errors.add(new FieldError("body", Codes.REQUIRED, "send {channel, targetId and/or url}"));
        } else if (channel == null || channel.isEmpty()) {
            errors.add(new FieldError("channel", Codes.REQUIRED, "channel is required, one of " + Channels.ALL));
        } else if (!Channels.ALL.contains(channel)) {
            errors.add(new FieldError("channel", Codes.UNKNOWN_VALUE, "unknown channel '" + in.channel()
                    + "'; one of " + Channels.ALL));
        }
        String targetId = in == null || in.targetId() == null || in.targetId().isBlank() ? null
                : in.targetId().strip();
        if (targetId != null && targetId.length() > 200) {
            errors.add(new FieldError("targetId", Codes.TOO_LONG, "targetId has at most 200 characters"));
        }
        String url = in == null ? null : url(in.url(), "url", errors);
        String targetUrl = url;
        if (Channels.WEBHOOK.equals(channel)) {
            if (targetId == null) {
                errors.add(new FieldError("targetId", Codes.REQUIRED, "a webhook placement names its registered "
                        + "target (targetId)"));
            } else {
                var target = store.webhookTarget(targetId);
                if (target.isEmpty()) {
                    errors.add(new FieldError("targetId", Codes.UNKNOWN_VALUE, "unknown channel target '"
                            + targetId + "': register it first (PUT /webhook-targets/{id})"));
                } else {
                    targetUrl = target.get().url();
                }
            }
        } else if (channel != null && targetId == null && (in.url() == null || in.url().isBlank())) {
            errors.add(new FieldError("targetId", Codes.REQUIRED, "name the target: targetId and/or url"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        AssetVersion version = approvedVersion(a);
        rights.requireUsable(a.id());
        Instant now = clock.instant();
        ReapprovalPolicy policy = reapprovalPolicy(a.brand());
        Placement p = new Placement(a.id(), placementId(channel, targetId, targetUrl), channel, targetId, targetUrl,
                version.number(), source, by, now, now.plus(Duration.ofDays(policy.ageDays())), null);
        if (!store.add(p)) {
            Placement existing = store.placements(a.id()).stream().filter(x -> x.id().equals(p.id())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("placement " + p.id() + " reported as existing "
                            + "but not found"));
            return new Placed(existing, false);
        }
        events.publish(new OutboundEvent(SOURCE, ASSET_PUBLISHED, detail(a, p)));
        return new Placed(p, true);
    }

    /** The latest version an approved round covered, if it is still ready (not expired, not replaced by a reject). */
    private AssetVersion approvedVersion(Asset a) {
        int approved = reviews.find(a.id()).stream().flatMap(r -> r.rounds().stream())
                .filter(r -> r.outcome() == Outcome.APPROVED).mapToInt(Round::version).max().orElse(0);
        if (approved == 0) {
            throw new ConflictException("version", Codes.ILLEGAL_TRANSITION, "asset " + a.id()
                    + " has no approved version: only approved versions are published");
        }
        AssetVersion v = assets.findVersion(a.id(), approved).orElseThrow(() -> new IllegalStateException(
                "approved version " + approved + " of asset " + a.id() + " is missing"));
        if (v.state() != VersionState.READY) {
            throw new ConflictException("version", Codes.ILLEGAL_TRANSITION, "approved version " + approved
                    + " of asset " + a.id() + " is " + v.state().code() + ": it cannot be published");
        }
        return v;
    }

    static Map<String, Object> detail(Asset a, Placement p) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("version", 1);
        d.put("assetId", a.id());
        d.put("brand", a.brand());
        d.put("placementId", p.id());
        d.put("channel", p.channel());
        if (p.targetId() != null) {
            d.put("targetId", p.targetId());
        }
        if (p.url() != null) {
            d.put("url", p.url());
        }
        d.put("assetVersion", p.version());
        d.put("source", p.source());
        d.put("publishedBy", p.publishedBy());
        d.put("publishedAt", p.publishedAt().toString());
        return d;
    }

    /**
     * "pl-" + 24 hex of SHA-256(channel, target): the same target is the same placement. The target is its id when it
     * has one (an integration may report the same page with another URL: still one placement), else its URL.
     */
    static String placementId(String channel, String targetId, String url) {
        String key = channel + '\n' + (targetId != null ? "id:" + targetId : "url:" + (url == null ? "" : url));
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "pl-" + HexFormat.of().formatHex(h).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** https URLs; plain http only to the loopback host (local test receivers). */
    private static String url(String raw, String field, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.strip();
        if (s.length() > MAX_URL) {
            errors.add(new FieldError(field, Codes.TOO_LONG, field + " has at most " + MAX_URL + " characters"));
            return null;
        }
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            boolean loopback = "127.0.0.1".equals(u.getHost()) || "localhost".equalsIgnoreCase(u.getHost());
            if (u.getHost() != null && (scheme.equals("https") || (scheme.equals("http") && loopback))) {
                return s;
            }
        } catch (URISyntaxException e) {
            // reported below with the field
        }
        errors.add(new FieldError(field, Codes.INVALID, field + " must be an https:// URL"));
        return null;
    }

    private Asset asset(String assetId) {
        return assets.find(assetId).orElseThrow(() -> new NotFoundException("assetId", "asset " + assetId
                + " does not exist"));
    }
}
