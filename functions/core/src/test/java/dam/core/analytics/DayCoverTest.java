package dam.core.analytics;

import dam.core.analytics.DayCover.Piece;
import dam.core.analytics.DayCover.Unit;
import dam.core.analytics.memory.InMemoryAnalyticsStore;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DayCoverTest {

    static final LocalDate BASE = LocalDate.parse("2025-11-03");

    @Test
    void ninetyDaysFromTheSecondOfAprilIsDaysWeeksDaysAndTwoMonths() {
        // 2026-04-02 is a Thursday: Thu-Sun, three weeks, Mon-Thu 27-30 April, May, June.
        List<Piece> pieces = DayCover.of(LocalDate.parse("2026-04-02"), LocalDate.parse("2026-06-30"));
        assertEquals(List.of(day("2026-04-02"), day("2026-04-03"), day("2026-04-04"), day("2026-04-05"),
                week("2026-04-06"), week("2026-04-13"), week("2026-04-20"),
                day("2026-04-27"), day("2026-04-28"), day("2026-04-29"), day("2026-04-30"),
                new Piece(Unit.MONTH, LocalDate.parse("2026-05-01")),
                new Piece(Unit.MONTH, LocalDate.parse("2026-06-01"))), pieces);
    }

    @Test
    void shortRangesAreDaysAndAWholeMonthIsOnePiece() {
        assertEquals(List.of(day("2026-06-10")), DayCover.of(LocalDate.parse("2026-06-10"),
                LocalDate.parse("2026-06-10")));
        assertEquals(List.of(new Piece(Unit.MONTH, LocalDate.parse("2026-02-01"))),
                DayCover.of(LocalDate.parse("2026-02-01"), LocalDate.parse("2026-02-28")));
        // Tuesday to the next Saturday holds no whole Monday-Sunday week: 12 days.
        assertEquals(12, DayCover.of(LocalDate.parse("2026-04-07"), LocalDate.parse("2026-04-18")).size());
        assertThrows(IllegalArgumentException.class, () -> DayCover.of(LocalDate.parse("2026-04-07"),
                LocalDate.parse("2026-04-06")));
    }

    @Test
    void everyDayOfManyRandomRangesIsInExactlyOnePieceAndNoBiggerPieceWasLeftOut() {
        Random random = new Random(10);
        for (int i = 0; i < 5_000; i++) {
            LocalDate from = BASE.plusDays(random.nextInt(500));
            LocalDate to = from.plusDays(random.nextInt(Reports.MAX_RANGE_DAYS));
            List<Piece> pieces = DayCover.of(from, to);
            String range = from + ".." + to;
            LocalDate next = from;
            int days = 0;
            for (Piece p : pieces) {
                assertEquals(next, p.start(), "pieces are contiguous and in order: " + range);
                next = p.last().plusDays(1);
                switch (p.unit()) {
                    case MONTH -> assertEquals(1, p.start().getDayOfMonth(), range);
                    case WEEK -> {
                        assertEquals(DayOfWeek.MONDAY, p.start().getDayOfWeek(), range);
                        assertFalse(monthInside(p.start(), from, to), "a week inside a whole month: " + range);
                    }
                    case DAY -> {
                        days++;
                        assertFalse(monthInside(p.start(), from, to), "a day inside a whole month: " + range);
                        LocalDate monday = AnalyticsKeys.weekOf(p.start());
                        boolean weekFits = !monday.isBefore(from) && !monday.plusDays(6).isAfter(to);
                        boolean weekCrossesAMonth = monthInside(monday, from, to)
                                || monthInside(monday.plusDays(6), from, to);
                        assertFalse(weekFits && !weekCrossesAMonth, "a day of a coverable week: " + p + " " + range);
                    }
                    default -> throw new AssertionError(p);
                }
            }
            assertEquals(to.plusDays(1), next, "the pieces end at the range's end: " + range);
            assertTrue(days <= 24, days + " days: at most 6 at each end of the two stretches around months: "
                    + range);
        }
    }

    @Test
    void topAssetsOverRandomRangesEqualTheSumOfTheDailyItems() {
        InMemoryAnalyticsStore store = new InMemoryAnalyticsStore();
        Map<String, AssetFacts> catalogue = new HashMap<>();
        for (int i = 0; i < 12; i++) {
            catalogue.put("a" + i, new AssetFacts("a" + i, "Acme", "web", "Asset " + i));
        }
        Aggregator aggregator = new Aggregator(store, id -> Optional.ofNullable(catalogue.get(id)));
        Random random = new Random(11);
        Instant start = BASE.atStartOfDay(ZoneOffset.UTC).toInstant();
        for (int i = 0; i < 6_000; i++) {
            UsageKind kind = UsageKind.values()[random.nextInt(4)];
            UsageEvent e = new UsageEvent("u" + i, kind, "a" + random.nextInt(12), "bob", "creator",
                    UsageEvent.LIBRARY, start.plusSeconds(random.nextInt(400 * 86_400)));
            assertEquals(Aggregator.Outcome.APPLIED, aggregator.apply(new Fact.Use(e.id(), e)));
            if (i % 100 == 0) {
                assertEquals(Aggregator.Outcome.DUPLICATE, aggregator.apply(new Fact.Use(e.id(), e)));
            }
        }
        Instant now = BASE.plusDays(400).atStartOfDay(ZoneOffset.UTC).toInstant();
        Reports reports = new Reports(store, id -> Optional.ofNullable(catalogue.get(id)), (a, b) -> List.of(),
                Clock.fixed(now, ZoneOffset.UTC), Runnable::run);
        Principal manager = new Principal("mia@acme.example", null, Set.of(Role.BRAND_MANAGER), Set.of("Acme"));
        List<String> counters = List.of("views", "downloads", "shares", "placements");
        for (int i = 0; i < 300; i++) {
            LocalDate from = BASE.plusDays(random.nextInt(400));
            LocalDate to = from.plusDays(random.nextInt(Math.min(Reports.MAX_RANGE_DAYS, 401
                    - (int) (from.toEpochDay() - BASE.toEpochDay()))));
            Map<String, List<Long>> expected = new HashMap<>();
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                for (Row r : store.range(AnalyticsKeys.useDay("Acme", d), "", "~")) {
                    List<Long> sum = expected.computeIfAbsent(r.sk(), k -> new java.util.ArrayList<>(
                            List.of(0L, 0L, 0L, 0L)));
                    for (int c = 0; c < 4; c++) {
                        sum.set(c, sum.get(c) + r.number(counters.get(c)));
                    }
                }
            }
            Report report = reports.run(manager, "top-assets", Map.of("from", List.of(from.toString()),
                    "to", List.of(to.toString())));
            Map<String, List<Object>> got = new HashMap<>();
            report.rows().forEach(row -> got.put((String) row.get(1), row.subList(3, 7)));
            assertEquals(expected, got, "per-asset counts over " + from + ".." + to);
        }
    }

    @Test
    void aWeekKeyNeedsAMonday() {
        assertEquals("AN#acme#USEW#2026-04-06", AnalyticsKeys.useWeek("Acme", LocalDate.parse("2026-04-06")));
        assertEquals(LocalDate.parse("2026-04-06"), AnalyticsKeys.weekOf(LocalDate.parse("2026-04-12")));
        assertThrows(IllegalArgumentException.class, () -> AnalyticsKeys.useWeek("Acme",
                LocalDate.parse("2026-04-07")));
    }

    private static boolean monthInside(LocalDate day, LocalDate from, LocalDate to) {
        YearMonth m = YearMonth.from(day);
        return !m.atDay(1).isBefore(from) && !m.atEndOfMonth().isAfter(to);
    }

    private static Piece day(String d) {
        return new Piece(Unit.DAY, LocalDate.parse(d));
    }

    private static Piece week(String d) {
        return new Piece(Unit.WEEK, LocalDate.parse(d));
    }
}
