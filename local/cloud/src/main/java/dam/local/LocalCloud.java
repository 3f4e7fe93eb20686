package dam.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.clock.LocalClock;
import dam.local.apigateway.ApiGatewayProvider;
import dam.local.apigateway.ApiGatewayResources;
import dam.local.apigateway.FunctionInvoker;
import dam.local.deploy.LocalResources;
import dam.local.deploy.TemplateDeployer;
import dam.local.dynamodb.DynamoDbProvider;
import dam.local.edge.AwsResponse;
import dam.local.edge.Edge;
import dam.local.edge.ServiceProvider;
import dam.local.events.DeliveryException;
import dam.local.events.EventsProvider;
import dam.local.lambda.AsyncFailure;
import dam.local.lambda.EventSourceMappings;
import dam.local.lambda.LambdaProvider;
import dam.local.rekognition.RekognitionProvider;
import dam.local.s3.S3Provider;
import dam.local.scheduler.SchedulerProvider;
import dam.local.ses.SesProvider;
import dam.local.sqs.SqsProvider;
import dam.local.states.StatesProvider;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local cloud: one edge, one provider per service, one clock, state under one directory. Started in-process by
 * tests and by {@code ./dam up}; {@link #close()} stops everything it started, child processes included.
 */
public final class LocalCloud implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCloud.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String ACCOUNT = "000000000000";
    public static final String REGION = "us-east-1";

    /**
     * @param stateDir    where every provider keeps its data (survives restarts)
     * @param repoRoot    the checkout (for local/node's dynalite)
     * @param port        edge port; 0 picks a free one (tests)
     * @param apiPort     the HTTP API (API Gateway) and console port; 0 picks a free one (tests)
     * @param corsOrigins browser origins allowed to upload with presigned URLs (the console)
     */
    public record Config(Path stateDir, Path repoRoot, int port, int apiPort, LocalClock clock,
                         List<String> corsOrigins) {
        public static Config forTests(Path stateDir, Path repoRoot, LocalClock clock) {
            // Tests pick a free API port, so the console's origin is loopback on any port (S3Proxy reads each
            // allowed origin as a regular expression).
            return new Config(stateDir, repoRoot, 0, 0, clock, List.of("http://127\\.0\\.0\\.1:\\d+",
                    "http://localhost:\\d+"));
        }
    }

    private final Config config;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final URI endpoint;
    private final S3Provider s3;
    private final DynamoDbProvider dynamodb;
    private final EventSourceMappings eventSourceMappings;
    private final SqsProvider sqs;
    private final EventsProvider events;
    private final SchedulerProvider scheduler;
    private final LambdaProvider lambda;
    private final StatesProvider states;
    private final ApiGatewayProvider apigateway;
    private final SesProvider ses;
    private final RekognitionProvider rekognition;
    private final ExecutorService integrationThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sfn-integration");
        t.setDaemon(true);
        return t;
    });
    private final Edge edge;

    private LocalCloud(Config config) throws Exception {
        this.config = config;
        Path state = config.stateDir();
        Files.createDirectories(state);
        int port = config.port() == 0 ? freePort() : config.port();
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        LocalClock clock = config.clock();
        try {
            sqs = track(new SqsProvider(clock, state.resolve("events"), endpoint.toString()));
            // Lambda, Step Functions and events reference each other (rule targets ↔ failure destinations ↔ task
            // integrations): targets resolve lazily.
            Object[] targets = new Object[2];
            events = track(new EventsProvider(clock, state.resolve("events"), sqs,
                    (arn, input) -> deliver((LambdaProvider) targets[0], (StatesProvider) targets[1], arn, input)));
            scheduler = track(new SchedulerProvider(clock, state.resolve("events"), events.dispatcher(), sqs));
            lambda = track(new LambdaProvider(clock, state.resolve("lambda"), endpoint, this::deadLetter));
            targets[0] = lambda;
            s3 = track(new S3Provider(state.resolve("s3"), config.corsOrigins(), this::objectChanged));
            dynamodb = track(new DynamoDbProvider(clock, state.resolve("dynamodb"),
                    config.repoRoot().resolve("local/node/node_modules")));
            // DynamoDB stream pollers; their API answers for "lambda" in front of the lambda provider
            eventSourceMappings = track(new EventSourceMappings(lambda, dynamodb.streams(), clock,
                    state.resolve("lambda").resolve("event-source-mappings.json"),
                    (arn, body) -> sqs.sendMessage(arn, body, Map.of())));
            // Executions resume after the first deploy (see deploy): their Lambda tasks need the functions back.
            states = track(new StatesProvider(clock, state.resolve("states"),
                    new CloudIntegrations(lambda, events, dynamodb, s3, integrationThreads), false));
            targets[1] = states;
            apigateway = track(ApiGatewayProvider.start(new ApiGatewayProvider.Config("127.0.0.1", config.apiPort(),
                    state.resolve("apigateway"), config.repoRoot().resolve("console"), clock,
                    ApiGatewayProvider.MAX_INTEGRATION_TIMEOUT), FunctionInvoker.of(lambda)));
            ses = track(new SesProvider(clock, state.resolve("ses")));
            // Faces (OpenCV) and text (Tesseract) offline; models load on first use, not at start.
            rekognition = track(RekognitionProvider.withDefaults(s3::getObject));
            List<ServiceProvider> providers = List.of(dynamodb, sqs, events, scheduler, eventSourceMappings, states, ses,
                    rekognition);
            edge = new Edge("127.0.0.1", port, s3, providers)
                    .route("/_localstack/health", req -> health())
                    .route("/_dam/health", req -> health())
                    .route("/_dam/events", req -> recentEvents(req.getParameter("bus")))
                    .route("/_dam/clock", req -> AwsResponse.json(200, "text/plain",
                            Long.toString(clock.millis())))
                    .route("/_aws/ses", req -> ses.outboxJson(req.getQueryString()))
                    .route("/_dam/outbox", req -> ses.outboxPage(req.getRequestURI(), req.getQueryString()));
            edge.start();
            started.add(edge);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    public static LocalCloud start(Config config) throws Exception {
        long t0 = System.nanoTime();
        LocalCloud cloud = new LocalCloud(config);
        LOG.info("local cloud up on {} in {} ms (state {})", cloud.endpoint, (System.nanoTime() - t0) / 1_000_000,
                config.stateDir());
        return cloud;
    }

    /**
     * Deploys a synthesized CDK app (cdk.out) into this cloud; idempotent. The first deploy after a (re)start also
     * resumes the journaled Step Functions executions.
     */
    public TemplateDeployer.Report deploy(Path cdkOut) throws IOException {
        var handlers = new java.util.LinkedHashMap<>(
                new LocalResources(s3, dynamodb, events, sqs, scheduler, lambda, states,
                        eventSourceMappings).handlers());
        handlers.putAll(new ApiGatewayResources(apigateway).handlers());
        TemplateDeployer deployer = new TemplateDeployer(handlers, ACCOUNT, REGION);
        TemplateDeployer.Report report = deployer.deploy(cdkOut);
        // After a restart: functions exist again, so executions journaled before it can resume now.
        int resumed = states.recoverExecutions();
        if (resumed > 0) {
            LOG.info("resumed {} Step Functions execution(s) from {}", resumed, config.stateDir().resolve("states"));
        }
        return report;
    }

    public URI endpoint() {
        return endpoint;
    }

    public LocalClock clock() {
        return config.clock();
    }

    public EventsProvider events() {
        return events;
    }

    public LambdaProvider lambda() {
        return lambda;
    }

    public DynamoDbProvider dynamodb() {
        return dynamodb;
    }

    /** Lambda event source mappings (DynamoDB streams → functions). */
    public EventSourceMappings eventSourceMappings() {
        return eventSourceMappings;
    }

    /** The HTTP API and console endpoint (API Gateway), e.g. http://127.0.0.1:8080. */
    public URI apiEndpoint() {
        return apigateway.endpoint();
    }

    public ApiGatewayProvider apigateway() {
        return apigateway;
    }

    /** The local SES outbox: every message any function sent. */
    public SesProvider ses() {
        return ses;
    }

    public StatesProvider states() {
        return states;
    }

    public SchedulerProvider scheduler() {
        return scheduler;
    }

    public SqsProvider sqs() {
        return sqs;
    }

    public S3Provider s3() {
        return s3;
    }

    /** Rule and schedule targets other than SQS and buses (those the events provider delivers itself). */
    private static void deliver(LambdaProvider lambda, StatesProvider states, String arn, String input)
            throws DeliveryException {
        if (arn.startsWith("arn:aws:lambda:")) {
            if (lambda.function(arn).isEmpty()) {
                throw new DeliveryException("ResourceNotFoundException", "Function not found: " + arn, false);
            }
            // EventBridge invokes Lambda asynchronously: the function's own retries and DLQ apply from here on.
            lambda.invokeAsync(arn, input.getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (arn.startsWith("arn:aws:states:")) {
            try {
                states.startExecution(arn, null, input);
            } catch (dam.local.edge.AwsException e) {
                // A missing machine or a bad input cannot get better by retrying.
                throw new DeliveryException(e.code(), e.getMessage(), e.status() >= 500);
            }
            return;
        }
        throw new DeliveryException("UnsupportedTarget", "The local cloud cannot deliver to " + arn, false);
    }

    /** Failed async invocations: to SQS (DLQ / destination) or an event bus (destination). */
    private void deadLetter(AsyncFailure failure) {
        String target = failure.targetArn();
        try {
            if (target.startsWith("arn:aws:sqs:")) {
                String body = failure.kind() == AsyncFailure.Kind.DEAD_LETTER_QUEUE
                        ? new String(failure.requestPayload(), StandardCharsets.UTF_8)
                        : failure.destinationRecordJson();
                sqs.sendMessage(target, body, failure.kind() == AsyncFailure.Kind.DEAD_LETTER_QUEUE
                        ? failure.deadLetterAttributes() : Map.of());
            } else if (target.startsWith("arn:aws:events:")) {
                events.publish(target.substring(target.lastIndexOf('/') + 1), "lambda",
                        "Lambda Function Invocation Result - Failure", failure.destinationRecordJson(),
                        List.of(failure.functionArn()));
            } else {
                LOG.error("cannot deliver the failed invocation {} of {} to {}: unsupported target",
                        failure.requestId(), failure.functionArn(), target);
            }
        } catch (Exception e) {
            LOG.error("delivering failed invocation {} to {} failed", failure.requestId(), target, e);
        }
    }

    /** S3 → EventBridge, in the shape S3 uses on the default bus. */
    private void objectChanged(String bucket, String detailType, String key, long size, String etag, String reason) {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("version", "0");
        detail.putObject("bucket").put("name", bucket);
        ObjectNode object = detail.putObject("object");
        object.put("key", key);
        if (detailType.equals("Object Created")) {
            object.put("size", size);
            if (etag != null) {
                object.put("etag", etag);
            }
        }
        object.put("sequencer", Long.toHexString(System.nanoTime()).toUpperCase());
        detail.put("request-id", java.util.UUID.randomUUID().toString());
        detail.put("requester", ACCOUNT);
        detail.put("source-ip-address", "127.0.0.1");
        detail.put("reason", reason);
        events.publish("default", "aws.s3", detailType, detail.toString(), List.of("arn:aws:s3:::" + bucket));
    }

    /** LocalStack's health shape; the dynamodb entry is live (its dynalite child is supervised), details under "dam". */
    private AwsResponse health() {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode services = body.putObject("services");
        for (String s : List.of("s3", "dynamodb", "lambda", "events", "sqs", "scheduler", "stepfunctions",
                "apigateway", "ses", "rekognition")) {
            services.put(s, "running");
        }
        services.put("dynamodb", dynamodb.status());
        body.put("edition", "dam-local");
        ObjectNode dynamo = body.putObject("dam").putObject("dynamodb");
        dynamo.put("restarts", dynamodb.restarts());
        dynamo.put("lastProblem", dynamodb.lastProblem());
        return AwsResponse.json(200, "application/json", body.toString());
    }

    private AwsResponse recentEvents(String bus) throws IOException {
        return AwsResponse.json(200, "application/json", "[" + String.join(",",
                events.recentEvents(bus == null ? "default" : bus, 200)) + "]");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.add(resource);
        return resource;
    }

    @Override
    public void close() {
        // Stop in reverse start order: the edge first, so no request reaches a closed provider.
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed", started.get(i).getClass().getSimpleName(), e);
            }
        }
        started.clear();
        integrationThreads.shutdownNow();
    }
}
