package dam.bench;

import dam.infra.DamApp;
import dam.infra.LambdaArtifacts;
import dam.local.LocalCloud;
import dam.local.clock.LocalClock;
import dam.local.deploy.TemplateDeployer;
import dam.local.lambda.InvokeResult;
import dam.local.lambda.LambdaProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The {@code cloud} part of {@code ./dam bench}: local cloud figures (start, deploy, cold start of every function vs
 * warm, edge overhead, ingest latency, the load run), each next to its baseline measured in the same run, written to
 * {@code parts/cloud.tsv} for {@link Results} to gather. Nothing here is asserted: figures inform, tests decide.
 */
public final class Bench {

    private final List<Figure> figures = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path repo = repoRoot();
        String parts = System.getenv("DAM_BENCH_PARTS");
        new Bench().run(repo, parts == null || parts.isBlank() ? repo.resolve("bench/results/parts")
                : Path.of(parts), uploads(args));
    }

    /** Uploads for the ingest latency figure: first argument, else env DAM_BENCH_UPLOADS, else 50. */
    static int uploads(String[] args) {
        String value = args.length > 0 ? args[0] : System.getenv("DAM_BENCH_UPLOADS");
        int n = value == null || value.isBlank() ? 50 : Integer.parseInt(value.trim());
        if (n < 1) {
            throw new IllegalArgumentException("uploads must be at least 1, was " + n);
        }
        return n;
    }

    void run(Path repo, Path parts, int uploads) throws Exception {
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
                coldStarts(cloud);
                edgeOverhead(cloud, report.ref("DataTable"));
                ingestLatency(cloud, report.ref("DataTable"), uploads);
                load(cloud, report.ref("DataTable"));
            } finally {
                cloud.close();
            }
        } finally {
            delete(state);
            delete(cdkOut);
        }
        Path written = Parts.write(parts, "cloud", figures);
        System.out.println("[bench] " + figures.size() + " figures → " + written);
    }

    /**
     * Every deployed function: its first start (a fresh worker JVM: start, class loading, handler init, first
     * response; it also records the function's class data archive), warm = median of the next 10 on the same worker,
     * then the cold start every later worker has: its idle worker is stopped once the archive is written, and the next
     * invoke starts a fresh JVM that maps it. That archive is the local cloud's stand-in for SnapStart, so the cold
     * start goal is judged on it; the first start is printed beside it. The event is a no-op one ({@code {}}): most
     * handlers answer it with a validation error, which is a response like any other for this figure. Functions are
     * measured one at a time, so no figure is inflated by a neighbour's start or archive dump.
     */
    private void coldStarts(LocalCloud cloud) throws InterruptedException {
        byte[] event = "{}".getBytes(StandardCharsets.UTF_8);
        LambdaProvider lambda = cloud.lambda();
        for (String function : lambda.functionNames()) {
            long t0 = System.nanoTime();
            InvokeResult first = lambda.invoke(function, event);
            double firstStart = (System.nanoTime() - t0) / 1e6;
            double[] warm = new double[10];
            for (int i = 0; i < warm.length; i++) {
                long t = System.nanoTime();
                lambda.invoke(function, event);
                warm[i] = (System.nanoTime() - t) / 1e6;
            }
            String shortName = function.replaceFirst("^Dam-", "").replaceFirst("Function[0-9A-F]{8}$", "");
            // "API" vs "core" picks the goal (1.5 s vs 1 s) the gathering step holds this figure against.
            String kind = (shortName.startsWith("Api") ? "API" : "core") + " function " + shortName;
            String answer = " → first response" + (first.failed() ? ", an error answer" : "") + ") vs warm";
            Optional<Path> archive = lambda.classDataArchive(function);
            if (archive.isEmpty() || !appeared(archive.get(), Duration.ofMinutes(2))) {
                figures.add(new Figure("cold start, " + kind + " (fresh worker JVM, no class data archive" + answer,
                        firstStart, median(warm), "ms", "warm p50"));
                continue;
            }
            lambda.stopIdleWorkers(function);
            long t1 = System.nanoTime();
            lambda.invoke(function, event);
            double cold = (System.nanoTime() - t1) / 1e6;
            figures.add(new Figure("cold start, " + kind + " (fresh worker JVM with its class data archive" + answer,
                    cold, median(warm), "ms", "warm p50"));
            figures.add(new Figure("first start, " + kind + " (fresh worker JVM recording the archive" + answer,
                    firstStart, median(warm), "ms", "warm p50"));
        }
    }

    /** Waits (bounded) for the background archive dump; false if it never appeared. */
    private static boolean appeared(Path file, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!Files.isRegularFile(file)) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(50); // a benchmark harness polling a file, not a test waiting on a condition
        }
        return true;
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

    /**
     * 200 uploads a minute for 5 minutes (DAM_BENCH_LOAD_SECONDS, DAM_BENCH_LOAD_PER_MINUTE) of 1.9 MP JPEGs through
     * the HTTP API + presigned PUT, until all are ingested (at most DAM_BENCH_LOAD_DRAIN_MINUTES, 30, after the last
     * upload: on 2 cores the local cloud ingests far fewer than 200 a minute, so the burst queues and drains):
     * latency percentiles, the time to drain and the cloud JVM's peak heap.
     */
    private void load(LocalCloud cloud, String table) throws Exception {
        int seconds = intEnv("DAM_BENCH_LOAD_SECONDS", 300);
        int perMinute = intEnv("DAM_BENCH_LOAD_PER_MINUTE", 200);
        if (seconds <= 0) {
            return;
        }
        java.util.List<byte[]> photos = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            photos.add(IngestLatency.cameraJpeg(1600 + 16 * i, 1200));
        }
        String token = cloud.apigateway().issueToken("load@acme.example", List.of("creator"), List.of("Acme"));
        long throttledBefore = throttled(cloud);
        try (DynamoDbClient db = client(cloud.endpoint())) {
            UploadLoad.Result r = new UploadLoad(cloud.apiEndpoint(), token, db, table)
                    .run(perMinute, java.time.Duration.ofSeconds(seconds),
                            java.time.Duration.ofMinutes(intEnv("DAM_BENCH_LOAD_DRAIN_MINUTES", 30)), photos);
            System.out.println("load: " + r.describe());
            String what = String.format(Locale.ROOT, "load %d uploads/min × %d s (%d uploads, %d ready)", perMinute,
                    seconds, r.uploads(), r.latenciesMs().length);
            figures.add(new Figure(what + ": upload complete → ready p50", r.percentile(0.50),
                    IngestLatency.GOAL_MS, "ms", "single-upload goal"));
            figures.add(new Figure(what + ": p95", r.percentile(0.95), IngestLatency.GOAL_MS, "ms",
                    "single-upload goal"));
            figures.add(new Figure(what + ": p99", r.percentile(0.99), IngestLatency.GOAL_MS, "ms",
                    "single-upload goal"));
            figures.add(new Figure(what + ": peak heap of the local cloud JVM", r.peakHeapBytes() / 1e6, Double.NaN,
                    "MB", "—"));
            figures.add(new Figure(what + ": uploads ready", r.latenciesMs().length, r.uploads(), "uploads",
                    "all uploaded"));
            figures.add(new Figure(what + ": first upload → every version terminal", r.elapsed().toMillis() / 1e3,
                    seconds, "s", "the upload window"));
            // Each one a Task attempt the state machine retried (Lambda.TooManyRequestsException), none lost.
            figures.add(new Figure(what + ": Lambda invokes throttled (every worker busy for 60 s)",
                    throttled(cloud) - throttledBefore, Double.NaN, "invokes", "—"));
        }
    }

    private static long throttled(LocalCloud cloud) {
        return cloud.lambda().functionNames().stream().mapToLong(f -> cloud.lambda().stats(f).throttled()).sum();
    }

    private static int intEnv(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
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

    static Path repoRoot() {
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
