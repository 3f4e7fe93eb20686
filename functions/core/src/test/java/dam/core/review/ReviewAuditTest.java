package dam.core.review;

import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewAuditTest {

    static List<AuditEntry> chain(int n) {
        List<AuditEntry> out = new ArrayList<>();
        String prev = null;
        for (int i = 1; i <= n; i++) {
            AuditEntry e = AuditChain.next(prev, "asset:a1", i, Instant.parse("2026-06-01T10:00:00Z").plusSeconds(i),
                    "ann", "review.vote", "n=" + i);
            out.add(e);
            prev = e.hash();
        }
        return out;
    }

    @Test
    void anIntactChainVerifies() {
        ReviewAudit.ChainCheck c = ReviewAudit.check("review", chain(5));
        assertTrue(c.intact());
        assertEquals(5, c.entries());
        assertNull(c.firstBrokenSeq());
    }

    @Test
    void anEditedEntryIsReportedByItsSequenceNumber() {
        List<AuditEntry> c = chain(5);
        AuditEntry e = c.get(2);
        c.set(2, new AuditEntry(e.subject(), e.seq(), e.at(), e.actor(), e.action(), "n=3 decision=approve",
                e.prevHash(), e.hash()));
        ReviewAudit.ChainCheck check = ReviewAudit.check("review", c);
        assertFalse(check.intact());
        assertEquals(3L, check.firstBrokenSeq());
        assertEquals("hash does not match the entry's content (edited)", check.problem());
    }

    @Test
    void aRemovedOrRehashedEntryBreaksTheLinkAfterIt() {
        List<AuditEntry> removed = chain(5);
        removed.remove(1);
        ReviewAudit.ChainCheck check = ReviewAudit.check("review", removed);
        assertEquals(3L, check.firstBrokenSeq());
        assertEquals("prevHash does not match the previous entry's hash", check.problem());

        // An editor who also recomputes the edited entry's hash still breaks the next link.
        List<AuditEntry> rehashed = chain(5);
        AuditEntry e = rehashed.get(1);
        rehashed.set(1, AuditChain.next(e.prevHash(), e.subject(), e.seq(), e.at(), e.actor(), e.action(), "forged"));
        assertEquals(3L, ReviewAudit.check("review", rehashed).firstBrokenSeq());

        List<AuditEntry> truncatedHead = chain(3).subList(1, 3);
        assertEquals(2L, ReviewAudit.check("review", truncatedHead).firstBrokenSeq());
    }

    @Test
    void csvQuotesAndDefusesFormulas() {
        AuditEntry e = AuditChain.next(null, "asset:a1", 1, Instant.parse("2026-06-01T10:00:00Z"), "=cmd|' /C calc'!A0",
                "review.annotation.added", "body=\"a, b\"\nnext");
        String csv = ReviewAudit.csv(List.of(new ReviewAudit.Row("review", e)));
        String[] lines = csv.split("\r\n");
        assertEquals("chain,seq,at,actor,action,detail,prevHash,hash", lines[0]);
        assertTrue(lines[1].startsWith("review,1,2026-06-01T10:00:00Z,\"'=cmd|' /C calc'!A0\",review.annotation.added,"
                + "\"body=\"\"a, b\"\"\nnext\","), lines[1]);
    }
}
