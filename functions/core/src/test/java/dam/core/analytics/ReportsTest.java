package dam.core.analytics;

import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.analytics.memory.InMemoryAnalyticsStore;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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

class ReportsTest {

    static final Instant NOW = Instant.parse("2026-06-20T12:00:00Z");
    static final Principal MANAGER = new Principal("mia@acme.example", null, Set.of(Role.BRAND_MANAGER),
            Set.of("Acme"));
    static final Principal ADMIN = new Principal("root", null, Set.of(Role.ADMIN), Set.of());
    static final Principal CREATOR = new Principal("cara@acme.example", null, Set.of(Role.CREATOR), Set.of("Acme"));

    final InMemoryAnalyticsStore store = new InMemoryAnalyticsStore();
    final Map<String, AssetFacts> catalogue = new HashMap<>();
    final List<ExpiringRights.Entry> expiring = new ArrayList<>();
    final AssetDirectory directory = id -> Optional.ofNullable(catalogue.get(id));
    final Aggregator aggregator = new Aggregator(store, directory);
    final Reports reports = new Reports(store, directory, (a, b) -> expiring.stream()
            .filter(e -> !e.endsAt().minusSeconds(1).atZone(ZoneOffset.UTC).toLocalDate().isBefore(a)
                    && !e.endsAt().minusSeconds(1).atZone(ZoneOffset.UTC).toLocalDate().isAfter(b)).toList(),
            Clock.fixed(NOW, ZoneOffset.UTC), Runnable::run);
    int ids;

    void asset(String id, String brand, String channel) {
        catalogue.put(id, new AssetFacts(id, brand, channel, "Title " + id));
        aggregator.apply(new Fact.Catalogued("cat:" + id, id, brand, "Title " + id, NOW.minus(Duration.ofDays(60))));
    }

    UsageEvent use(UsageKind kind, String asset, String user, Instant at) {
        UsageEvent e = new UsageEvent("u" + ++ids, kind, asset, user, "creator", UsageEvent.LIBRARY, at);
        assertEquals(Aggregator.Outcome.APPLIED, aggregator.apply(new Fact.Use(e.id(), e)));
        return e;
    }

    static Map<String, List<String>> params(String... kv) {
        Map<String, List<String>> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new ArrayList<>()).add(kv[i + 1]);
        }
        return m;
    }

    @Test
    void topAssetsEqualTheGeneratedUsesOverMonthsAndRaggedDays() {
        asset("a1", "Acme", "social");
        asset("a2", "Acme", "web");
        asset("z1", "Zest", "web");
        Random random = new Random(7);
        Map<String, long[]> expected = new HashMap<>();
        Instant first = Instant.parse("2026-03-10T00:00:00Z");
        for (int i = 0; i < 2_000; i++) {
            Instant at = first.plusSeconds(random.nextInt(100 * 86_400));
            String a = random.nextBoolean() ? "a1" : random.nextInt(3) == 0 ? "z1" : "a2";
            UsageKind kind = UsageKind.values()[random.nextInt(4)];
            use(kind, a, "user" + random.nextInt(5), at);
            String day = at.toString().substring(0, 10);
            if (day.compareTo("2026-03-15") >= 0 && day.compareTo("2026-06-02") <= 0) {
                expected.computeIfAbsent(a, k -> new long[4])[kind.ordinal()]++;
            }
        }
        Report r = reports.run(MANAGER, "top-assets", params("from", "2026-03-15", "to", "2026-06-02"));
        assertEquals(2, r.rows().size(), "only Acme's assets");
        for (List<Object> row : r.rows()) {
            long[] want = expected.get((String) row.get(1));
            assertEquals(List.of(want[0], want[1], want[2], want[3]), row.subList(3, 7), "counts of " + row.get(1));
        }
        assertTrue((long) r.rows().get(0).get(7) >= (long) r.rows().get(1).get(7), "ranked by total");
    }

    @Test
    void downloadsAndNeverUsedOverRaggedRangesAcrossMonthsAndWeeks() {
        for (int i = 0; i < 30; i++) {
            asset("a" + i, "Acme", i % 2 == 0 ? "web" : "print");
        }
        Random random = new Random(8);
        Map<String, Long> expected = new java.util.TreeMap<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        Instant first = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < 1_500; i++) {
            Instant at = first.plusSeconds(random.nextInt(110 * 86_400));
            String a = "a" + random.nextInt(29); // a29 is never used
            UsageKind kind = random.nextBoolean() ? UsageKind.DOWNLOAD : UsageKind.VIEW;
            String user = "user" + random.nextInt(7);
            use(kind, a, user, at);
            String day = at.toString().substring(0, 10);
            if (day.compareTo("2026-03-18") >= 0 && day.compareTo("2026-06-11") <= 0) {
                used.add(a);
                if (kind == UsageKind.DOWNLOAD) {
                    expected.merge(day + "#" + user, 1L, Long::sum);
                }
            }
        }
        Map<String, List<String>> range = params("from", "2026-03-18", "to", "2026-06-11");
        List<List<Object>> want = expected.entrySet().stream()
                .map(e -> List.<Object>of(e.getKey().substring(0, 10), e.getKey().substring(11), e.getValue()))
                .toList();
        assertEquals(want, reports.run(MANAGER, "downloads-by-user", range).rows());
        Report never = reports.run(MANAGER, "never-used", range);
        assertEquals(catalogue.keySet().stream().filter(a -> !used.contains(a)).sorted().toList(),
                never.rows().stream().map(row -> (String) row.get(0)).sorted().toList());
        assertTrue(never.rows().stream().anyMatch(row -> row.get(0).equals("a29")));
        assertEquals("Title a29", never.rows().stream().filter(row -> row.get(0).equals("a29")).findFirst()
                .orElseThrow().get(1), "titles come from the catalogue");
    }

    @Test
    void aDuplicateFactCountsOnce() {
        asset("a1", "Acme", "social");
        UsageEvent e = use(UsageKind.DOWNLOAD, "a1", "bob", NOW);
        assertEquals(Aggregator.Outcome.DUPLICATE, aggregator.apply(new Fact.Use(e.id(), e)));
        Report r = reports.run(MANAGER, "downloads-by-user", params());
        assertEquals(List.of(List.of("2026-06-20", "bob", 1L)), r.rows());
        assertEquals(List.of(List.of("2026-06-20", "social", 1L)),
                reports.run(MANAGER, "downloads-by-channel", params()).rows());
    }

    @Test
    void neverUsedIsTheCatalogueMinusWhatWasUsedInTheRange() {
        asset("a1", "Acme", "social");
        asset("a2", "Acme", "web");
        asset("a3", "Acme", "web");
        use(UsageKind.VIEW, "a2", "bob", NOW.minus(Duration.ofDays(2)));
        use(UsageKind.VIEW, "a3", "bob", NOW.minus(Duration.ofDays(45)));
        Report r = reports.run(MANAGER, "never-used", params());
        assertEquals(List.of("a1", "a3"), r.rows().stream().map(row -> row.get(0)).sorted().toList());
        assertEquals(3, r.summary().get("catalogue"));
    }

    @Test
    void approvalCycleRoundsAndReviewerResponse() {
        asset("a1", "Acme", "social");
        Instant submitted = NOW.minus(Duration.ofDays(4));
        aggregator.apply(new Fact.BriefSubmitted("b1:submitted", "b1", "Acme", submitted));
        aggregator.apply(new Fact.BriefSubmitted("b1:submitted-again", "b1", "Acme", submitted.plusSeconds(60)));
        aggregator.apply(new Fact.BriefApproved("b1:approved", "b1", "Acme", "Summer", submitted.plus(
                Duration.ofHours(36))));
        assertEquals(List.of(List.of("b1", "Summer", submitted.toString(), submitted.plus(Duration.ofHours(36))
                .toString(), 1.5)), reports.run(MANAGER, "approval-cycle", params()).rows(), "first submission counts");
        aggregator.apply(new Fact.AssetApproved("a1:v2", "a1", "Acme", 2, 2, NOW));
        assertEquals(2, reports.run(MANAGER, "review-rounds", params()).rows().get(0).get(4));
        aggregator.apply(new Fact.ReviewerDecided("l1", "a1", "rex", "approve", NOW.minus(Duration.ofHours(10)), NOW));
        aggregator.apply(new Fact.ReviewerDecided("l2", "a1", "rex", "changes", NOW.minus(Duration.ofDays(4)), NOW));
        Report resp = reports.run(MANAGER, "reviewer-response", params());
        assertEquals(List.of("rex", 2, 10.0, 96.0, 1, 50.0), resp.rows().get(0));
    }

    @Test
    void storageAndExpiringAreScopedToTheCallersBrands() {
        asset("a1", "Acme", "social");
        asset("z1", "Zest", "web");
        aggregator.apply(new Fact.Stored("a1/v1", "a1", 2_000_000, NOW));
        aggregator.apply(new Fact.Stored("a1/v2", "a1", 1_000_000, NOW));
        aggregator.apply(new Fact.Stored("z1/v1", "z1", 5, NOW));
        assertEquals(List.of(List.of("Acme", 3_000_000L, 2.9, 2L)), reports.run(MANAGER, "storage", params()).rows());
        assertEquals(2, reports.run(ADMIN, "storage", params()).rows().size(), "an unscoped admin sees every brand");
        expiring.add(new ExpiringRights.Entry("a1", "r1", Instant.parse("2026-07-01T00:00:00Z")));
        expiring.add(new ExpiringRights.Entry("z1", "r2", Instant.parse("2026-07-02T00:00:00Z")));
        expiring.add(new ExpiringRights.Entry("a1", "r3", Instant.parse("2026-09-01T00:00:00Z")));
        Report next30 = reports.run(MANAGER, "expiring", params());
        assertEquals(List.of(List.of("2026-06-30", "a1", "Title a1", "Acme", "r1", "2026-07-01T00:00:00Z")),
                next30.rows());
        assertEquals(2, reports.run(MANAGER, "expiring", params("days", "90")).rows().size());
    }

    @Test
    void permissionsAndBadParameters() {
        assertThrows(ForbiddenException.class, () -> reports.run(CREATOR, "top-assets", params()));
        assertThrows(ForbiddenException.class, () -> reports.run(MANAGER, "top-assets", params("brand", "Zest")));
        assertThrows(NotFoundException.class, () -> reports.run(MANAGER, "nope", params()));
        ValidationException e = assertThrows(ValidationException.class, () -> reports.run(MANAGER, "top-assets",
                params("from", "2026-13-01", "to", "yesterday", "limit", "0", "format", "xml", "colour", "red")));
        assertEquals(List.of("colour", "format", "to", "from", "limit"),
                e.errors().stream().map(dam.core.FieldError::field).toList());
        assertThrows(ValidationException.class, () -> reports.run(MANAGER, "top-assets",
                params("from", "2026-06-02", "to", "2026-06-01")));
        assertThrows(ValidationException.class, () -> reports.run(MANAGER, "top-assets",
                params("from", "2024-01-01", "to", "2026-06-01")));
        assertThrows(ValidationException.class, () -> reports.run(ADMIN, "top-assets", params()),
                "an unscoped admin names a brand");
        assertFalse(reports.run(ADMIN, "top-assets", params("brand", "acme")).brands().isEmpty());
    }

    @Test
    void csvQuotesAndDefusesFormulas() {
        Report r = new Report("x", "X", List.of("Acme"), null, null, NOW, List.of("title", "n"),
                List.of(List.of("=HYPERLINK(\"x\")", 3L), List.of("a,b", -1L)), null, Map.of());
        assertEquals("title,n\r\n\"'=HYPERLINK(\"\"x\"\")\",3\r\n\"a,b\",-1\r\n", Csv.of(r));
    }
}
