package dam.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dam.events.EventSchemas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the shaded Lambda jar in a fresh JVM under AWS's runtime interface client (the same client the java21 managed
 * runtime uses), against a stand-in Runtime API and a stand-in AWS endpoint reached only through AWS_ENDPOINT_URL.
 * Proves: handler class + no-arg constructor load from the jar alone, clients pick up the endpoint by themselves,
 * and one "Command Create Brief" becomes a DynamoDB transaction plus a "Brief Created" PutEvents.
 */
class RuntimeInterfaceClientIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private Process lambda;
    private final CountDownLatch holdNextInvocation = new CountDownLatch(1);

    @AfterEach
    void stop() {
        holdNextInvocation.countDown();
        if (lambda != null) {
            lambda.destroyForcibly();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void createCommandRunsUnderTheRuntimeInterfaceClient() throws Exception {
        String event = withEventId(EventSchemas.sample("Command Create Brief").orElseThrow());
        CompletableFuture<String> response = new CompletableFuture<>();
        List<String> awsCalls = new CopyOnWriteArrayList<>();
        List<JsonNode> putEvents = new CopyOnWriteArrayList<>();
        AtomicBoolean delivered = new AtomicBoolean();

        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/2018-06-01/runtime/invocation/next", x -> {
            if (delivered.getAndSet(true)) {
                awaitQuietly(holdNextInvocation); // the runtime polls again after answering: keep it waiting
            }
            x.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", "req-1");
            x.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 60_000));
            x.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                    "arn:aws:lambda:us-east-1:000000000000:function:brief-intake");
            x.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
            reply(x, 200, event);
        });
        server.createContext("/2018-06-01/runtime/invocation/req-1/response", x -> {
            response.complete(body(x));
            reply(x, 202, "{}");
        });
        server.createContext("/2018-06-01/runtime/invocation/req-1/error", x -> {
            response.completeExceptionally(new AssertionError("function error: " + body(x)));
            reply(x, 202, "{}");
        });
        server.createContext("/2018-06-01/runtime/init/error", x -> {
            response.completeExceptionally(new AssertionError("init error: " + body(x)));
            reply(x, 202, "{}");
        });
        server.createContext("/", x -> { // the AWS endpoint (AWS_ENDPOINT_URL)
            String target = x.getRequestHeaders().getFirst("X-Amz-Target");
            String body = body(x);
            awsCalls.add(target);
            switch (target == null ? "" : target) {
                case "DynamoDB_20120810.TransactWriteItems" -> reply(x, 200, "{}");
                case "AWSEvents.PutEvents" -> {
                    putEvents.add(JSON.readTree(body));
                    reply(x, 200, "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e-1\"}]}");
                }
                default -> reply(x, 400, "{\"__type\":\"UnknownOperationException\"}");
            }
        });
        server.start();
        int port = server.getAddress().getPort();

        long started = System.nanoTime();
        lambda = startLambda(port);
        String out = response.get(60, TimeUnit.SECONDS);
        // A figure for the report, never asserted: fresh JVM + init + first invoke on this machine.
        System.out.printf("brief-intake cold start to first response under the RIC: %d ms%n",
                (System.nanoTime() - started) / 1_000_000);

        JsonNode outcome = JSON.readTree(out);
        assertEquals("created", outcome.get("outcome").asText(), out);
        assertEquals(List.of("DynamoDB_20120810.TransactWriteItems", "AWSEvents.PutEvents"), awsCalls);
        JsonNode entry = putEvents.get(0).get("Entries").get(0);
        assertEquals("dam-bus", entry.get("EventBusName").asText());
        assertEquals("dam.briefs", entry.get("Source").asText());
        assertEquals("Brief Created", entry.get("DetailType").asText());
        assertEquals(List.of(), EventSchemas.load().validate("Brief Created", entry.get("Detail").asText()));
        assertEquals(outcome.get("briefId").asText(), JSON.readTree(entry.get("Detail").asText()).at("/brief/id").asText());
    }

    private Process startLambda(int port) throws IOException {
        Path jar = Path.of(System.getProperty("lambda.jar", "target/dam-brief-intake-0.1.0-SNAPSHOT-lambda.jar"));
        assertTrue(Files.isRegularFile(jar), "build the Lambda jar first: " + jar);
        // The runtime's own jars (not ours): RIC + its serialization library, from the test classpath.
        String runtime = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.contains("aws-lambda-java-runtime-interface-client")
                        || p.contains("aws-lambda-java-serialization"))
                .collect(Collectors.joining(File.pathSeparator));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar + File.pathSeparator + runtime,
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                "dam.intake.BriefIntakeHandler::handleRequest");
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + port);
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port);
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "brief-intake");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("TABLE_NAME", "dam");
        env.put("EVENT_BUS_NAME", "dam-bus");
        pb.redirectErrorStream(true);
        pb.redirectOutput(Path.of("target", "ric-it.log").toFile());
        return pb.start();
    }

    private static String withEventId(String sample) throws IOException {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(sample);
        node.put("id", "it-" + System.nanoTime());
        return JSON.writeValueAsString(node);
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

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
