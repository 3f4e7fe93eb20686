package dam.core.library.share;

import dam.core.asset.Asset;
import dam.core.audit.AuditEntry;

import java.util.List;
import java.util.Optional;

/**
 * Port: share links. Writes that concern an asset also store the asset's next revision (guarded by the previous one)
 * and its audit entry in the same atomic step, so every use of a link is on the asset's audit chain.
 */
public interface ShareStore {

    enum Use {
        DONE,
        /** The download cap was reached first: nothing stored. */
        CAP_REACHED,
        /** The link was revoked first: nothing stored. */
        REVOKED,
        /** The asset changed since it was read: nothing stored, read it again. */
        ASSET_MOVED
    }

    /** A new share (never overwrites), findable by its target; {@code asset}/{@code audit} null for collections. */
    void create(Share share, Asset asset, AuditEntry audit);

    Optional<Share> find(String id);

    /** Every share of an asset or a collection, newest first. */
    List<Share> forTarget(Share.Kind kind, String targetId);

    /** Marks the share revoked (once); same atomicity as {@link #use}. */
    Use revoke(Share revoked, Asset asset, AuditEntry audit);

    /**
     * Records one use: with {@code download} the download counter goes up by one only while it is below the cap and
     * the link not revoked; a view or a refusal records only the audit entry.
     */
    Use use(String shareId, boolean download, Asset asset, AuditEntry audit);

    /** The key share tokens are signed with (created once, kept with the data; never logged). */
    byte[] signingKey();
}
