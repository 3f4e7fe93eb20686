package dam.core.brief;

import dam.core.ConflictException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BriefStatusTest {

    @ParameterizedTest
    @CsvSource({
            "draft,submitted,true", "draft,approved,false", "submitted,approved,true", "submitted,draft,true",
            "approved,in_production,true", "approved,delivered,false", "in_production,delivered,true",
            "delivered,closed,true", "delivered,in_production,false", "closed,draft,false", "draft,closed,true"})
    void transitionTable(String from, String to, boolean allowed) {
        assertEquals(allowed, BriefStatus.fromCode(from).canMoveTo(BriefStatus.fromCode(to)));
    }

    @Test
    void fullLifecyclePublishesSubmittedAndApproved() {
        Fixture f = new Fixture();
        Brief b = f.create();
        long v = b.version();
        for (BriefStatus s : List.of(BriefStatus.SUBMITTED, BriefStatus.APPROVED, BriefStatus.IN_PRODUCTION,
                BriefStatus.DELIVERED, BriefStatus.CLOSED)) {
            b = f.service.transition(b.id(), v, s, "alice", null).brief();
            assertEquals(s, b.status());
            v = b.version();
        }
        assertEquals(List.of("Brief Created", "Brief Submitted", "Brief Approved", "Brief Changed", "Brief Changed",
                "Brief Changed"), f.events.events().stream().map(e -> e.detailType()).toList());
        assertEquals(6, f.service.audit(b.id()).size());
    }

    @Test
    void illegalTransitionIsAConflictNamingTheAllowedTargets() {
        Fixture f = new Fixture();
        Brief b = f.create();
        ConflictException e = assertThrows(ConflictException.class,
                () -> f.service.transition(b.id(), 1, BriefStatus.DELIVERED, "alice", null));
        assertEquals("illegal_transition", e.errors().get(0).code());
        assertEquals("a draft brief cannot become delivered; allowed: [closed, submitted]", e.getMessage());
        assertEquals(1, f.service.get(b.id()).version());
    }

    @Test
    void replayedTransitionIsAlreadyAppliedNotIllegal() {
        Fixture f = new Fixture();
        Brief b = f.create();
        assertEquals(true, f.service.transition(b.id(), 1, BriefStatus.SUBMITTED, "alice", "sub-1").applied());
        BriefResult replay = f.service.transition(b.id(), 1, BriefStatus.SUBMITTED, "alice", "sub-1");
        assertEquals(false, replay.applied());
        assertEquals(2, replay.brief().version());
        assertEquals(2, f.events.events().size());
    }

    @Test
    void closedBriefCannotChange() {
        Fixture f = new Fixture();
        Brief b = f.create();
        f.service.transition(b.id(), 1, BriefStatus.CLOSED, "alice", null);
        assertThrows(ConflictException.class, () -> f.service.update(new UpdateBriefCommand(null, "alice", b.id(), 2,
                Fixture.changes().title("again").build())));
    }
}
