package dam.core.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Result order; ties are broken by the index's document number, so the order is total and cursors are stable. */
public enum Sort {
    NEWEST, OLDEST, TITLE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Sort> parse(String code) {
        return Arrays.stream(values()).filter(s -> s.code().equals(code)).findFirst();
    }

    public boolean descending() {
        return this == NEWEST;
    }

    /** The sort key of a document: creation time in ms, or the title key. */
    public long key(SearchDocument d) {
        return this == TITLE ? Tokens.titleKey(d.title()) : d.createdAt().toEpochMilli();
    }
}
