package dam.aws;

import dam.core.approval.ApprovalLinkRepository.Write;
import dam.core.approval.ApprovalLinkService;
import dam.core.approval.Decision;
import dam.core.approval.LinkState;
import dam.core.approval.Refusal;
import dam.core.approval.Subject;
import dam.core.approval.SubjectState;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.memory.RecordingTaskCallbacks;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamoApprovalLinksTest {

    static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    final FakeDynamoDb db = new FakeDynamoDb("dam");
    final DynamoApprovalLinks repo = new DynamoApprovalLinks(db, "dam");
    final RecordingTaskCallbacks callbacks = new RecordingTaskCallbacks();
    final Subject subject = new Subject("brief", "b1", 2, null);
    final ApprovalLinkService service = new ApprovalLinkService(repo, callbacks,
            s -> Optional.of(new SubjectState(2, null, "T", List.of())), Clock.fixed(NOW, ZoneOffset.UTC),
            new SecureRandom());

    @Test
    void linksAndTheirAuditChainLiveUnderTheAgreedKeys() {
        var issued = service.issue(subject, "dana@acme.example", "brief", "tok-1", NOW.plus(Duration.ofDays(2)));
        String hash = ApprovalLinkService.sha256(issued.nonce());

        var item = db.item("LINK#" + hash, "META");
        assertEquals("pending", item.get("state").s());
        assertEquals("tok-1", item.get("taskToken").s());
        assertEquals("1", item.get("version").n());
        assertEquals(NOW.plus(Duration.ofDays(32)).getEpochSecond(), Long.parseLong(item.get("ttl").n()));
        assertFalse(item.toString().contains(issued.nonce()), "the nonce itself is never stored");
        var audit = db.item("BRIEF#b1", "APPROVAL_AUDIT#0000000001");
        assertEquals("approval.requested", audit.get("action").s());
        assertEquals(AuditChain.GENESIS, audit.get("prevHash").s());
        assertEquals(1, db.transactions.size(), "link and audit entry in one transaction");
    }

    @Test
    void decideOnceThroughTheTableThenRefuseTheReplay() {
        var issued = service.issue(subject, "dana@acme.example", "brief", "tok-1", NOW.plus(Duration.ofDays(2)));
        var page = service.view(issued.nonce()).page();

        assertTrue(service.decide(issued.nonce(), page.csrf(), "reject", "Off brand", null).ok());
        assertEquals(Refusal.ALREADY_DECIDED,
                service.decide(issued.nonce(), page.csrf(), "approve", null, null).refusal());

        var stored = repo.find(ApprovalLinkService.sha256(issued.nonce())).orElseThrow();
        assertEquals(LinkState.DECIDED, stored.state());
        assertEquals(Decision.REJECT, stored.decision());
        assertEquals("Off brand", stored.comment());
        assertTrue(stored.notified());
        assertEquals(subject, stored.subject());
        assertEquals(1, callbacks.answers().size());
        List<AuditEntry> chain = repo.audit("brief:b1");
        assertEquals(List.of("approval.requested", "approval.viewed", "approval.decided", "approval.refused"),
                chain.stream().map(AuditEntry::action).toList());
        assertEquals(-1, AuditChain.firstBroken(chain));
        assertEquals(4, repo.auditHead("brief:b1").orElseThrow().seq());
    }

    @Test
    void aStaleDecisionOrATakenSequenceNumberWritesNothing() {
        var issued = service.issue(subject, "dana@acme.example", "brief", "tok-1", NOW.plus(Duration.ofDays(2)));
        String hash = ApprovalLinkService.sha256(issued.nonce());
        AuditEntry head = repo.auditHead("brief:b1").orElseThrow();
        AuditEntry taken = AuditChain.next(null, "brief:b1", 1, NOW, "x", "approval.decided", "");
        int before = db.size();

        assertEquals(Write.CHAIN_MOVED, repo.decide(hash, Decision.APPROVE, "", NOW, taken));
        assertEquals(before, db.size());
        assertEquals(LinkState.PENDING, repo.find(hash).orElseThrow().state());

        AuditEntry next = AuditChain.next(head.hash(), "brief:b1", 2, NOW, "x", "approval.decided", "");
        assertEquals(Write.DONE, repo.decide(hash, Decision.APPROVE, "", NOW, next));
        AuditEntry after = AuditChain.next(next.hash(), "brief:b1", 3, NOW, "x", "approval.decided", "");
        assertEquals(Write.NOT_PENDING, repo.decide(hash, Decision.REJECT, "no", NOW, after));
        assertEquals(Write.CHAIN_MOVED, repo.append(next));
        assertEquals(Decision.APPROVE, repo.find(hash).orElseThrow().decision());
    }

    @Test
    void chainNamesMapToTheSubjectsPartition() {
        assertEquals("BRIEF#b1", DynamoApprovalLinks.chainKey("brief:b1"));
        assertEquals("LINKS#unknown", DynamoApprovalLinks.chainKey(ApprovalLinkService.UNATTRIBUTED));
    }
}
