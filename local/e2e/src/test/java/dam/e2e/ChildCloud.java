package dam.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local cloud as a separate JVM ({@code LocalCloudMain}, what {@code ./dam up} runs) so a test can {@code kill -9}
 * it mid-flow and start it again on the same state directory and ports — the real crash, not a polite close. The
 * child deploys the synthesized app on every start (idempotent), like {@code ./dam start} after a crash.
 */
final class ChildCloud implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String READY = "Local cloud ready in ";

    private final Path stateDir;
    private final Path log;
    private final int port;
    private final int apiPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    private ChildCloud(Path stateDir) {
        this.stateDir = stateDir;
        this.log = stateDir.resolveSibling(stateDir.getFileName() + ".log");
        this.port = freePort();
        this.apiPort = freePort();
    }

    /** Starts a child cloud on a fresh state directory and waits until it has deployed the app. */
    static ChildCloud start(String name) {
        ChildCloud child = new ChildCloud(TestCloud.freshStateDir(name));
        child.launch();
        return child;
    }

    /** Starts the child again on the same state directory and ports (after {@link #kill()}). */
    void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the child cloud is still running; kill it first");
        }
        launch();
    }

    private void launch() {
        Path cdkOut = TestCloud.synthesized();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "dam.local.LocalCloudMain",
                "--state", stateDir.toString(), "--cdk-out", cdkOut.toString(),
                "--repo", TestCloud.repoRoot().toString(), "--port", Integer.toString(port),
                "--api-port", Integer.toString(apiPort)));
        long offset;
        try {
            offset = Files.exists(log) ? Files.size(log) : 0;
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the child local cloud", e);
        }
        starts++;
        Process p = process;
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("the child local cloud exited with " + p.exitValue()
                        + " during start; log " + log + ":\n" + tail(offset));
            }
            return tail(offset).contains(READY);
        });
    }

    /**
     * {@code kill -9} of the local cloud and of every process it started (Lambda workers, dynalite), as a crash of
     * the machine or container would do; nothing gets to flush or close.
     */
    void kill() {
        Process p = process;
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(30)).until(() -> !p.isAlive()
                && descendants.stream().noneMatch(ProcessHandle::isAlive));
    }

    /** The process id of the running child cloud JVM (for /proc figures such as its peak RSS). */
    long pid() {
        return process.pid();
    }

    /** How many times the child was started (1 + restarts). */
    int starts() {
        return starts;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    URI apiEndpoint() {
        return URI.create("http://127.0.0.1:" + apiPort);
    }

    Path stateDir() {
        return stateDir;
    }

    /** GET on the edge (health, outbox JSON, ...). */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(endpoint().resolve(path)).timeout(Duration.ofSeconds(30)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The physical bucket name of a CDK logical id prefix such as "StorageOriginals" (the deployer's naming). */
    String bucket(String logicalIdPrefix) {
        try (S3Client s3 = s3()) {
            String wanted = logicalIdPrefix.toLowerCase(Locale.ROOT);
            return s3.listBuckets().buckets().stream().map(b -> b.name())
                    .filter(n -> n.toLowerCase(Locale.ROOT).contains(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no bucket like " + logicalIdPrefix));
        }
    }

    /** The ARN of the state machine whose name contains the logical id prefix (e.g. "IngestAssetIngest"). */
    String stateMachine(String logicalIdPrefix) {
        try (SfnClient sfn = sfn()) {
            return sfn.listStateMachines().stateMachines().stream().filter(m -> m.name().contains(logicalIdPrefix))
                    .map(m -> m.stateMachineArn()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no state machine like " + logicalIdPrefix));
        }
    }

    private <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    DynamoDbClient dynamodb() {
        return client(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()));
    }

    S3Client s3() {
        return client(S3Client.builder().httpClient(UrlConnectionHttpClient.create()).forcePathStyle(true));
    }

    SqsClient sqs() {
        return client(SqsClient.builder().httpClient(UrlConnectionHttpClient.create()));
    }

    EventBridgeClient events() {
        return client(EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create()));
    }

    SfnClient sfn() {
        return client(SfnClient.builder().httpClient(UrlConnectionHttpClient.create()));
    }

    private String tail(long offset) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
    }

    /** The child's output since it was first started (for assertion messages). */
    String output() {
        try {
            return tail(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the child gracefully (shutdown hook closes every provider and child process). */
    @Override
    public void close() {
        Process p = process;
        if (p != null && p.isAlive()) {
            List<ProcessHandle> descendants = p.descendants().toList();
            p.destroy();
            try {
                if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }
}
