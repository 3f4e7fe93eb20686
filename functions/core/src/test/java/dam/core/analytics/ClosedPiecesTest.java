package dam.core.analytics;

import dam.core.testing.MutableClock;

import dam.core.analytics.DayCover.Piece;
import dam.core.analytics.DayCover.Unit;
import dam.core.analytics.memory.InMemoryAnalyticsStore;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClosedPiecesTest {

    static final LocalDate BASE = LocalDate.parse("2025-11-03");
    static final Principal MANAGER = new Principal("mia@acme.example", null, Set.of(Role.BRAND_MANAGER),
            Set.of("Acme"));


    /** Counts the range reads per partition. */
    static final class CountingStore implements AnalyticsStore {
        final InMemoryAnalyticsStore inner = new InMemoryAnalyticsStore();
        final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

        int reads(String pk) {
            return reads.getOrDefault(pk, new AtomicInteger()).get();
        }

        @Override
        public boolean apply(String factId, List<Delta> deltas) {
            return inner.apply(factId, deltas);
        }

        @Override
        public List<Row> range(String pk, String from, String to) {
            reads.computeIfAbsent(pk, k -> new AtomicInteger()).incrementAndGet();
            return inner.range(pk, from, to);
        }

        @Override
        public List<Row> range(String pk, String from, String to, Set<String> attributes) {
            reads.computeIfAbsent(pk, k -> new AtomicInteger()).incrementAndGet();
            return inner.range(pk, from, to, attributes);
        }

        @Override
        public Optional<Row> get(String pk, String sk) {
            return inner.get(pk, sk);
        }
    }

    final CountingStore store = new CountingStore();
    final Map<String, AssetFacts> catalogue = new HashMap<>();
    final Aggregator aggregator = new Aggregator(store, id -> Optional.ofNullable(catalogue.get(id)));
    int ids;

    ClosedPiecesTest() {
        for (int i = 0; i < 12; i++) {
            catalogue.put("a" + i, new AssetFacts("a" + i, "Acme", "web", "Asset " + i));
            aggregator.apply(new Fact.Catalogued("cat:a" + i, "a" + i, "Acme", "Asset " + i,
                    BASE.minusDays(30).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
    }

    void use(String asset, UsageKind kind, Instant at) {
        UsageEvent e = new UsageEvent("u" + ids, kind, asset, "user" + ids % 5, "creator",
                ids % 3 == 0 ? "web" : UsageEvent.LIBRARY, at);
        ids++;
        assertEquals(Aggregator.Outcome.APPLIED, aggregator.apply(new Fact.Use(e.id(), e)));
    }

    Reports reports(Clock clock, ClosedPieces closed) {
        return new Reports(store, id -> Optional.ofNullable(catalogue.get(id)), (a, b) -> List.of(), clock,
                Runnable::run, closed);
    }

    static Map<String, List<String>> range(LocalDate from, LocalDate to) {
        return Map.of("from", List.of(from.toString()), "to", List.of(to.toString()));
    }

    static Instant at(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @Test
    void aPieceIsClosedTwoDaysAfterItsLastDayEnded() {
        Piece day = new Piece(Unit.DAY, LocalDate.parse("2026-06-10"));
        Instant ended = Instant.parse("2026-06-11T00:00:00Z");
        assertFalse(ClosedPieces.closed(day, ended.plus(ClosedPieces.SETTLED).minusSeconds(1)));
        assertTrue(ClosedPieces.closed(day, ended.plus(ClosedPieces.SETTLED)));
        Piece month = new Piece(Unit.MONTH, LocalDate.parse("2026-06-01"));
        assertFalse(ClosedPieces.closed(month, Instant.parse("2026-07-02T23:59:59Z")));
        assertTrue(ClosedPieces.closed(month, Instant.parse("2026-07-03T00:00:00Z")));
    }

    @Test
    void aClosedPieceIsReadOnceAnOpenPieceEveryTimeAndAnOpenPieceSeesNewUses() {
        LocalDate today = BASE.plusDays(40);
        MutableClock clock = new MutableClock(at(today).plusSeconds(12 * 3600));
        use("a1", UsageKind.VIEW, at(today.minusDays(10)));
        use("a1", UsageKind.DOWNLOAD, at(today));
        Reports reports = reports(clock, new ClosedPieces(clock));
        String closedDay = AnalyticsKeys.useDay("Acme", today.minusDays(10));
        String openDay = AnalyticsKeys.useDay("Acme", today);
        // A Monday-aligned stretch would put these days into weeks: read the two days alone.
        for (int i = 0; i < 3; i++) {
            reports.run(MANAGER, "top-assets", range(today.minusDays(10), today.minusDays(10)));
            Report open = reports.run(MANAGER, "top-assets", range(today, today));
            assertEquals(i + 1L, open.rows().get(0).get(4), "the open day counts the download just made");
            use("a1", UsageKind.DOWNLOAD, at(today).plusSeconds(60));
        }
        assertEquals(1, store.reads(closedDay));
        assertEquals(3, store.reads(openDay));
    }

    @Test
    void aClosedWeekOfDownloadsIsReadOnceAnOpenOneEveryTime() {
        LocalDate today = BASE.plusDays(40);
        MutableClock clock = new MutableClock(at(today).plusSeconds(12 * 3600));
        use("a1", UsageKind.DOWNLOAD, at(today.minusDays(10)));
        use("a1", UsageKind.DOWNLOAD, at(today));
        Reports reports = reports(clock, new ClosedPieces(clock));
        String closedMonth = AnalyticsKeys.downloads("Acme", "U", java.time.YearMonth.from(today.minusDays(10)));
        for (int i = 0; i < 3; i++) {
            Report r = reports.run(MANAGER, "downloads-by-user", range(today.minusDays(10), today.minusDays(10)));
            assertEquals(1L, r.summary().get("downloads"));
        }
        assertEquals(1, store.reads(closedMonth));
        int before = store.reads(AnalyticsKeys.downloads("Acme", "U", java.time.YearMonth.from(today)));
        for (int i = 0; i < 3; i++) {
            reports.run(MANAGER, "downloads-by-user", range(today, today));
        }
        assertEquals(before + 3, store.reads(AnalyticsKeys.downloads("Acme", "U", java.time.YearMonth.from(today))));
    }

    @Test
    void aClosedPieceIsReadAgainAfterTheTtl() {
        LocalDate day = BASE.plusDays(5);
        MutableClock clock = new MutableClock(at(BASE.plusDays(40)));
        use("a1", UsageKind.VIEW, at(day));
        Reports reports = reports(clock, new ClosedPieces(clock, 16, Duration.ofMinutes(15)));
        String pk = AnalyticsKeys.useDay("Acme", day);
        reports.run(MANAGER, "top-assets", range(day, day));
        clock.advance(Duration.ofMinutes(14));
        reports.run(MANAGER, "top-assets", range(day, day));
        assertEquals(1, store.reads(pk));
        clock.advance(Duration.ofMinutes(1));
        reports.run(MANAGER, "top-assets", range(day, day));
        assertEquals(2, store.reads(pk));
    }

    @Test
    void atMostMaxEntriesPiecesAreKeptTheLeastRecentlyUsedGoesFirst() {
        MutableClock clock = new MutableClock(at(BASE.plusDays(40)));
        ClosedPieces closed = new ClosedPieces(clock, 3, Duration.ofMinutes(15));
        Reports reports = reports(clock, closed);
        for (int d = 0; d < 4; d++) {
            reports.run(MANAGER, "top-assets", range(BASE.plusDays(d), BASE.plusDays(d)));
            assertEquals(Math.min(d + 1, 3), closed.size());
        }
        // day 0 was evicted by day 3; days 1-3 are still kept
        for (int d = 0; d < 4; d++) {
            reports.run(MANAGER, "top-assets", range(BASE.plusDays(d), BASE.plusDays(d)));
        }
        assertEquals(2, store.reads(AnalyticsKeys.useDay("Acme", BASE)));
        assertEquals(3, closed.size());
        // re-reading day 0 evicted day 1, the least recently used, and so on round: each was read twice
        assertEquals(2, store.reads(AnalyticsKeys.useDay("Acme", BASE.plusDays(3))));
    }

    @Test
    void cachedReportsEqualUncachedOnesOverRandomRangesWhileUsesKeepArriving() {
        Random random = new Random(12);
        Instant start = at(BASE);
        for (int i = 0; i < 4_000; i++) {
            use("a" + random.nextInt(10), UsageKind.values()[random.nextInt(4)],
                    start.plusSeconds(random.nextInt(400 * 86_400)));
        }
        // From 20:00, ~30 h of minutes: ranges cross midnight, so pieces close while the test runs.
        MutableClock clock = new MutableClock(at(BASE.plusDays(400)).plusSeconds(20 * 3600));
        Reports cached = reports(clock, new ClosedPieces(clock, 64, Duration.ofMinutes(15)));
        Reports live = reports(clock, ClosedPieces.none());
        for (int i = 0; i < 300; i++) {
            // Uses keep arriving for the days not yet closed (today and the two before), and time moves on.
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            for (int k = 0; k < 3; k++) {
                use("a" + random.nextInt(12), UsageKind.values()[random.nextInt(4)],
                        at(today.minusDays(random.nextInt(2))).plusSeconds(random.nextInt(86_400)));
            }
            clock.advance(Duration.ofMinutes(random.nextInt(12)));
            today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            // A few ranges again and again (so pieces are reused, open ones too), and random ones.
            int back = List.of(0, 1, 2, 3, 6, 29, 89, random.nextInt(Reports.MAX_RANGE_DAYS)).get(random.nextInt(8));
            LocalDate from = today.minusDays(back);
            LocalDate to = random.nextBoolean() ? today
                    : from.plusDays(random.nextInt((int) (today.toEpochDay() - from.toEpochDay()) + 1));
            for (String name : List.of("top-assets", "never-used", "downloads-by-user", "downloads-by-channel")) {
                Report a = cached.run(MANAGER, name, range(from, to));
                Report b = live.run(MANAGER, name, range(from, to));
                assertEquals(b.rows(), a.rows(), name + " over " + from + ".." + to);
                assertEquals(b.summary(), a.summary(), name + " over " + from + ".." + to);
            }
        }
    }
}
