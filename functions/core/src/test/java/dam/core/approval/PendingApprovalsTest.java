package dam.core.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.auth.Principal;
import dam.core.memory.InMemoryApprovalLinks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PendingApprovalsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private final InMemoryApprovalLinks links = new InMemoryApprovalLinks();
    private final PendingApprovals pending = new PendingApprovals(links, Clock.fixed(NOW, ZoneOffset.UTC));
    private int seq;

    private void link(String hash, String reviewer, String assetId, Instant issued, Duration valid) {
        ApprovalLink l = new ApprovalLink(hash, "csrf-" + hash, "tok-" + hash, reviewer, "asset-review",
                new Subject("asset", assetId, 1, "0".repeat(64)), issued, issued.plus(valid), LinkState.PENDING,
                null, null, null, false);
        AuditEntry audit = AuditChain.next(AuditChain.GENESIS, "asset:" + assetId + "#" + seq++, 1, issued, "system",
                "approval.requested", "");
        assertEquals(ApprovalLinkRepository.Write.DONE, links.create(l, audit));
    }

    @Test
    void listsTheReviewersPendingUnexpiredRequestsOldestFirst() {
        link("h1", "rita@acme.example", "a2", NOW.minus(Duration.ofHours(1)), Duration.ofDays(7));
        link("h2", "rita@acme.example", "a1", NOW.minus(Duration.ofHours(3)), Duration.ofDays(7));
        link("h3", "rita@acme.example", "a3", NOW.minus(Duration.ofDays(8)), Duration.ofDays(7)); // expired
        link("h4", "ron@acme.example", "a4", NOW, Duration.ofDays(7));

        List<PendingApprovals.Pending> mine = pending.of(principal("Rita@Acme.example"));

        assertEquals(List.of("a1", "a2"), mine.stream().map(PendingApprovals.Pending::subjectId).toList());
        assertEquals(NOW.minus(Duration.ofHours(3)), mine.get(0).requestedAt());
    }

    @Test
    void aDecidedRequestLeavesTheQueue() {
        link("h1", "rita@acme.example", "a1", NOW, Duration.ofDays(7));
        AuditEntry decided = AuditChain.next(AuditChain.GENESIS, "asset:a1#decided", 1, NOW, "rita@acme.example",
                "approval.decided", "");
        links.decide("h1", Decision.APPROVE, "", NOW, decided);

        assertEquals(List.of(), pending.of(principal("rita@acme.example")));
    }

    private static Principal principal(String user) {
        return new Principal(user, user, Set.of(dam.core.auth.Role.REVIEWER), Set.of("acme"));
    }
}
