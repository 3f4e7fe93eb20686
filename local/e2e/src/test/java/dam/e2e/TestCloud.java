package dam.e2e;

import dam.infra.DamApp;
import dam.infra.DamStack;
import dam.infra.LambdaArtifacts;
import dam.local.LocalCloud;
import dam.local.clock.LocalClock;
import dam.local.deploy.TemplateDeployer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A local cloud with the synthesized CDK app deployed, plus SDK clients pointed at its edge — what a user with
 * {@code AWS_ENDPOINT_URL} set would have. The app is synthesized once per test run; each {@link #start} gets its own
 * state directory and port unless a directory is given (restart tests).
 *
 * <p>With the system property {@value #ENDPOINT_PROPERTY} set ({@code mvn -Plocalstack}), no local cloud is started:
 * the tests run against that endpoint (LocalStack, where the stack was deployed with {@code cdklocal deploy}), and
 * physical names come from CloudFormation on it (DescribeStackResources / DescribeStacks of stack {@code Dam}). Tests
 * that need the local cloud's own handles ({@link #cloud()}, {@link #clock()}, {@link #report()}, a cloud of their own)
 * are skipped there with a message saying so.
 */
public final class TestCloud implements AutoCloseable {

    /** Endpoint of an already deployed stack (e.g. LocalStack); unset = start the in-process local cloud. */
    public static final String ENDPOINT_PROPERTY = "dam.e2e.endpoint";

    private final LocalCloud cloud;
    private final TemplateDeployer.Report report;
    private final LocalClock clock;
    private final boolean ownsClock;
    /** External mode only: the endpoint, the stack's logical id → physical id, and its outputs. */
    private final URI external;
    private final Map<String, String> physicalIds;
    private final Map<String, String> outputs;

    private TestCloud(LocalCloud cloud, TemplateDeployer.Report report, LocalClock clock, boolean ownsClock) {
        this.cloud = cloud;
        this.report = report;
        this.clock = clock;
        this.ownsClock = ownsClock;
        this.external = null;
        this.physicalIds = Map.of();
        this.outputs = Map.of();
    }

    private TestCloud(URI external, Map<String, String> physicalIds, Map<String, String> outputs) {
        this.cloud = null;
        this.report = null;
        this.clock = null;
        this.ownsClock = false;
        this.external = external;
        this.physicalIds = physicalIds;
        this.outputs = outputs;
    }

    /** One cloud shared by every test class of the run (JUnit closes it at the end). */
    public static TestCloud shared(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent("dam-cloud",
                k -> externalEndpoint() != null ? external(externalEndpoint())
                        : start(freshStateDir("shared"), LocalClock.system(), true), TestCloud.class);
    }

    /** A cloud of the test's own; the caller owns (and closes) the clock, so a restart can keep the same time. */
    public static TestCloud start(Path stateDir, LocalClock clock) {
        localOnly("a local cloud of its own (restart, controlled clock)");
        return start(stateDir, clock, false);
    }

    /** The {@value #ENDPOINT_PROPERTY} endpoint, or null when tests run on the in-process local cloud. */
    static URI externalEndpoint() {
        String value = System.getProperty(ENDPOINT_PROPERTY);
        return value == null || value.isBlank() ? null : URI.create(value.trim());
    }

    /** Skips the calling test when running against an external endpoint. */
    private static void localOnly(String what) {
        URI endpoint = externalEndpoint();
        if (endpoint != null) {
            Assumptions.abort("needs " + what + ", which only the in-process local cloud has; skipped against "
                    + endpoint + " (" + ENDPOINT_PROPERTY + ")");
        }
    }

    /** Reads the deployed stack {@value DamStack#STACK_NAME} from CloudFormation on the endpoint. */
    static TestCloud external(URI endpoint) {
        try (CloudFormationClient cfn = CloudFormationClient.builder().endpointOverride(endpoint)
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            Map<String, String> ids = new TreeMap<>();
            for (StackResourceSummary r : cfn.listStackResourcesPaginator(b -> b.stackName(DamStack.STACK_NAME))
                    .stackResourceSummaries()) {
                ids.put(r.logicalResourceId(), r.physicalResourceId());
            }
            Map<String, String> outputs = new TreeMap<>();
            for (Output o : cfn.describeStacks(b -> b.stackName(DamStack.STACK_NAME)).stacks().get(0).outputs()) {
                outputs.put(o.outputKey(), o.outputValue());
            }
            return new TestCloud(endpoint, Map.copyOf(ids), Map.copyOf(outputs));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read stack " + DamStack.STACK_NAME + " from " + endpoint
                    + " — deploy it first (cdklocal deploy, infrastructure/README.md): " + e, e);
        }
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
        localOnly("the local cloud's own providers (outbox, clock, workers, API gateway)");
        return cloud;
    }

    public TemplateDeployer.Report report() {
        localOnly("the local deployer's report");
        return report;
    }

    public LocalClock clock() {
        localOnly("the local cloud's clock");
        return clock;
    }

    public URI endpoint() {
        return external != null ? external : cloud.endpoint();
    }

    /** Physical name (Ref) of the first resource whose logical id starts with the prefix. */
    public String ref(String logicalIdPrefix) {
        if (external == null) {
            return report.ref(logicalIdPrefix);
        }
        return physicalIds.entrySet().stream().filter(e -> e.getKey().startsWith(logicalIdPrefix))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no resource " + logicalIdPrefix + "* in stack "
                        + DamStack.STACK_NAME + " on " + external));
    }

    /** A stack output ({@code ApiUrl}, {@code TableName}...) — external mode only; locally use the cloud's handles. */
    public String output(String name) {
        if (external == null) {
            throw new IllegalStateException("stack outputs are read from CloudFormation in external mode only");
        }
        String value = outputs.get(name);
        if (value == null) {
            throw new IllegalArgumentException("stack " + DamStack.STACK_NAME + " has no output " + name + ": "
                    + outputs.keySet());
        }
        return value;
    }

    private <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(endpoint()).region(Region.US_EAST_1)
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
        if (external != null) {
            return; // the external stack outlives the test run
        }
        cloud.close();
        if (ownsClock) {
            clock.close();
        }
    }
}
