package dam.bench;

import dam.analytics.DynamoAnalyticsStore;
import dam.analytics.DynamoExpiringRights;
import dam.core.analytics.Aggregator;
import dam.core.analytics.ClosedPieces;
import dam.core.analytics.AssetDirectory;
import dam.core.analytics.AssetFacts;
import dam.core.analytics.Fact;
import dam.core.analytics.Report;
import dam.core.analytics.Reports;
import dam.core.analytics.Row;
import dam.core.analytics.UsageEvent;
import dam.core.analytics.UsageKind;
import dam.core.analytics.memory.InMemoryAnalyticsStore;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.local.LocalCloud;
import dam.local.clock.LocalClock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Reports over N usage events (default 100,000; first argument or DAM_BENCH_REPORT_EVENTS): the events — 90 days, one
 * brand, 2,000 assets with a skewed popularity, 200 users, 6 teams, views/downloads/share uses/placements/searches —
 * are folded by the real {@link Aggregator} in memory, and the aggregate items it makes are bulk-written
 * (BatchWriteItem) into a table of the local cloud's DynamoDB, as the analytics function would have left them. Then
 * each report is timed end to end through the edge ({@link Reports} on {@link DynamoAnalyticsStore}, 8 parallel
 * reads) over the last 30 days (month-aligned, and ragged: 21 May – 20 June) and the usage reports also over 90 days
 * (2 April – 30 June: ragged at the start). Prints p50/p95 next to the 300 ms goal with the Query calls and items one
 * run reads, twice: warm (repeated calls on one {@link ClosedPieces}, as a container serves them — what the goal
 * judges) and cold (each the first call on a fresh one); nothing is asserted (counts are AnalyticsE2ETest's,
 * ReportsTest's, DayCoverTest's and ClosedPiecesTest's).
 */
public final class ReportsBench {

    static final int ASSETS = 2_000;
    static final int USERS = 200;
    static final String TABLE = "reports-bench";

    private ReportsBench() {
    }

    public static void main(String[] args) throws Exception {
        String arg = args.length > 0 ? args[0] : System.getenv("DAM_BENCH_REPORT_EVENTS");
        int events = arg == null || arg.isBlank() ? 100_000 : Integer.parseInt(arg.trim());
        Path repo = repoRoot();
        Path state = Files.createTempDirectory("reports-bench");
        List<String> figures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Instant now = Instant.parse("2026-06-30T12:00:00Z");
        Reads reads = new Reads();
        try (LocalClock clock = LocalClock.fixed(now);
             LocalCloud cloud = LocalCloud.start(LocalCloud.Config.forTests(state, repo, clock));
             DynamoDbClient db = DynamoDbClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                     .httpClient(UrlConnectionHttpClient.create())
                     .overrideConfiguration(o -> o.addExecutionInterceptor(reads)).build()) {
            createTable(db);
            Map<String, AssetFacts> catalogue = new HashMap<>();
            for (int i = 0; i < ASSETS; i++) {
                String id = "asset-" + i;
                catalogue.put(id, new AssetFacts(id, "Acme", List.of("web", "social", "email", "print").get(i % 4),
                        "Asset " + i));
            }
            AssetDirectory directory = id -> Optional.ofNullable(catalogue.get(id));
            InMemoryAnalyticsStore memory = new InMemoryAnalyticsStore();
            Aggregator aggregator = new Aggregator(memory, directory);
            long t0 = System.nanoTime();
            catalogue.values().forEach(a -> aggregator.apply(new Fact.Catalogued("cat:" + a.assetId(), a.assetId(),
                    a.brand(), a.title(), now.minus(Duration.ofDays(200)))));
            Random r = new Random(10);
            List<String> teams = List.of("admin", "brand-manager", "creator", "reviewer", "legal", "viewer");
            for (int i = 0; i < events; i++) {
                double u = r.nextDouble();
                UsageKind kind = u < 0.5 ? UsageKind.VIEW : u < 0.8 ? UsageKind.DOWNLOAD : u < 0.9 ? UsageKind.SHARE
                        : u < 0.95 ? UsageKind.PLACEMENT : UsageKind.SEARCH;
                // skewed popularity: a few assets get most uses, the last ~10% none in the period
                String asset = "asset-" + (int) Math.min(ASSETS * 0.9 - 1, Math.floor(Math.pow(r.nextDouble(), 3)
                        * ASSETS * 0.9));
                Instant at = now.minusSeconds(r.nextInt(90 * 86_400));
                UsageEvent e = new UsageEvent("e" + i, kind, kind == UsageKind.SEARCH ? null : asset,
                        "user" + r.nextInt(USERS) + "@acme.example", teams.get(r.nextInt(teams.size())),
                        kind == UsageKind.PLACEMENT ? "web" : UsageEvent.LIBRARY, at);
                aggregator.apply(new Fact.Use("use:" + e.id(), e));
            }
            List<Row> rows = memory.rows();
            double foldS = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            write(db, rows, pool);
            double writeS = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "reports bench: %,d events → %,d aggregate items (folded in %.1f s, "
                    + "bulk-written in %.1f s)%n", events, rows.size(), foldS, writeS);

            Clock fixed = Clock.fixed(now, ZoneOffset.UTC);
            // As AnalyticsWiring builds them: one ClosedPieces per Reports (per container).
            Supplier<Reports> fresh = () -> new Reports(new DynamoAnalyticsStore(db, TABLE, clock), directory,
                    new DynamoExpiringRights(db, TABLE, "GSI1", pool), fixed, pool, new ClosedPieces(fixed));
            Reports reports = fresh.get();
            Principal manager = new Principal("mia@acme.example", null, Set.of(Role.BRAND_MANAGER), Set.of("Acme"));
            String last30 = "last 30 days";
            String ragged30 = "ragged 30 days";
            String last90 = "last 90 days";
            List<String[]> cases = List.of(
                    new String[]{"top-assets", last30}, new String[]{"top-assets", ragged30},
                    new String[]{"top-assets", last90}, new String[]{"never-used", last30},
                    new String[]{"never-used", ragged30}, new String[]{"never-used", last90},
                    new String[]{"downloads-by-user", last30}, new String[]{"downloads-by-user", last90},
                    new String[]{"downloads-by-team", last30}, new String[]{"downloads-by-channel", last30},
                    new String[]{"placements", last30}, new String[]{"expiring", "next 30 days"},
                    new String[]{"storage", "all"});
            for (String[] c : cases) {
                Map<String, List<String>> params = new HashMap<>();
                if (c[1].equals(last90)) {
                    params.put("from", List.of("2026-04-02"));
                } else if (c[1].equals(ragged30)) {
                    params.put("from", List.of("2026-05-22"));
                    params.put("to", List.of("2026-06-20"));
                }
                // warm: repeated calls on one cache (the first ones, untimed, fill it)
                Timing warm = time(reads, new double[60], 10, () -> reports, manager, c[0], params);
                // cold: the first call of a report on a fresh cache, each time a new Reports and ClosedPieces
                Timing cold = time(reads, new double[COLD_RUNS], 0, fresh, manager, c[0], params);
                for (Map.Entry<String, Timing> t : List.of(Map.entry("warm cache", warm), Map.entry("cold cache",
                        cold))) {
                    String cache = t.getKey();
                    Timing m = t.getValue();
                    System.out.printf(Locale.ROOT, "reports bench: %s (%s: %s..%s, %s) over %,d events: p50 %.1f ms, "
                                    + "p95 %.1f ms (goal < 300 ms %s); %d Query calls, %,d items read; %d rows, "
                                    + "summary %s%n", c[0], c[1], m.last.from(), m.last.to(), cache, events, m.p50,
                            m.p95, m.p95 < 300 ? "met" : "NOT met", m.queries, m.items, m.last.rows().size(),
                            m.last.summary());
                    String name = "report " + c[0] + " (" + c[1] + ", " + events + " events, " + cache + ")";
                    figures.add(figure(name + " p50", m.p50));
                    figures.add(figure(name + " p95", m.p95));
                    figures.add(String.join("\t", name + " Query calls", Long.toString(m.queries), "NaN",
                            "queries"));
                    figures.add(String.join("\t", name + " items read", Long.toString(m.items), "NaN", "items"));
                }
            }
        } finally {
            pool.shutdownNow();
            delete(state);
        }
        String parts = System.getenv("DAM_BENCH_PARTS");
        if (parts != null && !parts.isBlank()) {
            Files.createDirectories(Path.of(parts));
            Files.write(Path.of(parts, "reports.tsv"), figures);
        }
    }

    /** Cold runs per report: each the first call on a fresh cache. */
    static final int COLD_RUNS = 8;

    /** p50/p95 of the timed runs, and the Query calls and items of the last one. */
    record Timing(double p50, double p95, long queries, long items, Report last) {
    }

    /** Runs the report {@code warmup} times untimed, then once per slot of {@code ms}, each on {@code reports.get()}. */
    private static Timing time(Reads reads, double[] ms, int warmup, Supplier<Reports> reports,
                               Principal who, String name, Map<String, List<String>> params) {
        Report last = null;
        for (int i = -warmup; i < ms.length; i++) {
            Reports r = reports.get();
            reads.reset();
            long t = System.nanoTime();
            last = r.run(who, name, params);
            if (i >= 0) {
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
        }
        Arrays.sort(ms);
        return new Timing(ms[ms.length / 2], ms[ms.length * 95 / 100], reads.queries.get(), reads.items.get(), last);
    }

    /** Counts the Query calls (pages) and the items they return, for one report run at a time. */
    static final class Reads implements ExecutionInterceptor {
        final AtomicLong queries = new AtomicLong();
        final AtomicLong items = new AtomicLong();

        void reset() {
            queries.set(0);
            items.set(0);
        }

        @Override
        public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
            if (context.response() instanceof QueryResponse r) {
                queries.incrementAndGet();
                items.addAndGet(r.count());
            }
        }
    }

    private static void createTable(DynamoDbClient db) {
        db.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("PK"), attribute("SK"), attribute("GSI1PK"), attribute("GSI1SK"))
                .keySchema(key("PK", KeyType.HASH), key("SK", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("GSI1")
                        .keySchema(key("GSI1PK", KeyType.HASH), key("GSI1SK", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
        db.waiter().waitUntilTableExists(b -> b.tableName(TABLE));
    }

    /** The aggregate items as DynamoAnalyticsStore writes them (numbers N, strings S), 25 per BatchWriteItem. */
    private static void write(DynamoDbClient db, List<Row> rows, ExecutorService pool) throws Exception {
        List<java.util.concurrent.Future<?>> batches = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += 25) {
            List<Row> chunk = rows.subList(i, Math.min(rows.size(), i + 25));
            batches.add(pool.submit(() -> {
                List<WriteRequest> puts = new ArrayList<>();
                for (Row row : chunk) {
                    Map<String, AttributeValue> item = new HashMap<>();
                    item.put("PK", AttributeValue.fromS(row.pk()));
                    item.put("SK", AttributeValue.fromS(row.sk()));
                    row.numbers().forEach((k, v) -> item.put(k, AttributeValue.fromN(Long.toString(v))));
                    row.strings().forEach((k, v) -> item.put(k, AttributeValue.fromS(v)));
                    puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                }
                Map<String, List<WriteRequest>> pending = Map.of(TABLE, puts);
                while (!pending.isEmpty()) {
                    Map<String, List<WriteRequest>> ask = pending;
                    var left = db.batchWriteItem(b -> b.requestItems(ask)).unprocessedItems();
                    pending = left == null || left.isEmpty() ? Map.of() : left;
                }
            }));
        }
        for (var f : batches) {
            f.get();
        }
    }

    private static String figure(String name, double ms) {
        return String.join("\t", name, Double.toString(ms), "300.0", "ms", "goal");
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("dam"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the repository");
        }
        return dir;
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
