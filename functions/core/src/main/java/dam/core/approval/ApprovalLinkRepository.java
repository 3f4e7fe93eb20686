package dam.core.approval;

import dam.core.audit.AuditEntry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: approval links and their subjects' approval audit chains. Every write that changes a link stores its audit
 * entry in the same atomic step. An audit entry is stored only if its sequence number is still free in its chain
 * ({@link AuditEntry#subject()} names the chain); otherwise the write does nothing and reports
 * {@link Write#CHAIN_MOVED}, and the caller rebuilds the entry on the new head and tries again.
 */
public interface ApprovalLinkRepository {

    enum Write {
        /** Stored. */
        DONE,
        /** Someone appended to the audit chain first: nothing was stored. */
        CHAIN_MOVED,
        /** The link was no longer pending: nothing was stored. */
        NOT_PENDING
    }

    /** Stores a new pending link (its hash must be new) with its "requested" audit entry. */
    Write create(ApprovalLink link, AuditEntry audit);

    Optional<ApprovalLink> find(String nonceHash);

    /** Marks the link decided if it is still pending, with the decision's audit entry. */
    Write decide(String nonceHash, Decision decision, String comment, Instant decidedAt, AuditEntry audit);

    /**
     * The reviewer's links still pending and not expired at {@code now}, oldest first, at most {@code limit}: the
     * "awaiting my decision" queue (an index on the reviewer, not a scan).
     */
    List<ApprovalLink> pendingFor(String reviewer, Instant now, int limit);

    /** Records that the waiting task was answered (or was gone), so no retry is attempted. */
    void markNotified(String nonceHash);

    /** Appends an audit entry on its own (views, refusals). */
    Write append(AuditEntry audit);

    /** The last entry of a chain, if any. */
    Optional<AuditEntry> auditHead(String chain);

    /** A chain in sequence order. */
    List<AuditEntry> audit(String chain);
}
