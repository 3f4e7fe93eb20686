package dam.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExpiryPlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    /** Records calls and keeps the live schedules, as Scheduler would. */
    private static final class Schedules implements ExpiryScheduler {
        final Map<String, Instant> live = new TreeMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public void upsert(String name, Instant at, ExpiryCheck check) {
            live.put(name, at);
            calls.add("upsert " + name.substring(name.lastIndexOf('-') + 1) + " " + at + " " + check.daysBefore());
        }

        @Override
        public void cancel(String name) {
            live.remove(name);
            calls.add("cancel " + name.substring(name.lastIndexOf('-') + 1));
        }
    }

    private final Schedules schedules = new Schedules();
    private final ExpiryPlanner planner = new ExpiryPlanner(schedules, Clock.fixed(NOW, ZoneOffset.UTC));

    private static ExpiryPlanner.Dated rights(Instant end) {
        return new ExpiryPlanner.Dated("a1", "r1", ExpiryCheck.RIGHTS, end);
    }

    @Test
    void plansThreeRemindersAndTheExpiry() {
        Instant end = NOW.plus(Duration.ofDays(40));

        planner.replan(null, rights(end));

        assertEquals(List.of(
                "upsert t30 " + end.minus(Duration.ofDays(30)) + " 30",
                "upsert t7 " + end.minus(Duration.ofDays(7)) + " 7",
                "upsert t1 " + end.minus(Duration.ofDays(1)) + " 1",
                "upsert t0 " + end + " 0"), schedules.calls);
    }

    @Test
    void replanningTheSameSubjectChangesNothing() {
        ExpiryPlanner.Dated r = rights(NOW.plus(Duration.ofDays(40)));
        planner.replan(null, r);
        schedules.calls.clear();

        planner.replan(r, r);

        assertEquals(List.of(), schedules.calls);
    }

    @Test
    void movingTheEndMovesEverySchedule() {
        ExpiryPlanner.Dated before = rights(NOW.plus(Duration.ofDays(40)));
        ExpiryPlanner.Dated after = rights(NOW.plus(Duration.ofDays(10)));
        planner.replan(null, before);
        schedules.calls.clear();

        planner.replan(before, after);

        // T-30 is now in the past: cancelled (no stale reminder fires); the rest moved under the same names.
        assertEquals(List.of("cancel t30",
                "upsert t7 " + after.endsAt().minus(Duration.ofDays(7)) + " 7",
                "upsert t1 " + after.endsAt().minus(Duration.ofDays(1)) + " 1",
                "upsert t0 " + after.endsAt() + " 0"), schedules.calls);
        assertEquals(3, schedules.live.size());
    }

    @Test
    void removingTheSubjectCancelsEverything() {
        ExpiryPlanner.Dated r = rights(NOW.plus(Duration.ofDays(40)));
        planner.replan(null, r);

        planner.replan(r, null);

        assertTrue(schedules.live.isEmpty(), schedules.live.toString());
    }

    @Test
    void anEndAlreadyPassedExpiresNowAndRemindsNobody() {
        planner.replan(null, rights(NOW.minus(Duration.ofDays(2))));

        assertEquals(List.of("upsert t0 " + NOW + " 0"), schedules.calls);
    }

    @Test
    void openEndedSubjectsHaveNoSchedules() {
        planner.replan(null, rights(null));

        assertTrue(schedules.calls.isEmpty());
    }

    @Test
    void namesAreStableAndValidForSchedulerWhateverTheIds() {
        ExpiryPlanner.Dated odd = new ExpiryPlanner.Dated("a/ü b", "r:1#x".repeat(20), ExpiryCheck.TALENT, NOW);

        String name = ExpiryPlanner.scheduleName(odd, 30);

        assertTrue(name.matches("[A-Za-z0-9_.-]{1,64}"), name);
        assertEquals(name, ExpiryPlanner.scheduleName(odd, 30));
        assertTrue(!name.equals(ExpiryPlanner.scheduleName(
                new ExpiryPlanner.Dated("a/ü b", "r:1#x".repeat(20), ExpiryCheck.OFFER, NOW), 30)));
    }
}
