package dam.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dam.core.FieldError;
import dam.core.ValidationException;
import dam.core.lifecycle.RetentionPolicy.Action;
import dam.core.lifecycle.RetentionPolicy.Facts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    private final RetentionPolicy policy = new RetentionPolicy("standard", 180, 730);

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    @Test
    void archivesAfterTheArchiveAgeAndDeletesAfterTheDeleteAge() {
        assertEquals(Action.KEEP, policy.decide(new Facts(false, false, 0, daysAgo(179)), NOW).action());
        assertEquals(Action.ARCHIVE, policy.decide(new Facts(false, false, 0, daysAgo(180)), NOW).action());
        assertEquals(Action.KEEP, policy.decide(new Facts(true, false, 0, daysAgo(500)), NOW).action());
        assertEquals(Action.DELETE, policy.decide(new Facts(true, false, 0, daysAgo(730)), NOW).action());
        assertEquals("unused for 730 days (policy standard: delete after 730)",
                policy.decide(new Facts(true, false, 0, daysAgo(730)), NOW).reason());
    }

    @Test
    void legalHoldBlocksArchiveAndDelete() {
        assertEquals(new RetentionPolicy.Decision(Action.KEEP, "under legal hold"),
                policy.decide(new Facts(true, true, 0, daysAgo(5000)), NOW));
    }

    @Test
    void liveContentAndNeverUsedContentAreKept() {
        assertEquals("live on 2 placement(s)", policy.decide(new Facts(false, false, 2, daysAgo(900)), NOW).reason());
        assertEquals(Action.KEEP, policy.decide(new Facts(false, false, 0, null), NOW).action());
    }

    @Test
    void withoutDeleteAgeArchivedAssetsAreKeptForever() {
        RetentionPolicy keep = new RetentionPolicy("archive-only", 30, null);

        assertEquals(new RetentionPolicy.Decision(Action.KEEP, "archived; kept forever"),
                keep.decide(new Facts(true, false, 0, daysAgo(3000)), NOW));
    }

    @Test
    void badPoliciesAreRejectedWithEveryProblem() {
        ValidationException e = assertThrows(ValidationException.class, () -> new RetentionPolicy("Bad Name", 0, 0));

        assertEquals(List.of("name", "archiveAfterDays", "deleteAfterDays"),
                e.errors().stream().map(FieldError::field).toList());
    }
}
