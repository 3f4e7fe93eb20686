package dam.core.library.share;

import dam.core.ConflictException;
import dam.core.FieldError.Codes;
import dam.core.NotFoundException;
import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Revoking share links — one link (its manager, {@link ShareService#revoke}) or every live link of an asset (the
 * expiry at T-0, reason {@value #RIGHTS_EXPIRED}). A revocation is stored once (a second one changes nothing), goes on
 * the asset's audit chain in the same write, and is announced as {@value ShareService#SHARE_REVOKED} with its reason.
 * Needs only the asset, the share store and the bus, so the expiry functions use it without the download machinery.
 */
public final class ShareRevocations {

    public static final String RIGHTS_EXPIRED = "rights expired";
    private static final int ATTEMPTS = 8;

    private final AssetRepository assets;
    private final ShareStore store;
    private final EventPublisher events;
    private final Clock clock;

    public ShareRevocations(AssetRepository assets, ShareStore store, EventPublisher events, Clock clock) {
        this.assets = Objects.requireNonNull(assets);
        this.store = Objects.requireNonNull(store);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Revokes every live link of the asset; returns how many this call revoked (0 when all were revoked before). */
    public int revokeAllFor(String assetId, String actor, String reason) {
        int n = 0;
        for (Share s : store.forTarget(Share.Kind.ASSET, assetId)) {
            if (!s.revoked() && revoke(s, actor, reason) != s) {
                n++;
            }
        }
        return n;
    }

    /** Revokes one link; returns it as stored afterwards (unchanged when it was revoked before, by anyone). */
    public Share revoke(Share share, String actor, String reason) {
        if (share.revoked()) {
            return share;
        }
        Share revoked = share.revoked(clock.instant(), actor);
        ShareStore.Use result;
        if (share.kind() == Share.Kind.ASSET) {
            result = withAsset(share.targetId(), fresh -> {
                AuditEntry audit = AuditChain.next(fresh.auditHash(), fresh.id(), fresh.revision() + 1,
                        clock.instant(), actor, "share.revoked", "share=" + share.id() + " reason=" + reason);
                return store.revoke(revoked, bumped(fresh, audit), audit);
            });
        } else {
            result = store.revoke(revoked, null, null);
        }
        if (result == ShareStore.Use.REVOKED) {
            return store.find(share.id()).orElse(share); // revoked concurrently: that one stands, announced by it
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("version", 1);
        d.put("shareId", share.id());
        d.put("kind", share.kind().code());
        d.put("targetId", share.targetId());
        d.put("brand", share.brand());
        d.put("revokedBy", actor);
        d.put("reason", reason);
        d.put("downloads", share.downloads());
        d.put("at", revoked.revokedAt().toString());
        events.publish(new OutboundEvent(ShareService.SOURCE, ShareService.SHARE_REVOKED, d));
        return revoked;
    }

    /** Runs {@code write} on the asset as stored now, again while it reports the asset moved. */
    private ShareStore.Use withAsset(String assetId, java.util.function.Function<Asset, ShareStore.Use> write) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Asset fresh = assets.find(assetId).orElseThrow(() -> new NotFoundException("assetId", "no asset '"
                    + assetId + "'"));
            ShareStore.Use r;
            try {
                r = write.apply(fresh);
            } catch (ConflictException e) {
                r = ShareStore.Use.ASSET_MOVED;
            }
            if (r != ShareStore.Use.ASSET_MOVED) {
                return r;
            }
        }
        throw new ConflictException("assetId", Codes.CONFLICT, "asset " + assetId + " kept changing; try again");
    }

    /** The asset with its revision and chain head moved on (its content and updatedAt unchanged). */
    private static Asset bumped(Asset a, AuditEntry audit) {
        return new Asset(a.id(), a.brand(), a.briefId(), a.campaign(), a.channel(), a.displayName(), a.description(),
                a.keywords(), a.categories(), a.createdBy(), a.createdAt(), a.updatedAt(), a.revision() + 1,
                a.latestVersion(), audit.hash(), a.details());
    }
}
