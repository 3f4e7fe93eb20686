package dam.core.audit;

import java.time.Instant;

/**
 * One link of a tamper-evident audit chain (ARCHITECTURE §2): {@code hash = SHA-256(prevHash + entry)}. The sequence
 * number equals the subject's version after the mutation, so a conditional write on the version also guards the chain.
 */
public record AuditEntry(String subject, long seq, Instant at, String actor, String action, String detail,
                         String prevHash, String hash) {
}
