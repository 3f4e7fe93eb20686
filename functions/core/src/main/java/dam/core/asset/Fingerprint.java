package dam.core.asset;

import java.util.ArrayList;
import java.util.List;

/**
 * What duplicate detection compares: the exact content hash and the 64-bit perceptual hash (16 hex digits). The
 * perceptual hash is split into {@value #BANDS} bands of 8 bits: two hashes within Hamming distance 7 share at least
 * one band exactly (pigeonhole), so an index can find near candidates with exact-match lookups.
 */
public record Fingerprint(String assetId, int version, String sha256, String phash) {

    public static final int BANDS = 8;

    /** "0:a3", "1:07", … one key per band; empty without a perceptual hash. */
    public List<String> bands() {
        List<String> out = new ArrayList<>();
        if (phash == null || phash.length() != 16) {
            return out;
        }
        for (int i = 0; i < BANDS; i++) {
            out.add(i + ":" + phash.substring(2 * i, 2 * i + 2).toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    /** Hamming distance between two 64-bit hex hashes. */
    public static int distance(String a, String b) {
        return Long.bitCount(Long.parseUnsignedLong(a, 16) ^ Long.parseUnsignedLong(b, 16));
    }
}
