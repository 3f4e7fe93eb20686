package dam.core.brief;

import dam.core.ConflictException;
import dam.core.audit.AuditEntry;

import java.util.List;
import java.util.Optional;

/**
 * Port: brief storage. Every write stores the brief, its audit entry and (when given) the command id in one atomic
 * step, so a brief is never stored without its audit link and a command is applied at most once.
 */
public interface BriefRepository {

    Optional<Brief> find(String id);

    /**
     * Stores a new brief (version 1). If {@code commandId} was already used, stores nothing and returns the id of the
     * brief that command created; otherwise returns empty.
     */
    Optional<String> create(Brief brief, AuditEntry audit, String commandId);

    /**
     * Replaces the stored brief if its version is still {@code expectedVersion} (else {@link ConflictException}).
     * If {@code commandId} (nullable) was already applied, stores nothing and returns false.
     */
    boolean update(Brief brief, long expectedVersion, AuditEntry audit, String commandId);

    /**
     * Replaces two briefs in one atomic write (related-brief links live on both), each only if still at its expected
     * version; otherwise nothing is stored and a {@link ConflictException} is thrown.
     */
    void updatePair(Brief first, long firstExpected, AuditEntry firstAudit, Brief second, long secondExpected,
                    AuditEntry secondAudit);

    /** Whether a write with this command id has been stored (replays of applied commands are not conflicts). */
    boolean commandApplied(String commandId);

    /** The brief's audit chain in sequence order. */
    List<AuditEntry> audit(String briefId);
}
