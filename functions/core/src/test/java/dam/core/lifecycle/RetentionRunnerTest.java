package dam.core.lifecycle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dam.core.lifecycle.ArchiveFixture.LEGAL;
import static dam.core.lifecycle.ArchiveFixture.MANAGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetentionRunnerTest {

    private final ArchiveFixture f = new ArchiveFixture();

    @Test
    void archivesAfterTheArchiveAgeAndDeletesAfterRetentionUnlessHeldOrLive() {
        f.service.savePolicy(MANAGER, "Acme", new RetentionPolicy("standard", 30, 90));
        String idle = f.asset("idle");
        String live = f.asset("live");
        String held = f.asset("held");
        String fresh = f.asset("fresh");
        for (String id : List.of(idle, live, held, fresh)) {
            f.service.used(id, f.now.get()); // approved today
        }
        f.placements.put(live, 1);
        f.service.hold(LEGAL, held, "matter 7");

        f.advance(Duration.ofDays(29));
        RetentionRunner.Report early = f.runner.run();
        f.service.used(fresh, f.now.get()); // published again on day 29
        f.advance(Duration.ofDays(1));
        RetentionRunner.Report day30 = f.runner.run();

        assertEquals(0, early.candidates());
        assertEquals(3, day30.candidates(), "fresh was used a day ago: not read at all");
        assertEquals(1, day30.archived());
        assertEquals(2, day30.kept());
        assertEquals("archived", f.service.state(ArchiveFixture.ADMIN, idle).stage());
        assertEquals("active", f.service.state(ArchiveFixture.ADMIN, live).stage());
        assertEquals("active", f.service.state(ArchiveFixture.ADMIN, held).stage());
        assertEquals("standard", ((Map<?, ?>) f.events.ofType(ArchiveService.ARCHIVED).get(0).detail())
                .get("policy"));

        f.advance(Duration.ofDays(60));
        RetentionRunner.Report day90 = f.runner.run();

        assertEquals(1, day90.deleted());
        assertTrue(f.assets.find(idle).isEmpty());
        Tombstone t = f.store.tombstone(idle).orElseThrow();
        assertEquals("standard", t.policy());
        assertEquals(ArchiveService.RETENTION_ACTOR, t.deletedBy());
        assertTrue(t.reason().contains("unused for 90 days"), t.reason());
        assertTrue(f.assets.find(held).isPresent());
        assertTrue(f.assets.find(live).isPresent());
        assertEquals("archived", f.service.state(ArchiveFixture.ADMIN, fresh).stage(),
                "fresh reached its archive age on day 59");
        assertTrue(day90.failures().isEmpty());
    }

    @Test
    void brandsWithoutAPolicyAreNeverTouched() {
        String id = f.asset("nopolicy");
        f.service.used(id, f.now.get());
        f.advance(Duration.ofDays(4000));

        RetentionRunner.Report r = f.runner.run();

        assertEquals(0, r.brands());
        assertEquals(0, r.candidates());
        assertFalse(f.store.find(id).isPresent());
    }

    @Test
    void aLateEventNeverMovesTheRetentionClockBack() {
        String id = f.asset("late");
        f.service.used(id, f.now.get());
        f.service.used(id, f.now.get().minus(Duration.ofDays(100)));

        assertEquals(f.now.get(), f.store.lastUsed(id).orElseThrow());
    }
}
