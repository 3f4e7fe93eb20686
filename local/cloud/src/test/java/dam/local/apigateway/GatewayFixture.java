package dam.local.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import dam.local.clock.LocalClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Starts a gateway on a free port with a frozen clock and fake functions; small HTTP helpers. */
final class GatewayFixture implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-03-12T19:03:58.390Z");

    final LocalClock clock;
    final FakeFunctions functions;
    final ApiGatewayProvider gateway;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final boolean ownsClock;

    GatewayFixture(Path stateDir, Path staticRoot, Duration timeout) throws Exception {
        this(stateDir, staticRoot, timeout, 0);
    }

    GatewayFixture(Path stateDir, Path staticRoot, Duration timeout, int port) throws Exception {
        this(stateDir, staticRoot, timeout, port, LocalClock.fixed(T0), new FakeFunctions(), true);
    }

    GatewayFixture(Path stateDir, Path staticRoot, Duration timeout, int port, LocalClock clock,
                   FakeFunctions functions, boolean ownsClock) throws Exception {
        this.clock = clock;
        this.functions = functions;
        this.ownsClock = ownsClock;
        this.gateway = ApiGatewayProvider.start(new ApiGatewayProvider.Config("127.0.0.1", port, stateDir, staticRoot,
                clock, timeout), functions);
    }

    /** An API "api1" with the echo integration "echo", an authorizer "jwt" and no routes yet. */
    GatewayFixture withEchoApi(ApiModel.Cors cors) {
        gateway.putApi("api1", "dam", cors);
        gateway.putIntegration("api1", "echo", FakeFunctions.ECHO);
        gateway.putAuthorizer("api1", "jwt", "cognito",
                "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool", List.of("client-id"),
                List.of("$request.header.Authorization"));
        return this;
    }

    URI uri(String pathAndQuery) {
        return URI.create(gateway.endpoint() + pathAndQuery);
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The event the echo function received, from the response body. */
    static JsonNode echoed(HttpResponse<String> response) throws IOException {
        return FakeFunctions.JSON.readTree(response.body());
    }

    String token(String user, String role, String brand) {
        return gateway.issueToken(user, List.of(role), brand == null ? List.of() : List.of(brand));
    }

    /** Sends bytes exactly as given (no client-side path normalisation); returns the whole raw response. */
    String raw(String requestLine) throws IOException {
        URI e = gateway.endpoint();
        try (Socket s = new Socket(e.getHost(), e.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((requestLine + "\r\nHost: " + e.getHost() + ":" + e.getPort() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static int rawStatus(String rawResponse) {
        return Integer.parseInt(rawResponse.split(" ", 3)[1]);
    }

    @Override
    public void close() throws Exception {
        gateway.close();
        if (ownsClock) {
            clock.close();
        }
    }
}
