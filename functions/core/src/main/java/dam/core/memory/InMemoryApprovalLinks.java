package dam.core.memory;

import dam.core.approval.ApprovalLink;
import dam.core.approval.ApprovalLinkRepository;
import dam.core.approval.Decision;
import dam.core.approval.LinkState;
import dam.core.audit.AuditEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ApprovalLinkRepository} in memory; each write is atomic (one lock) with the same conditions as DynamoDB. */
public final class InMemoryApprovalLinks implements ApprovalLinkRepository {

    private final Map<String, ApprovalLink> links = new HashMap<>();
    private final Map<String, List<AuditEntry>> chains = new HashMap<>();

    @Override
    public synchronized Write create(ApprovalLink link, AuditEntry audit) {
        if (links.containsKey(link.nonceHash())) {
            throw new IllegalStateException("link " + link.handle() + " exists");
        }
        if (!free(audit)) {
            return Write.CHAIN_MOVED;
        }
        links.put(link.nonceHash(), link);
        chain(audit.subject()).add(audit);
        return Write.DONE;
    }

    @Override
    public synchronized Optional<ApprovalLink> find(String nonceHash) {
        return Optional.ofNullable(links.get(nonceHash));
    }

    @Override
    public synchronized Write decide(String nonceHash, Decision decision, String comment, Instant decidedAt,
                                     AuditEntry audit) {
        ApprovalLink l = links.get(nonceHash);
        if (l == null || l.state() != LinkState.PENDING) {
            return Write.NOT_PENDING;
        }
        if (!free(audit)) {
            return Write.CHAIN_MOVED;
        }
        links.put(nonceHash, new ApprovalLink(l.nonceHash(), l.csrf(), l.taskToken(), l.reviewer(), l.kind(),
                l.subject(), l.issuedAt(), l.expiresAt(), LinkState.DECIDED, decision, comment, decidedAt, false));
        chain(audit.subject()).add(audit);
        return Write.DONE;
    }

    @Override
    public synchronized List<ApprovalLink> pendingFor(String reviewer, Instant now, int limit) {
        return links.values().stream()
                .filter(l -> l.state() == LinkState.PENDING && l.reviewer().equalsIgnoreCase(reviewer)
                        && l.expiresAt().isAfter(now))
                .sorted(java.util.Comparator.comparing(ApprovalLink::issuedAt).thenComparing(ApprovalLink::nonceHash))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized void markNotified(String nonceHash) {
        ApprovalLink l = links.get(nonceHash);
        links.put(nonceHash, new ApprovalLink(l.nonceHash(), l.csrf(), l.taskToken(), l.reviewer(), l.kind(),
                l.subject(), l.issuedAt(), l.expiresAt(), l.state(), l.decision(), l.comment(), l.decidedAt(), true));
    }

    @Override
    public synchronized Write append(AuditEntry audit) {
        if (!free(audit)) {
            return Write.CHAIN_MOVED;
        }
        chain(audit.subject()).add(audit);
        return Write.DONE;
    }

    @Override
    public synchronized Optional<AuditEntry> auditHead(String chain) {
        List<AuditEntry> c = chains.getOrDefault(chain, List.of());
        return c.isEmpty() ? Optional.empty() : Optional.of(c.get(c.size() - 1));
    }

    @Override
    public synchronized List<AuditEntry> audit(String chain) {
        return List.copyOf(chains.getOrDefault(chain, List.of()));
    }

    /** Every stored link (tests look at what was stored: hashes, never nonces). */
    public synchronized List<ApprovalLink> all() {
        return List.copyOf(links.values());
    }

    private boolean free(AuditEntry audit) {
        return chains.getOrDefault(audit.subject(), List.of()).size() + 1 == audit.seq();
    }

    private List<AuditEntry> chain(String name) {
        return chains.computeIfAbsent(name, k -> new ArrayList<>());
    }
}
