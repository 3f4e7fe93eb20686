package dam.core.lifecycle;

import dam.core.audit.AuditEntry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What survives a deleted asset: who deleted it, when, why (the policy, when a policy did), the SHA-256 of every
 * version's content, and the seal of its audit chain — how many entries it had, that they verified intact at deletion
 * and the hash of the last one. {@code entry} is the deletion's own audit entry, chained to that head
 * ({@code entry.prevHash() == chainHead}), so anyone holding an earlier export of the chain can check it ends here,
 * and the entry itself re-hashes ({@link #verifies()}). No personal data: no uploader, names, comments or file names.
 */
public record Tombstone(String assetId, String brand, String deletedBy, Instant deletedAt, String reason,
                        String policy, Map<Integer, String> contentHashes, long chainEntries, String chainHead,
                        boolean chainIntact, AuditEntry entry) {

    public Tombstone {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(entry, "entry");
        contentHashes = contentHashes == null ? Map.of() : Map.copyOf(contentHashes);
    }

    /** The deletion entry re-hashes and links to the sealed head. */
    public boolean verifies() {
        return entry.prevHash().equals(chainHead)
                && dam.core.audit.AuditChain.next(chainHead, entry.subject(), entry.seq(), entry.at(), entry.actor(),
                entry.action(), entry.detail()).hash().equals(entry.hash());
    }

    /** The hashes as "v1:sha256" for events and logs, oldest version first. */
    public List<String> hashList() {
        return hashList(contentHashes);
    }

    static List<String> hashList(Map<Integer, String> hashes) {
        return new java.util.TreeMap<>(hashes).entrySet().stream()
                .map(e -> "v" + e.getKey() + ":" + e.getValue()).toList();
    }
}
