package dam.core.approval;

import dam.core.auth.Principal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * "Awaiting my decision": the signed-in user's pending approval requests (asset reviews and brief approvals alike),
 * oldest first. Only what the user needs to find the work — never the task token, CSRF value or link hash, so this
 * list cannot be used to decide; deciding goes through the console's decision route or the mailed link.
 */
public final class PendingApprovals {

    public static final int MAX = 100;

    private final ApprovalLinkRepository links;
    private final Clock clock;

    public PendingApprovals(ApprovalLinkRepository links, Clock clock) {
        this.links = links;
        this.clock = clock;
    }

    /** One request waiting for the user; {@code subjectType} is "asset" or "brief". */
    public record Pending(String kind, String subjectType, String subjectId, long version, Instant requestedAt,
                          Instant expiresAt) {
    }

    public List<Pending> of(Principal principal) {
        return links.pendingFor(principal.userId(), clock.instant(), MAX).stream()
                .map(l -> new Pending(l.kind(), l.subject().type(), l.subject().id(), l.subject().version(),
                        l.issuedAt(), l.expiresAt()))
                .toList();
    }
}
