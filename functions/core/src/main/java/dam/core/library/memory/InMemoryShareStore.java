package dam.core.library.memory;

import dam.core.ConflictException;
import dam.core.asset.Asset;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditEntry;
import dam.core.library.share.Share;
import dam.core.library.share.ShareStore;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ShareStore} in memory. Share and asset writes happen under the asset repository's lock, so the cap check,
 * the counter, the asset's revision and its audit entry change together or not at all.
 */
public final class InMemoryShareStore implements ShareStore {

    private final InMemoryAssetRepository assets;
    private final Map<String, Share> shares = new HashMap<>();
    private final byte[] key;

    public InMemoryShareStore(InMemoryAssetRepository assets, byte[] key) {
        this.assets = assets;
        this.key = key.clone();
    }

    @Override
    public void create(Share share, Asset asset, AuditEntry audit) {
        synchronized (assets) {
            if (shares.containsKey(share.id())) {
                throw new IllegalStateException("share " + share.id() + " exists");
            }
            if (asset != null) {
                assets.save(asset, null, audit, null); // ConflictException on a stale revision: nothing stored
            }
            shares.put(share.id(), share);
        }
    }

    @Override
    public Optional<Share> find(String id) {
        synchronized (assets) {
            return Optional.ofNullable(shares.get(id));
        }
    }

    @Override
    public List<Share> forTarget(Share.Kind kind, String targetId) {
        synchronized (assets) {
            return shares.values().stream().filter(s -> s.kind() == kind && s.targetId().equals(targetId))
                    .sorted(Comparator.comparing(Share::createdAt).reversed()).toList();
        }
    }

    @Override
    public Use revoke(Share revoked, Asset asset, AuditEntry audit) {
        synchronized (assets) {
            Share current = shares.get(revoked.id());
            if (current == null || current.revoked()) {
                return Use.REVOKED;
            }
            if (asset != null && !saved(asset, audit)) {
                return Use.ASSET_MOVED;
            }
            shares.put(revoked.id(), new Share(current.id(), current.kind(), current.targetId(), current.brand(),
                    current.createdBy(), current.createdAt(), current.expiresAt(), current.maxDownloads(),
                    current.downloads(), current.presets(), current.passwordHash(), revoked.revokedAt(),
                    revoked.revokedBy()));
            return Use.DONE;
        }
    }

    @Override
    public Use use(String shareId, boolean download, Asset asset, AuditEntry audit) {
        synchronized (assets) {
            Share s = shares.get(shareId);
            if (download) {
                if (s == null || s.revoked()) {
                    return Use.REVOKED;
                }
                if (s.downloads() >= s.maxDownloads()) {
                    return Use.CAP_REACHED;
                }
            }
            if (asset != null && !saved(asset, audit)) {
                return Use.ASSET_MOVED;
            }
            if (download) {
                shares.put(shareId, new Share(s.id(), s.kind(), s.targetId(), s.brand(), s.createdBy(),
                        s.createdAt(), s.expiresAt(), s.maxDownloads(), s.downloads() + 1, s.presets(),
                        s.passwordHash(), s.revokedAt(), s.revokedBy()));
            }
            return Use.DONE;
        }
    }

    private boolean saved(Asset asset, AuditEntry audit) {
        try {
            assets.save(asset, null, audit, null);
            return true;
        } catch (ConflictException e) {
            return false; // the caller reads the asset again and retries
        }
    }

    @Override
    public byte[] signingKey() {
        return key.clone();
    }
}
