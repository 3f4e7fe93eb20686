package dam.core.library.share;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A share link of one asset or one collection: who made it, until when it works, how many downloads it allows (and
 * has served), the presets it offers ({@value #ORIGINAL} = the original file), an optional password (stored only as a
 * PBKDF2 hash) and whether it was revoked. The link's token is the id plus its HMAC ({@link ShareTokens}); the id
 * alone opens nothing.
 */
public record Share(String id, Kind kind, String targetId, String brand, String createdBy, Instant createdAt,
                    Instant expiresAt, int maxDownloads, int downloads, List<String> presets, String passwordHash,
                    Instant revokedAt, String revokedBy) {

    /** The preset name that offers the original file. */
    public static final String ORIGINAL = "original";

    public enum Kind {
        ASSET, COLLECTION;

        @com.fasterxml.jackson.annotation.JsonValue
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Kind parse(String code) {
            return valueOf(code.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public Share {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        presets = presets == null ? List.of() : List.copyOf(presets);
    }

    @JsonIgnore
    public boolean passwordProtected() {
        return passwordHash != null;
    }

    @JsonIgnore
    public boolean revoked() {
        return revokedAt != null;
    }

    Share revoked(Instant at, String by) {
        return new Share(id, kind, targetId, brand, createdBy, createdAt, expiresAt, maxDownloads, downloads, presets,
                passwordHash, at, by);
    }

    /** Never print the password hash. */
    @Override
    public String toString() {
        return "Share[" + id + " " + kind.code() + ":" + targetId + " downloads=" + downloads + "/" + maxDownloads
                + (revoked() ? " revoked" : "") + "]";
    }
}
