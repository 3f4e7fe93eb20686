package dam.core.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class AuditChainTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void chainVerifiesAndTamperingIsFound() {
        List<AuditEntry> chain = new ArrayList<>();
        String prev = null;
        for (int i = 1; i <= 4; i++) {
            AuditEntry e = AuditChain.next(prev, "b1", i, T.plusSeconds(i), "alice", "step", "n=" + i);
            chain.add(e);
            prev = e.hash();
        }
        assertEquals(AuditChain.GENESIS, chain.get(0).prevHash());
        assertEquals(-1, AuditChain.firstBroken(chain));

        AuditEntry e2 = chain.get(2);
        chain.set(2, new AuditEntry(e2.subject(), e2.seq(), e2.at(), "mallory", e2.action(), e2.detail(),
                e2.prevHash(), e2.hash()));
        assertEquals(2, AuditChain.firstBroken(chain));
    }

    @Test
    void fieldBoundariesMatter() {
        AuditEntry a = AuditChain.next(null, "b1", 1, T, "ab", "c", "");
        AuditEntry b = AuditChain.next(null, "b1", 1, T, "a", "bc", "");
        assertNotEquals(a.hash(), b.hash());
    }
}
