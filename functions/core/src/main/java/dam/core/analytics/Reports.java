package dam.core.analytics;

import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.auth.Principal;
import dam.core.auth.Role;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The reports ({@code GET /reports/{name}?from=&to=&brand=}): each reads a few aggregate partitions — never the uses
 * themselves, never a scan — and answers a table plus how to chart it. Admins and brand managers, for brands in their
 * scope; every bad parameter is a 400 naming it, an unknown report a 404 listing the known ones.
 */
public final class Reports {

    public static final List<String> NAMES = List.of("top-assets", "never-used", "downloads-by-user",
            "downloads-by-team", "downloads-by-channel", "approval-cycle", "review-rounds", "reviewer-response",
            "expiring", "storage", "placements", "searches");
    public static final int MAX_RANGE_DAYS = 366;
    public static final int DEFAULT_RANGE_DAYS = 30;
    public static final int MAX_LIMIT = 500;
    public static final int MAX_EXPIRY_DAYS = 366;
    private static final Set<String> PARAMS = Set.of("from", "to", "brand", "format", "limit", "days");

    private final AnalyticsStore store;
    private final AssetDirectory assets;
    private final ExpiringRights expiring;
    private final Clock clock;
    private final Executor reads;
    private final ClosedPieces closed;

    /**
     * @param reads  runs independent partition reads of one report in parallel
     * @param closed the usage pieces that can no longer change, kept across reports (one per container)
     */
    public Reports(AnalyticsStore store, AssetDirectory assets, ExpiringRights expiring, Clock clock, Executor reads,
                   ClosedPieces closed) {
        this.store = Objects.requireNonNull(store);
        this.assets = Objects.requireNonNull(assets);
        this.expiring = Objects.requireNonNull(expiring);
        this.clock = Objects.requireNonNull(clock);
        this.reads = Objects.requireNonNull(reads);
        this.closed = Objects.requireNonNull(closed);
    }

    /** Reports that read every piece every time. */
    public Reports(AnalyticsStore store, AssetDirectory assets, ExpiringRights expiring, Clock clock, Executor reads) {
        this(store, assets, expiring, clock, reads, ClosedPieces.none());
    }

    /** The validated request: who, which brands, which days. */
    record Query(List<String> brands, LocalDate from, LocalDate to, int limit) {
    }

    public Report run(Principal who, String name, Map<String, List<String>> params) {
        if (!NAMES.contains(name)) {
            throw new NotFoundException("name", "no report '" + name + "'; reports: " + String.join(", ", NAMES));
        }
        if (!who.hasAny(Role.ADMIN, Role.BRAND_MANAGER)) {
            throw new ForbiddenException("reports are for admins and brand managers");
        }
        Query q = query(who, name, params);
        return switch (name) {
            case "top-assets" -> topAssets(q);
            case "never-used" -> neverUsed(q);
            case "downloads-by-user" -> downloads(q, "U", "user");
            case "downloads-by-team" -> downloads(q, "T", "team");
            case "downloads-by-channel" -> downloads(q, "C", "channel");
            case "approval-cycle" -> approvalCycle(q);
            case "review-rounds" -> reviewRounds(q);
            case "reviewer-response" -> reviewerResponse(q);
            case "expiring" -> expiring(q);
            case "storage" -> storage(q);
            case "placements" -> placements(q);
            default -> searches(q);
        };
    }

    /** Every problem at once; nothing is read before the request is valid. */
    Query query(Principal who, String name, Map<String, List<String>> params) {
        List<FieldError> errors = new ArrayList<>();
        for (String p : params.keySet()) {
            if (!PARAMS.contains(p)) {
                errors.add(new FieldError(p, Codes.UNKNOWN_VALUE, "unknown parameter; use " + new java.util.TreeSet<>(
                        PARAMS)));
            }
        }
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (PARAMS.contains(e.getKey()) && e.getValue().size() > 1) {
                errors.add(new FieldError(e.getKey(), Codes.TOO_MANY, "give " + e.getKey() + " once"));
            }
        }
        String format = one(params, "format");
        if (format != null && !format.equals("json") && !format.equals("csv")) {
            errors.add(new FieldError("format", Codes.UNKNOWN_VALUE, "format is json or csv"));
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate from;
        LocalDate to;
        if (name.equals("expiring")) {
            if (params.containsKey("from") || params.containsKey("to")) {
                errors.add(new FieldError("from", Codes.INVALID, "expiring looks ahead from today: use days="));
            }
            int days = integer(params, "days", 30, 1, MAX_EXPIRY_DAYS, errors);
            from = today;
            to = today.plusDays(days - 1L);
        } else {
            if (params.containsKey("days")) {
                errors.add(new FieldError("days", Codes.INVALID, "days= is for the expiring report; use from= and to="));
            }
            to = date(params, "to", today, errors);
            from = date(params, "from", to == null ? today : to.minusDays(DEFAULT_RANGE_DAYS - 1L), errors);
            if (from != null && to != null) {
                if (from.isAfter(to)) {
                    errors.add(new FieldError("from", Codes.INVALID, "from " + from + " is after to " + to));
                } else if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_RANGE_DAYS) {
                    errors.add(new FieldError("to", Codes.INVALID, "at most " + MAX_RANGE_DAYS + " days per report"));
                }
            }
        }
        int limit = integer(params, "limit", 20, 1, MAX_LIMIT, errors);
        List<String> brands = brands(who, one(params, "brand"), name, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Query(brands, from, to, limit);
    }

    private static List<String> brands(Principal who, String brand, String name, List<FieldError> errors) {
        if (brand != null) {
            if (brand.isBlank() || brand.length() > 100) {
                errors.add(new FieldError("brand", Codes.INVALID, "brand is a brand name (1-100 characters)"));
                return List.of();
            }
            if (!who.inBrandScope(brand)) {
                throw new ForbiddenException("brand " + brand + " is not in your scope");
            }
            return List.of(brand.strip());
        }
        boolean everyBrand = who.has(Role.ADMIN) && who.brands().isEmpty();
        if (everyBrand && !name.equals("storage") && !name.equals("searches")) {
            errors.add(new FieldError("brand", Codes.REQUIRED, "name a brand (you may see every brand)"));
            return List.of();
        }
        return everyBrand ? List.of(AnalyticsKeys.ALL) : List.copyOf(who.brands());
    }

    private static String one(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static LocalDate date(Map<String, List<String>> params, String name, LocalDate fallback,
                                  List<FieldError> errors) {
        String raw = one(params, name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, Codes.INVALID, name + " is a date like 2026-06-01"));
            return null;
        }
    }

    private static int integer(Map<String, List<String>> params, String name, int fallback, int min, int max,
                               List<FieldError> errors) {
        String raw = one(params, name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        errors.add(new FieldError(name, Codes.INVALID, name + " is a whole number from " + min + " to " + max));
        return fallback;
    }

    // --- reports -------------------------------------------------------------------------------------------------

    private static final List<String> USE_COUNTERS = List.of("views", "downloads", "shares", "placements");
    private static final Set<String> USE_ATTRIBUTES = Set.of("views", "downloads", "shares", "placements", "title");

    /**
     * Per-asset totals over the range, from the month, week and day items {@link DayCover} picks; the closed ones from
     * {@link ClosedPieces} once read (exact: nothing changes them any more), the open ones read live.
     */
    private record Usage(Map<String, long[]> totals, Map<String, String> titles) {
    }

    /** @param attributes what to read of each item: the counters and title, or nothing (which assets were used) */
    private Usage usage(Query q, Set<String> attributes) {
        List<Supplier<List<Row>>> parts = new ArrayList<>();
        List<DayCover.Piece> pieces = DayCover.of(q.from(), q.to());
        for (String brand : q.brands()) {
            for (DayCover.Piece p : pieces) {
                String pk = switch (p.unit()) {
                    case DAY -> AnalyticsKeys.useDay(brand, p.start());
                    case WEEK -> AnalyticsKeys.useWeek(brand, p.start());
                    case MONTH -> AnalyticsKeys.useMonth(brand, YearMonth.from(p.start()));
                };
                parts.add(() -> closed.rows(p, pk, attributes, () -> store.range(pk, "", "~", attributes)));
            }
        }
        Map<String, long[]> totals = new HashMap<>();
        Map<String, String> titles = new HashMap<>();
        for (List<Row> rows : parallel(parts)) {
            for (Row r : rows) {
                long[] t = totals.computeIfAbsent(r.sk(), k -> new long[USE_COUNTERS.size()]);
                for (int i = 0; i < USE_COUNTERS.size(); i++) {
                    t[i] += r.number(USE_COUNTERS.get(i));
                }
                if (r.string("title") != null) {
                    titles.put(r.sk(), r.string("title"));
                }
            }
        }
        return new Usage(totals, titles);
    }

    private Report topAssets(Query q) {
        Usage usage = usage(q, USE_ATTRIBUTES);
        Map<String, long[]> totals = usage.totals();
        Map<String, String> titles = usage.titles();
        List<Map.Entry<String, long[]>> ranked = new ArrayList<>(totals.entrySet());
        ranked.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -sum(e.getValue()))
                .thenComparingLong(e -> -e.getValue()[1]).thenComparing(Map.Entry::getKey));
        List<List<Object>> rows = new ArrayList<>();
        long uses = 0;
        for (Map.Entry<String, long[]> e : ranked) {
            uses += sum(e.getValue());
            if (rows.size() < q.limit()) {
                long[] t = e.getValue();
                rows.add(List.of(rows.size() + 1, e.getKey(), titles.getOrDefault(e.getKey(), e.getKey()), t[0], t[1],
                        t[2], t[3], sum(t)));
            }
        }
        return report("top-assets", "Top assets", q,
                List.of("rank", "assetId", "title", "views", "downloads", "shares", "placements", "total"), rows,
                new Report.Chart("bar", "title", List.of("total"), null),
                Map.of("assetsUsed", totals.size(), "uses", uses));
    }

    private static long sum(long[] t) {
        long s = 0;
        for (long v : t) {
            s += v;
        }
        return s;
    }

    private Report neverUsed(Query q) {
        Map<String, long[]> used = usage(q, Set.of()).totals();
        List<Supplier<List<Row>>> parts = new ArrayList<>();
        q.brands().forEach(b -> parts.add(() -> store.range(AnalyticsKeys.catalogue(b), "", "~",
                Set.of("title", "createdAt"))));
        List<Row> catalogue = new ArrayList<>();
        parallel(parts).forEach(catalogue::addAll);
        List<Row> never = catalogue.stream()
                .filter(r -> r.string("createdAt") == null || r.string("createdAt").substring(0, 10)
                        .compareTo(q.to().toString()) <= 0)
                .filter(r -> !used.containsKey(r.sk()))
                .sorted(Comparator.comparing((Row r) -> String.valueOf(r.string("createdAt"))).thenComparing(Row::sk))
                .toList();
        List<List<Object>> rows = new ArrayList<>();
        for (Row r : never) {
            if (rows.size() >= q.limit()) {
                break;
            }
            String created = r.string("createdAt") == null ? "" : r.string("createdAt");
            rows.add(List.of(r.sk(), String.valueOf(r.string("title")), created,
                    created.length() >= 7 ? created.substring(0, 7) : ""));
        }
        return report("never-used", "Assets not used in the period", q,
                List.of("assetId", "title", "createdAt", "createdMonth"), rows,
                new Report.Chart("histogram", "createdMonth", List.of(), null),
                Map.of("catalogue", catalogue.size(), "neverUsed", never.size(), "shown", rows.size()));
    }

    private Report downloads(Query q, String dimension, String column) {
        TreeMap<String, Long> counts = new TreeMap<>();
        for (Row r : byWeek(q, m -> AnalyticsKeys.downloads(m.brand, dimension, m.month), Set.of("downloads"))) {
            counts.merge(r.sk(), r.number("downloads"), Long::sum); // sk = day#value
        }
        List<List<Object>> rows = new ArrayList<>();
        Map<String, Long> byKey = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            int hash = e.getKey().indexOf('#');
            String key = e.getKey().substring(hash + 1);
            rows.add(List.of(e.getKey().substring(0, hash), key, e.getValue()));
            byKey.merge(key, e.getValue(), Long::sum);
            total += e.getValue();
        }
        return report("downloads-by-" + column, "Downloads by " + column, q, List.of("day", column, "downloads"),
                rows, new Report.Chart("line", "day", List.of("downloads"), column),
                Map.of("downloads", total, column + "s", byKey.size()));
    }

    private Report approvalCycle(Query q) {
        List<List<Object>> rows = new ArrayList<>();
        List<Double> days = new ArrayList<>();
        for (Row r : monthly(q, m -> AnalyticsKeys.cycles(m.brand, m.month))) {
            double d = round1(Long.parseLong(r.string("seconds")) / 86_400.0);
            days.add(d);
            rows.add(List.of(r.sk().substring(11), String.valueOf(r.string("title")), r.string("submittedAt"),
                    r.string("approvedAt"), d));
        }
        return report("approval-cycle", "Approval cycle time (brief submitted → approved)", q,
                List.of("briefId", "title", "submittedAt", "approvedAt", "days"), rows,
                new Report.Chart("bar", "title", List.of("days"), null),
                stats("briefs", days, "Days"));
    }

    private Report reviewRounds(Query q) {
        List<List<Object>> rows = new ArrayList<>();
        List<Double> rounds = new ArrayList<>();
        for (Row r : monthly(q, m -> AnalyticsKeys.rounds(m.brand, m.month))) {
            String[] k = r.sk().split("#");
            int n = Integer.parseInt(r.string("rounds"));
            rounds.add((double) n);
            rows.add(List.of(k[1], String.valueOf(r.string("title")), Integer.parseInt(k[2].substring(1)),
                    r.string("approvedAt"), n));
        }
        return report("review-rounds", "Review rounds per approved asset", q,
                List.of("assetId", "title", "version", "approvedAt", "rounds"), rows,
                new Report.Chart("histogram", "rounds", List.of(), null), stats("approvals", rounds, "Rounds"));
    }

    private Report reviewerResponse(Query q) {
        Map<String, List<Double>> hours = new TreeMap<>();
        Map<String, Integer> inSla = new HashMap<>();
        List<Double> all = new ArrayList<>();
        for (Row r : monthly(q, m -> AnalyticsKeys.responses(m.brand, m.month))) {
            double h = Long.parseLong(r.string("seconds")) / 3600.0;
            hours.computeIfAbsent(r.string("reviewer"), k -> new ArrayList<>()).add(h);
            all.add(h);
            if ("yes".equals(r.string("withinSla"))) {
                inSla.merge(r.string("reviewer"), 1, Integer::sum);
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        int met = 0;
        for (Map.Entry<String, List<Double>> e : hours.entrySet()) {
            int n = e.getValue().size();
            int ok = inSla.getOrDefault(e.getKey(), 0);
            met += ok;
            rows.add(List.of(e.getKey(), n, round1(percentile(e.getValue(), 50)), round1(percentile(e.getValue(), 90)),
                    ok, round1(100.0 * ok / n)));
        }
        Map<String, Object> summary = new LinkedHashMap<>(stats("decisions", all, "Hours"));
        summary.put("slaHours", Aggregator.REVIEW_SLA.toHours());
        summary.put("withinSlaPercent", all.isEmpty() ? 0.0 : round1(100.0 * met / all.size()));
        return report("reviewer-response", "Reviewer response time (SLA " + Aggregator.REVIEW_SLA.toHours() + " h)",
                q, List.of("reviewer", "decisions", "medianHours", "p90Hours", "withinSla", "withinSlaPercent"), rows,
                new Report.Chart("bar", "reviewer", List.of("medianHours"), null), summary);
    }

    private Report expiring(Query q) {
        List<ExpiringRights.Entry> entries = expiring.endingBetween(q.from(), q.to());
        Map<String, AssetFacts> facts = assets.findAll(entries.stream().map(ExpiringRights.Entry::assetId)
                .distinct().toList());
        boolean every = q.brands().contains(AnalyticsKeys.ALL);
        List<List<Object>> rows = new ArrayList<>();
        entries.stream().sorted(Comparator.comparing(ExpiringRights.Entry::endsAt)).forEach(e -> {
            AssetFacts a = facts.get(e.assetId());
            if (a != null && (every || q.brands().stream().anyMatch(b -> b.equalsIgnoreCase(a.brand())))) {
                // The last day of use is the day before the end instant (records end at the start of a day).
                rows.add(List.of(e.endsAt().minusSeconds(1).atZone(ZoneOffset.UTC).toLocalDate().toString(),
                        e.assetId(), a.title(), a.brand(), e.rightsId(), e.endsAt().toString()));
            }
        });
        return report("expiring", "Assets whose rights end in the next " + (ChronoUnit.DAYS.between(q.from(),
                        q.to()) + 1) + " days", q, List.of("lastDay", "assetId", "title", "brand", "rightsId", "endsAt"),
                rows, new Report.Chart("histogram", "lastDay", List.of(), null), Map.of("records", rows.size()));
    }

    private Report storage(Query q) {
        boolean every = q.brands().contains(AnalyticsKeys.ALL);
        List<List<Object>> rows = new ArrayList<>();
        long bytes = 0;
        for (Row r : store.range(AnalyticsKeys.STORAGE, "", "~")) {
            String brand = r.string("brand") == null ? r.sk() : r.string("brand");
            if (every || q.brands().stream().anyMatch(b -> AnalyticsKeys.brand(b).equals(r.sk()))) {
                bytes += r.number("bytes");
                rows.add(List.of(brand, r.number("bytes"), round1(r.number("bytes") / 1_048_576.0),
                        r.number("versions")));
            }
        }
        return report("storage", "Storage by brand", q, List.of("brand", "bytes", "megabytes", "versions"), rows,
                new Report.Chart("bar", "brand", List.of("megabytes"), null), Map.of("bytes", bytes));
    }

    private Report placements(Query q) {
        List<List<Object>> rows = new ArrayList<>();
        for (Row r : monthly(q, m -> AnalyticsKeys.placements(m.brand, m.month))) {
            String[] k = r.sk().split("#");
            rows.add(List.of(k[0], k[1], String.valueOf(r.string("title")), String.valueOf(r.string("channel")),
                    String.valueOf(r.string("user")), String.valueOf(r.string("at"))));
        }
        return report("placements", "Placements", q, List.of("day", "assetId", "title", "channel", "by", "at"),
                rows, new Report.Chart("histogram", "channel", List.of(), null), Map.of("placements", rows.size()));
    }

    private Report searches(Query q) {
        List<List<Object>> rows = new ArrayList<>();
        long total = 0;
        for (YearMonth m = YearMonth.from(q.from()); !m.isAfter(YearMonth.from(q.to())); m = m.plusMonths(1)) {
            for (Row r : store.range(AnalyticsKeys.searches(m), q.from().toString(), q.to().toString())) {
                rows.add(List.of(r.sk(), r.number("searches")));
                total += r.number("searches");
            }
        }
        return report("searches", "Library searches (all brands)", q, List.of("day", "searches"), rows,
                new Report.Chart("line", "day", List.of("searches"), null), Map.of("searches", total));
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private record BrandMonth(String brand, YearMonth month) {
    }

    /** The rows of a per-brand, per-month series whose sort keys start with a day in the range, in day order. */
    private List<Row> monthly(Query q, java.util.function.Function<BrandMonth, String> partition) {
        List<Supplier<List<Row>>> parts = new ArrayList<>();
        for (String brand : q.brands()) {
            for (YearMonth m = YearMonth.from(q.from()); !m.isAfter(YearMonth.from(q.to())); m = m.plusMonths(1)) {
                String pk = partition.apply(new BrandMonth(brand, m));
                parts.add(() -> store.range(pk, q.from().toString(), q.to() + "#~"));
            }
        }
        List<Row> out = new ArrayList<>();
        parallel(parts).forEach(out::addAll);
        out.sort(Comparator.comparing(Row::sk));
        return out;
    }

    /**
     * {@link #monthly}, one Query per week of each month (a month of downloads by user is thousands of items: read in
     * parallel pieces) and only {@code attributes} of each item; the weeks that can no longer change come from
     * {@link ClosedPieces} once read.
     */
    private List<Row> byWeek(Query q, java.util.function.Function<BrandMonth, String> partition,
                             Set<String> attributes) {
        List<Supplier<List<Row>>> parts = new ArrayList<>();
        for (String brand : q.brands()) {
            for (LocalDate day = q.from(); !day.isAfter(q.to()); ) {
                LocalDate sunday = AnalyticsKeys.weekOf(day).plusDays(6);
                LocalDate end = Collections.min(List.of(sunday, YearMonth.from(day).atEndOfMonth(), q.to()));
                String pk = partition.apply(new BrandMonth(brand, YearMonth.from(day)));
                String from = day.toString();
                parts.add(() -> closed.rows(end, pk, from, end + "#~", attributes,
                        () -> store.range(pk, from, end + "#~", attributes)));
                day = end.plusDays(1);
            }
        }
        List<Row> out = new ArrayList<>();
        parallel(parts).forEach(out::addAll);
        out.sort(Comparator.comparing(Row::sk));
        return out;
    }

    private <T> List<T> parallel(List<Supplier<T>> tasks) {
        List<CompletableFuture<T>> futures = tasks.stream()
                .map(t -> CompletableFuture.supplyAsync(t, reads)).toList();
        List<T> out = new ArrayList<>();
        for (CompletableFuture<T> f : futures) {
            try {
                out.add(f.join());
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        return out;
    }

    private Report report(String name, String title, Query q, List<String> columns, List<List<Object>> rows,
                          Report.Chart chart, Map<String, Object> summary) {
        return new Report(name, title, q.brands(), q.from(), q.to(), clock.instant(), columns, rows, chart, summary);
    }

    private static Map<String, Object> stats(String countName, List<Double> values, String unit) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put(countName, values.size());
        s.put("median" + unit, round1(percentile(values, 50)));
        s.put("p90" + unit, round1(percentile(values, 90)));
        return s;
    }

    /** Nearest-rank percentile; 0 for no values. */
    static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
