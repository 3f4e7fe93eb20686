package dam.e2e;

import dam.infra.DamApp;
import dam.infra.LambdaArtifacts;
import dam.local.LocalCloud;
import dam.local.clock.LocalClock;
import dam.local.deploy.TemplateDeployer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A local cloud with the synthesized CDK app deployed, plus SDK clients pointed at its edge — what a user with
 * {@code AWS_ENDPOINT_URL} set would have. The app is synthesized once per test run; each {@link #start} gets its own
 * state directory and port unless a directory is given (restart tests).
 */
public final class TestCloud implements AutoCloseable {

    private final LocalCloud cloud;
    private final TemplateDeployer.Report report;
    private final LocalClock clock;
    private final boolean ownsClock;

    private TestCloud(LocalCloud cloud, TemplateDeployer.Report report, LocalClock clock, boolean ownsClock) {
        this.cloud = cloud;
        this.report = report;
        this.clock = clock;
        this.ownsClock = ownsClock;
    }

    /** One cloud shared by every test class of the run (JUnit closes it at the end). */
    public static TestCloud shared(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent("dam-cloud",
                k -> start(freshStateDir("shared"), LocalClock.system(), true), TestCloud.class);
    }

    /** A cloud of the test's own; the caller owns (and closes) the clock, so a restart can keep the same time. */
    public static TestCloud start(Path stateDir, LocalClock clock) {
        return start(stateDir, clock, false);
    }

    private static TestCloud start(Path stateDir, LocalClock clock, boolean ownsClock) {
        try {
            Path cdkOut = synthesized();
            LocalCloud cloud = LocalCloud.start(LocalCloud.Config.forTests(stateDir, repoRoot(), clock));
            try {
                return new TestCloud(cloud, cloud.deploy(cdkOut), clock, ownsClock);
            } catch (Exception e) {
                cloud.close();
                throw e;
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the local cloud: " + e, e);
        }
    }

    /**
     * The CDK app synthesized once per test JVM into its own directory (synth takes seconds; a directory per run keeps
     * concurrent runs from deleting each other's jars).
     */
    static synchronized Path synthesized() {
        Path out = Path.of("target", "cdk.out-" + ProcessHandle.current().pid()).toAbsolutePath();
        try {
            if (Files.exists(out.resolve("manifest.json"))) {
                return out;
            }
            deleteTree(out);
            var app = DamApp.createApp(out, Map.of());
            DamApp.stack(app, LambdaArtifacts.forRepo(repoRoot()));
            app.synth();
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot synthesize the CDK app: " + e, e);
        }
    }

    public static Path freshStateDir(String name) {
        try {
            Path dir = Path.of("target", "state", name + "-" + System.nanoTime()).toAbsolutePath();
            Files.createDirectories(dir);
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("dam"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the repository (no ./dam found above " + Path.of("")
                    .toAbsolutePath() + ")");
        }
        return dir;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    public LocalCloud cloud() {
        return cloud;
    }

    public TemplateDeployer.Report report() {
        return report;
    }

    public LocalClock clock() {
        return clock;
    }

    public URI endpoint() {
        return cloud.endpoint();
    }

    /** Physical name (Ref) of the first resource whose logical id starts with the prefix. */
    public String ref(String logicalIdPrefix) {
        return report.ref(logicalIdPrefix);
    }

    private <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    public DynamoDbClient dynamodb() {
        return client(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()));
    }

    public EventBridgeClient events() {
        return client(EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create()));
    }

    public SqsClient sqs() {
        return client(SqsClient.builder().httpClient(UrlConnectionHttpClient.create()));
    }

    public S3Client s3() {
        return client(S3Client.builder().httpClient(UrlConnectionHttpClient.create()).forcePathStyle(true));
    }

    @Override
    public void close() {
        cloud.close();
        if (ownsClock) {
            clock.close();
        }
    }
}
