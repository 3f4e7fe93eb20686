package dam.core.review;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StageRuleTest {

    static Outcome eval(StageRule rule, String... votes) {
        return rule.evaluate(Arrays.asList(votes));
    }

    @Test
    void allNeedsEveryApprovalAndSettlesAsSoonAsOneSaysNo() {
        assertEquals(Outcome.PENDING, eval(StageRule.ALL, "approve", null));
        assertEquals(Outcome.APPROVED, eval(StageRule.ALL, "approve", "approve"));
        assertEquals(Outcome.CHANGES_REQUESTED, eval(StageRule.ALL, "changes", null));
        assertEquals(Outcome.REJECTED, eval(StageRule.ALL, "changes", "reject"));
        assertEquals(Outcome.EXPIRED, eval(StageRule.ALL, "approve", "none"));
    }

    @Test
    void anyNeedsOneApprovalAndWaitsWhileOneIsPossible() {
        assertEquals(Outcome.APPROVED, eval(StageRule.ANY, "approve", null, null));
        assertEquals(Outcome.PENDING, eval(StageRule.ANY, "changes", null));
        assertEquals(Outcome.APPROVED, eval(StageRule.ANY, "changes", "approve"));
        assertEquals(Outcome.CHANGES_REQUESTED, eval(StageRule.ANY, "changes", "none"));
    }

    @Test
    void quorumCountsApprovals() {
        StageRule two = StageRule.parse("quorum:2");
        assertEquals(2, two.quorum());
        assertEquals(Outcome.PENDING, eval(two, "approve", "changes", null));
        assertEquals(Outcome.APPROVED, eval(two, "approve", "changes", "approve"));
        assertEquals(Outcome.REJECTED, eval(two, "reject", "approve", "none"));
        assertEquals("quorum:2", two.code());
    }

    @Test
    void badRulesAndImpossibleQuorumsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> StageRule.parse("most"));
        assertThrows(IllegalArgumentException.class, () -> StageRule.parse("quorum:0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StageSpec("brand",
                StageRule.quorum(3), List.of("a@x.example", "b@x.example"), "o@x.example", java.time.Duration.ofDays(1)));
        assertEquals("stage brand: quorum 3 of 2 reviewers can never be met", e.getMessage());
    }

    @Test
    void anchorsStayInsideTheirMedium() {
        assertEquals("region x=0.100 y=0.200 w=0.300 h=0.400", Anchor.region(0.1, 0.2, 0.3, 0.4).describe());
        assertThrows(IllegalArgumentException.class, () -> Anchor.region(0.8, 0.1, 0.3, 0.1));
        assertThrows(IllegalArgumentException.class, () -> Anchor.region(0.1, 0.1, 0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> Anchor.page(0));
        assertThrows(IllegalArgumentException.class, () -> Anchor.time(5, 2.0));
        assertEquals("at 1.5s–3.0s", Anchor.time(1.5, 3.0).describe());
        assertEquals("page 2", Anchor.page(2).describe());
    }
}
