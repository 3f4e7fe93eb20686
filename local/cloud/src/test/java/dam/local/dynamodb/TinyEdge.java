package dam.local.dynamodb;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import dam.local.edge.ServiceProvider;

/**
 * A minimal stand-in for the edge so the AWS SDK can talk to one provider in tests: buffers the request, hands it to
 * the provider and renders {@link AwsException} as a JSON-protocol error.
 */
final class TinyEdge implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    TinyEdge(ServiceProvider provider) throws IOException {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: +40 ms a call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> handle(provider, exchange));
        server.setExecutor(threads);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void handle(ServiceProvider provider, HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? null : target.substring(target.indexOf('.') + 1);
            AwsResponse response;
            try {
                response = provider.handle(new AwsRequest(exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(), headers, body,
                        "dynamodb", "us-east-1", operation));
            } catch (AwsException e) {
                String json = DynamoTestSupport.JSON.createObjectNode().put("__type", e.code())
                        .put("message", e.getMessage()).toString();
                response = AwsResponse.json(e.status(), AwsResponse.AMZ_JSON_1_0, json);
            } catch (Exception e) {
                String json = DynamoTestSupport.JSON.createObjectNode().put("__type", "InternalFailure")
                        .put("message", e.toString()).toString();
                response = AwsResponse.json(500, AwsResponse.AMZ_JSON_1_0, json);
            }
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", response.contentType());
            exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
