package dam.core.asset;

import java.util.List;

/** Port: the library's fingerprints, for exact (SHA-256) and near (perceptual-hash) duplicate lookups. */
public interface DuplicateIndex {

    List<Fingerprint> withSha256(String sha256);

    /** Fingerprints sharing at least one perceptual-hash band with {@code probe} (candidates; callers measure). */
    List<Fingerprint> nearCandidates(Fingerprint probe);

    /** Adds a fingerprint; adding the same one again changes nothing. */
    void add(Fingerprint fingerprint);
}
