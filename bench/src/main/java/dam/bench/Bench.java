package dam.bench;

import dam.infra.DamApp;
import dam.infra.LambdaArtifacts;
import dam.local.LocalCloud;
import dam.local.clock.LocalClock;
import dam.local.deploy.TemplateDeployer;
import dam.local.lambda.InvokeResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ./dam bench}: local cloud figures, each next to its baseline measured in the same run, written to
 * {@code bench/results/latest.md} and {@code latest.json}. Nothing here is asserted: figures inform, tests decide.
 */
public final class Bench {

    private final List<Figure> figures = new ArrayList<>();

    record Figure(String name, double ours, double baseline, String unit, String baselineName) {
        double ratio() {
            return baseline == 0 ? Double.NaN : ours / baseline;
        }
    }

    public static void main(String[] args) throws Exception {
        Path repo = repoRoot();
        new Bench().run(repo, repo.resolve("bench/results"), uploads(args));
    }

    /** Uploads for the ingest latency figure: first argument, else env DAM_BENCH_UPLOADS, else 10. */
    static int uploads(String[] args) {
        String value = args.length > 0 ? args[0] : System.getenv("DAM_BENCH_UPLOADS");
        int n = value == null || value.isBlank() ? 10 : Integer.parseInt(value.trim());
        if (n < 1) {
            throw new IllegalArgumentException("uploads must be at least 1, was " + n);
        }
        return n;
    }

    void run(Path repo, Path results, int uploads) throws Exception {
        Path cdkOut = Files.createTempDirectory("bench-cdk");
        var app = DamApp.createApp(cdkOut, Map.of());
        DamApp.stack(app, LambdaArtifacts.forRepo(repo));
        app.synth();
        Path state = Files.createTempDirectory("bench-state");
        try (LocalClock clock = LocalClock.system()) {
            long t0 = System.nanoTime();
            LocalCloud cloud = LocalCloud.start(LocalCloud.Config.forTests(state, repo, clock));
            double startMs = (System.nanoTime() - t0) / 1e6;
            long t1 = System.nanoTime();
            TemplateDeployer.Report report = cloud.deploy(cdkOut);
            double deployMs = (System.nanoTime() - t1) / 1e6;
            try {
                figures.add(new Figure("local cloud start (edge + providers, dynalite health-checked)", startMs,
                        Double.NaN, "ms", "—"));
                figures.add(new Figure("deploy of the synthesized template (" + report.deployed().size()
                        + " resources)", deployMs, Double.NaN, "ms", "—"));
                lambdaColdWarm(cloud, report.ref("BriefIntakeHandlerFunction"));
                edgeOverhead(cloud, report.ref("DataTable"));
                ingestLatency(cloud, report.ref("DataTable"), uploads);
            } finally {
                cloud.close();
            }
        } finally {
            delete(state);
            delete(cdkOut);
        }
        write(results);
    }

    /** Cold = first invoke (worker JVM start + handler init); warm = median of the next 30 on the same worker. */
    private void lambdaColdWarm(LocalCloud cloud, String function) {
        // An unknown command: the function validates and answers with a Command Rejected event (no table write).
        byte[] event = """
                {"id":"bench","source":"bench","detail-type":"Command Nothing","detail":{"version":1}}"""
                .getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        InvokeResult first = cloud.lambda().invoke(function, event);
        double cold = (System.nanoTime() - t0) / 1e6;
        if (first.failed()) {
            throw new IllegalStateException("bench invoke failed: " + first.payloadText());
        }
        double[] warm = new double[30];
        for (int i = 0; i < warm.length; i++) {
            long t = System.nanoTime();
            cloud.lambda().invoke(function, event);
            warm[i] = (System.nanoTime() - t) / 1e6;
        }
        figures.add(new Figure("brief-intake invoke: cold (ours) vs warm (baseline), end to end", cold,
                median(warm), "ms", "warm p50"));
    }

    /** GetItem through the edge vs the same SDK call straight to dynalite; calls alternate to share the noise. */
    private void edgeOverhead(LocalCloud cloud, String table) {
        try (DynamoDbClient viaEdge = client(cloud.endpoint());
             DynamoDbClient direct = client(cloud.dynamodb().dynaliteEndpoint())) {
            Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("BENCH#1"),
                    "SK", AttributeValue.fromS("META"));
            viaEdge.putItem(r -> r.tableName(table).item(Map.of("PK", key.get("PK"), "SK", key.get("SK"),
                    "v", AttributeValue.fromS("x".repeat(200)))));
            int n = 2000;
            double[] edge = new double[n];
            double[] raw = new double[n];
            for (int i = 0; i < 300; i++) {
                viaEdge.getItem(r -> r.tableName(table).key(key));
                direct.getItem(r -> r.tableName(table).key(key));
            }
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                viaEdge.getItem(r -> r.tableName(table).key(key));
                edge[i] = (System.nanoTime() - t) / 1e6;
                t = System.nanoTime();
                direct.getItem(r -> r.tableName(table).key(key));
                raw[i] = (System.nanoTime() - t) / 1e6;
            }
            figures.add(new Figure("DynamoDB GetItem p50: via the edge vs SDK → dynalite directly", median(edge),
                    median(raw), "ms", "dynalite direct"));
        }
    }

    /** Upload complete → ready for a 24 MP JPEG, p50 and p95 next to the issue 6 goal (2 s locally). */
    private void ingestLatency(LocalCloud cloud, String table, int uploads) throws Exception {
        try (DynamoDbClient viaEdge = client(cloud.endpoint())) {
            IngestLatency.Result r = new IngestLatency(cloud, viaEdge, table).run(uploads);
            String what = String.format("24 MP JPEG (%.1f MB) upload complete → ready", r.bytes() / 1e6);
            figures.add(new Figure(what + ", first upload (cold functions)", r.coldMs(), Double.NaN, "ms", "—"));
            figures.add(new Figure(what + ", p50 of " + uploads, r.percentile(0.50), IngestLatency.GOAL_MS, "ms",
                    "goal"));
            figures.add(new Figure(what + ", p95 of " + uploads, r.percentile(0.95), IngestLatency.GOAL_MS, "ms",
                    "goal"));
        }
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private void write(Path results) throws Exception {
        Files.createDirectories(results);
        StringBuilder md = new StringBuilder("# Benchmark results\n\nMachine: ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ").append(java.time.Instant.now())
                .append("\n\n| figure | ours | baseline | ratio |\n|---|---|---|---|\n");
        StringBuilder json = new StringBuilder("[");
        for (Figure f : figures) {
            md.append("| ").append(f.name()).append(" | ").append(fmt(f.ours())).append(' ').append(f.unit())
                    .append(" | ").append(Double.isNaN(f.baseline()) ? "—" : fmt(f.baseline()) + " " + f.unit()
                            + " (" + f.baselineName() + ")")
                    .append(" | ").append(Double.isNaN(f.ratio()) ? "—" : String.format("%.2f×", f.ratio()))
                    .append(" |\n");
            json.append(json.length() > 1 ? "," : "").append(String.format(
                    "{\"name\":\"%s\",\"ours\":%.3f,\"baseline\":%s,\"unit\":\"%s\"}", f.name().replace("\"", "'"),
                    f.ours(), Double.isNaN(f.baseline()) ? "null" : String.format("%.3f", f.baseline()), f.unit()));
        }
        json.append("]\n");
        Files.writeString(results.resolve("latest.md"), md);
        Files.writeString(results.resolve("latest.json"), json);
        System.out.print(md);
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format("%.0f", v) : String.format("%.2f", v);
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

    private static void delete(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
