package dam.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The daily expiry sweep over a big library (issue 9): {@code DAM_BENCH_SWEEP_ASSETS} (100,000) assets' rights records
 * of which 50 end in the sweep's window (49 upcoming, one overdue without a schedule), seeded into a deployed local
 * cloud; one sweep is invoked and its report — items DynamoDB returned (Count) and evaluated (ScannedCount), summed
 * over its queries — is printed next to the 50 expiring. The figure is "sweep reads ≤ 2× expiring". Never asserted here.
 */
public final class SweepBench {

    public static void main(String[] args) throws Exception {
        String value = System.getenv("DAM_BENCH_SWEEP_ASSETS");
        int assets = value == null || value.isBlank() ? 100_000 : Integer.parseInt(value.trim());
        Path repo = repoRoot();
        Path cdkOut = Files.createTempDirectory("sweep-cdk");
        var app = DamApp.createApp(cdkOut, Map.of());
        DamApp.stack(app, LambdaArtifacts.forRepo(repo));
        app.synth();
        Path state = Files.createTempDirectory("sweep-state");
        List<String> figures = new ArrayList<>();
        try (LocalClock clock = LocalClock.system();
             LocalCloud cloud = LocalCloud.start(LocalCloud.Config.forTests(state, repo, clock))) {
            TemplateDeployer.Report deployed = cloud.deploy(cdkOut);
            String table = deployed.ref("DataTable");
            ExpirySeed.Seeded seeded;
            try (DynamoDbClient db = client(cloud.endpoint())) {
                seeded = new ExpirySeed(db, table).seed(assets, 49, clock.instant(), 4);
            }
            JsonNode report = sweep(cloud);
            int read = report.path("itemsRead").asInt();
            int scanned = report.path("itemsScanned").asInt();
            System.out.printf(Locale.ROOT, "expiry sweep: %,d assets (seeded in %.1f s), %d expiring in the window: "
                            + "%d queries read %d items (%d scanned, %.1f capacity units), %d re-scheduled, %d "
                            + "expired — reads %s 2× expiring%n", assets, seeded.seconds(), seeded.inWindow(),
                    report.path("queries").asInt(), read, scanned, report.path("capacity").asDouble(),
                    report.path("rescheduled").asInt(), report.path("expired").asInt(),
                    read <= 2 * seeded.inWindow() ? "≤" : "NOT ≤");
            figures.add(String.join("\t", "sweep reads ≤ 2× expiring: items read over " + assets + " assets",
                    Integer.toString(read), Double.toString(2.0 * seeded.inWindow()), "items",
                    "2× the " + seeded.inWindow() + " expiring"));
            figures.add(String.join("\t", "sweep items scanned over " + assets + " assets", Integer.toString(scanned),
                    Double.toString(seeded.inWindow()), "items", "expiring in the window"));
        } finally {
            delete(state);
            delete(cdkOut);
        }
        String parts = System.getenv("DAM_BENCH_PARTS");
        if (parts != null && !parts.isBlank()) {
            Files.createDirectories(Path.of(parts));
            Files.write(Path.of(parts, "sweep.tsv"), figures);
        }
    }

    /** Invokes the expiry planner (the function with a schedule target) with the daily rule's event. */
    public static JsonNode sweep(LocalCloud cloud) throws Exception {
        String planner = cloud.lambda().functionNames().stream()
                .filter(n -> cloud.lambda().function(n).map(f -> f.environment().containsKey("EXPIRY_TARGET_ARN"))
                        .orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no expiry planner deployed"));
        InvokeResult r = cloud.lambda().invoke(planner, "{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\"}"
                .getBytes(StandardCharsets.UTF_8));
        String body = new String(r.payload(), StandardCharsets.UTF_8);
        if (r.failed()) {
            throw new IllegalStateException("the sweep failed: " + body);
        }
        return new ObjectMapper().readTree(body);
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
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
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
