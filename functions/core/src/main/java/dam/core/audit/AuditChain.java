package dam.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** Builds and verifies hash-chained audit entries. */
public final class AuditChain {

    /** prevHash of the first entry of every chain. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    public static AuditEntry next(String prevHash, String subject, long seq, Instant at, String actor, String action,
                                  String detail) {
        String prev = prevHash == null ? GENESIS : prevHash;
        return new AuditEntry(subject, seq, at, actor, action, detail, prev,
                hash(prev, subject, seq, at, actor, action, detail));
    }

    /** Index of the first entry whose hash or link is wrong, or -1 if the whole chain (in seq order) is intact. */
    public static int firstBroken(List<AuditEntry> chain) {
        String expectedPrev = GENESIS;
        for (int i = 0; i < chain.size(); i++) {
            AuditEntry e = chain.get(i);
            String recomputed = hash(e.prevHash(), e.subject(), e.seq(), e.at(), e.actor(), e.action(), e.detail());
            if (!e.prevHash().equals(expectedPrev) || !recomputed.equals(e.hash())) {
                return i;
            }
            expectedPrev = e.hash();
        }
        return -1;
    }

    private static String hash(String prev, String subject, long seq, Instant at, String actor, String action,
                               String detail) {
        // Unit separators keep field boundaries unambiguous ("ab"+"c" vs "a"+"bc").
        String canonical = String.join("\u001f", prev, subject, Long.toString(seq), at.toString(),
                Objects.toString(actor, ""), action, Objects.toString(detail, ""));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }
}
