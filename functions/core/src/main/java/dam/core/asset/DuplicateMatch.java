package dam.core.asset;

/**
 * Another version this one duplicates: {@code exact} (same SHA-256) or {@code near} (perceptual-hash Hamming
 * {@code distance} within the threshold). Flagged for people to decide — never merged.
 */
public record DuplicateMatch(String kind, String assetId, int version, int distance) {

    public static final String EXACT = "exact";
    public static final String NEAR = "near";
}
