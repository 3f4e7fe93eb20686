package dam.core.library;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an asset stands for the library: drafts and assets in review belong to their brief team, approved assets to
 * the library, expired (rights ran out) and archived assets are hidden from everyone but admins.
 */
public enum Visibility {
    DRAFT, IN_REVIEW, APPROVED, EXPIRED, ARCHIVED;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean teamOnly() {
        return this == DRAFT || this == IN_REVIEW;
    }

    public boolean retired() {
        return this == EXPIRED || this == ARCHIVED;
    }

    public static Optional<Visibility> parse(String code) {
        return code == null ? Optional.empty() : Arrays.stream(values())
                .filter(v -> v.code().equals(code.trim().toLowerCase(Locale.ROOT))).findFirst();
    }
}
