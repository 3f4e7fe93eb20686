package dam.core.analytics;

import java.util.Locale;

/** What a person did with the library (issue 10, analytics): each use is one event, counted once. */
public enum UsageKind {
    VIEW, DOWNLOAD, SHARE, PLACEMENT, SEARCH;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UsageKind parse(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
