package dam.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the shaded jar in a fresh JVM under AWS's runtime interface client (what the java21 managed runtime runs) with
 * the handler string the CDK app deploys, against a stand-in Runtime API and a stand-in AWS endpoint reached only
 * through AWS_ENDPOINT_URL. Two API Gateway v2 events: POST /briefs (a DynamoDB transaction + PutEvents → 201), then
 * GET of the new brief (GetItem → 200). Prints cold start (fresh JVM → first response) and the warm call.
 */
class RuntimeInterfaceClientIT {

    static final String HANDLER = "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction"
            + "::handleRequest";
    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private Process lambda;
    /** Events the stand-in Runtime API hands out, one per /next; the poison pill stops the test's side. */
    private final BlockingQueue<String> invocations = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        if (lambda != null) {
            lambda.destroyForcibly();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void servesHttpApiEventsUnderTheRuntimeInterfaceClient() throws Exception {
        List<CompletableFuture<String>> responses = List.of(new CompletableFuture<>(), new CompletableFuture<>());
        List<String> awsCalls = new CopyOnWriteArrayList<>();
        List<JsonNode> stored = new CopyOnWriteArrayList<>();
        List<JsonNode> putEvents = new CopyOnWriteArrayList<>();
        int[] served = {0};

        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/2018-06-01/runtime/invocation/next", x -> {
            String event;
            try {
                event = invocations.poll(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (event == null) {
                return; // test over: leave the runtime waiting
            }
            int n;
            synchronized (served) {
                n = ++served[0];
            }
            x.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", "req-" + n);
            x.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 60_000));
            x.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                    "arn:aws:lambda:us-east-1:000000000000:function:api");
            x.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
            reply(x, 200, event);
        });
        for (int i = 1; i <= 2; i++) {
            CompletableFuture<String> response = responses.get(i - 1);
            server.createContext("/2018-06-01/runtime/invocation/req-" + i + "/response", x -> {
                response.complete(body(x));
                reply(x, 202, "{}");
            });
            server.createContext("/2018-06-01/runtime/invocation/req-" + i + "/error", x -> {
                response.completeExceptionally(new AssertionError("function error: " + body(x)));
                reply(x, 202, "{}");
            });
        }
        server.createContext("/2018-06-01/runtime/init/error", x -> {
            AssertionError initError = new AssertionError("init error: " + body(x));
            responses.forEach(r -> r.completeExceptionally(initError));
            reply(x, 202, "{}");
        });
        server.createContext("/", x -> { // the AWS endpoint (AWS_ENDPOINT_URL)
            String target = x.getRequestHeaders().getFirst("X-Amz-Target");
            String body = body(x);
            awsCalls.add(target);
            switch (target == null ? "" : target) {
                case "DynamoDB_20120810.TransactWriteItems" -> {
                    JSON.readTree(body).path("TransactItems").forEach(t -> stored.add(t.path("Put").path("Item")));
                    reply(x, 200, "{}");
                }
                case "DynamoDB_20120810.GetItem" -> {
                    JsonNode meta = stored.stream().filter(i -> i.path("SK").path("S").asText().equals("META"))
                            .findFirst().orElseThrow();
                    reply(x, 200, JSON.createObjectNode().set("Item", meta).toString());
                }
                case "AWSEvents.PutEvents" -> {
                    putEvents.add(JSON.readTree(body));
                    reply(x, 200, "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e-1\"}]}");
                }
                default -> reply(x, 400, "{\"__type\":\"UnknownOperationException\"}");
            }
        });
        server.start();

        invocations.add(event("POST", "/briefs", createBody()));
        long started = System.nanoTime();
        lambda = startLambda(server.getAddress().getPort());
        JsonNode created = JSON.readTree(responses.get(0).get(90, TimeUnit.SECONDS));
        long coldMs = (System.nanoTime() - started) / 1_000_000;

        assertEquals(201, created.path("statusCode").asInt(), created.toString());
        JsonNode brief = JSON.readTree(created.path("body").asText());
        String id = brief.path("id").asText();
        assertEquals("/briefs/" + id, header(created, "Location"));
        assertEquals(List.of("DynamoDB_20120810.TransactWriteItems", "AWSEvents.PutEvents"), awsCalls);
        assertEquals("Brief Created", putEvents.get(0).path("Entries").get(0).path("DetailType").asText());
        assertEquals("dam-bus", putEvents.get(0).path("Entries").get(0).path("EventBusName").asText());

        invocations.add(event("GET", "/briefs/" + id, null));
        long warmStart = System.nanoTime();
        JsonNode got = JSON.readTree(responses.get(1).get(30, TimeUnit.SECONDS));
        long warmMs = (System.nanoTime() - warmStart) / 1_000_000;
        assertEquals(200, got.path("statusCode").asInt(), got.toString());
        assertEquals(brief, JSON.readTree(got.path("body").asText()));
        assertEquals("nosniff", header(got, "X-Content-Type-Options"));

        // Figures for the report, never asserted: this machine, 2 shared cores, no SnapStart.
        System.out.printf("api cold start (fresh JVM -> first response) under the RIC: %d ms; next request: %d ms; "
                + "jar %d KiB%n", coldMs, warmMs, Files.size(jar()) / 1024);
    }

    private static String header(JsonNode response, String name) {
        for (String field : List.of("headers", "multiValueHeaders")) {
            var it = response.path(field).fields();
            while (it.hasNext()) {
                var e = it.next();
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().isArray() ? e.getValue().get(0).asText() : e.getValue().asText();
                }
            }
        }
        return null;
    }

    private static String createBody() throws IOException {
        ObjectNode body = (ObjectNode) JSON.readTree(ApiHarness.fixture("create-brief.json"));
        body.put("dueDate", "2099-07-15"); // this JVM runs on the real clock
        body.putArray("milestones");
        return body.toString();
    }

    private static String event(String method, String path, String body) throws IOException {
        try (InputStream in = RuntimeInterfaceClientIT.class.getResourceAsStream("/events/http-request.json")) {
            ObjectNode e = (ObjectNode) JSON.readTree(in);
            e.put("rawPath", path);
            ((ObjectNode) e.path("requestContext").path("http")).put("method", method).put("path", path);
            if (body != null) {
                e.put("body", body);
            }
            return e.toString();
        }
    }

    private static Path jar() {
        return Path.of(System.getProperty("lambda.jar", "target/dam-api-0.1.0-SNAPSHOT-lambda.jar"));
    }

    private Process startLambda(int port) throws IOException {
        Path jar = jar();
        assertTrue(Files.isRegularFile(jar), "build the Lambda jar first: " + jar);
        // The runtime's own jars (not ours): RIC + its serialization library, from the test classpath.
        String runtime = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.contains("aws-lambda-java-runtime-interface-client")
                        || p.contains("aws-lambda-java-serialization"))
                .collect(Collectors.joining(File.pathSeparator));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", // as DamFunction's JAVA_TOOL_OPTIONS
                "-cp", jar + File.pathSeparator + runtime,
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", HANDLER);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("JAVA_TOOL_OPTIONS"));
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + port);
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port);
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "api");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1536");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("TABLE_NAME", "dam");
        env.put("EVENT_BUS_NAME", "dam-bus");
        env.put("PUBLIC_BASE_URL", "http://127.0.0.1:8080");
        // The asset and document routes presign into these (the CDK Ingest/Api constructs set them on AWS).
        env.put("ORIGINALS_BUCKET", "dam-originals");
        env.put("DERIVATIVES_BUCKET", "dam-derivatives");
        env.put("RENDITION_FUNCTION", "dam-rendition"); // set by the Library construct; invoked only on downloads
        // set by the Bulk construct; started only by POST /bulk-jobs
        env.put("BULK_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:000000000000:stateMachine:dam-bulk-rendition");
        pb.redirectErrorStream(true);
        pb.redirectOutput(Path.of("target", "ric-it.log").toFile());
        return pb.start();
    }

    private static String body(HttpExchange x) throws IOException {
        return new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }
}
