package dam.core.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * Where an asset is in its life beside its versions' states: {@link Stage#ACTIVE} (the default, no item stored),
 * {@link Stage#ARCHIVED} (originals tagged for the archive storage class, hidden from everyone but admins) or
 * {@link Stage#RESTORING} (a restore from an archive storage class is running; still hidden until the originals are
 * readable). A legal hold is independent of the stage and blocks archiving and deletion, manual or by policy.
 * Restoring needs no "previous state": what the library shows (draft, approved, expired) is derived from the review
 * and the versions, which archiving never touches, so clearing the stage puts the asset back where it was.
 */
public record AssetLifecycle(String assetId, Stage stage, Instant changedAt, String changedBy, String reason,
                             LegalHold hold) {

    public enum Stage { ACTIVE, ARCHIVED, RESTORING;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Who placed the hold, when and why (a matter or case reference). */
    public record LegalHold(String reason, String by, Instant at) {
        public LegalHold {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(at, "at");
        }
    }

    public AssetLifecycle {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(stage, "stage");
    }

    public static AssetLifecycle active(String assetId) {
        return new AssetLifecycle(assetId, Stage.ACTIVE, null, null, null, null);
    }

    /** Hidden from the library (admins only): archived, or on its way back. */
    public boolean archived() {
        return stage != Stage.ACTIVE;
    }

    public boolean held() {
        return hold != null;
    }

    /** Nothing to store: active and not held. */
    public boolean nothingToStore() {
        return stage == Stage.ACTIVE && hold == null;
    }

    AssetLifecycle withStage(Stage s, Instant at, String by, String why) {
        return new AssetLifecycle(assetId, s, at, by, why, hold);
    }

    AssetLifecycle withHold(LegalHold h) {
        return new AssetLifecycle(assetId, stage, changedAt, changedBy, reason, h);
    }
}
