package dam.local.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dam.local.clock.LocalClock;
import dam.local.lambda.FunctionConfig;
import dam.local.lambda.LambdaProvider;
import dam.local.lambda.fixtures.EchoHandler;
import dam.local.lambda.fixtures.FailingHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway in front of the real local Lambda provider (worker JVMs), through {@link FunctionInvoker#of}. */
class ApiGatewayLambdaTest {

    @TempDir
    Path dir;

    @Test
    void invokesRealFunctionsAndMapsTheirErrors() throws Exception {
        Path code = Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (LocalClock clock = LocalClock.fixed(GatewayFixture.T0);
             LambdaProvider lambda = new LambdaProvider(clock, dir.resolve("lambda"),
                     URI.create("http://127.0.0.1:4566"), failure -> { });
             ApiGatewayProvider gateway = ApiGatewayProvider.start(new ApiGatewayProvider.Config("127.0.0.1", 0,
                     dir.resolve("apigw"), null, clock, ApiGatewayProvider.MAX_INTEGRATION_TIMEOUT),
                     FunctionInvoker.of(lambda))) {
            lambda.deploy(FunctionConfig.builder("echo", code, EchoHandler.class.getName() + "::handleRequest")
                    .timeoutSeconds(20).build());
            lambda.deploy(FunctionConfig.builder("failing", code, FailingHandler.class.getName()
                    + "::handleRequest").timeoutSeconds(20).build());
            gateway.putApi("api", "dam", null);
            gateway.putIntegration("api", "echo", LambdaProvider.functionArn("echo"));
            gateway.putIntegration("api", "failing", LambdaProvider.functionArn("failing"));
            gateway.putRoute("api", "GET /echo/{id}", "echo", null);
            gateway.putRoute("api", "GET /fail", "failing", null);

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/echo/42"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            JsonNode echoed = FakeFunctions.JSON.readTree(ok.body());
            // The echo handler returns JSON without statusCode: its whole result is the body, input included.
            assertEquals("42", echoed.at("/input/pathParameters/id").asText());
            assertEquals(LambdaProvider.functionArn("echo"), echoed.get("functionArn").asText());

            HttpResponse<String> failed = http.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/fail"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(502, failed.statusCode());
            assertEquals("{\"message\":\"Internal Server Error\"}", failed.body());
        }
    }
}
