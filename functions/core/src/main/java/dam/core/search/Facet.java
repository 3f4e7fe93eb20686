package dam.core.search;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The fields a search filters on and counts. {@code defaultCounted}: counted on every search (few values);
 * the others (ids, people, collections) only when asked for with {@code facets=}.
 */
public enum Facet {
    TYPE("type", true),
    BRAND("brand", true),
    BRIEF("brief", false),
    CAMPAIGN("campaign", false),
    CHANNEL("channel", true),
    STATUS("status", true),
    ORIENTATION("orientation", true),
    COLOUR("colour", true),
    RIGHTS("rights", true),
    COLLECTION("collection", false),
    UPLOADER("uploader", false),
    /** Month the asset was created ({@code 2026-11}); date ranges use {@link #CREATED_DAY} at the edges. */
    CREATED("created", true),
    CREATED_DAY("createdDay", false);

    private final String code;
    private final boolean defaultCounted;

    Facet(String code, boolean defaultCounted) {
        this.code = code;
        this.defaultCounted = defaultCounted;
    }

    public String code() {
        return code;
    }

    public boolean defaultCounted() {
        return defaultCounted;
    }

    /** Facets a client may filter on or ask counts for (the day buckets are internal). */
    public static List<Facet> public_() {
        return Arrays.stream(values()).filter(f -> f != CREATED_DAY).toList();
    }

    public static Optional<Facet> parse(String code) {
        return public_().stream().filter(f -> f.code.equals(code)).findFirst();
    }

    public static List<String> codes() {
        return public_().stream().map(Facet::code).toList();
    }
}
