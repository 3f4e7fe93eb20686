package dam.local.lambda;

import static dam.local.lambda.LambdaTestSupport.bytes;
import static dam.local.lambda.LambdaTestSupport.fixtureCode;
import static dam.local.lambda.LambdaTestSupport.handler;
import static dam.local.lambda.LambdaTestSupport.parse;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dam.local.clock.LocalClock;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.Edge;
import dam.local.lambda.fixtures.EchoHandler;
import dam.local.lambda.fixtures.FailingHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidRequestContentException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** The provider behind the real edge, driven by the AWS SDK's LambdaClient as a user of the local cloud would. */
class LambdaSdkTest {

    @TempDir
    static Path state;
    static LocalClock clock;
    static LambdaProvider lambda;
    static Edge edge;
    static LambdaClient client;

    @BeforeAll
    static void start() throws Exception {
        clock = LocalClock.fixed(Instant.parse("2026-03-01T10:00:00Z"));
        lambda = new LambdaProvider(clock, state, URI.create("http://127.0.0.1:4566"), f -> { });
        edge = new Edge("127.0.0.1", 0, null, List.of(lambda)).start();
        client = LambdaClient.builder()
                .endpointOverride(edge.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        lambda.deploy(FunctionConfig.builder("sdk-echo", fixtureCode(), handler(EchoHandler.class))
                .environment(Map.of("STAGE", "local")).memoryMb(512).timeoutSeconds(10).build());
        lambda.deploy(FunctionConfig.builder("sdk-failing", fixtureCode(), handler(FailingHandler.class)).build());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        edge.close();
        lambda.close();
        clock.close();
    }

    @Test
    void invokeReturnsThePayloadAndTheLogTail() {
        InvokeResponse response = client.invoke(b -> b.functionName("sdk-echo").logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String("{\"asset\":\"a-1\"}")));

        assertEquals(200, response.statusCode());
        assertNull(response.functionError());
        assertEquals("$LATEST", response.executedVersion());
        JsonNode body = parse(response.payload().asByteArray());
        assertEquals("a-1", body.at("/input/asset").asText());
        String tail = new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
        assertTrue(tail.contains("echo handler got 15 characters"), tail);
        assertTrue(tail.contains("REPORT RequestId: " + body.get("requestId").asText()), tail);
    }

    @Test
    void aFunctionErrorArrivesAsXAmzFunctionError() {
        InvokeResponse response = client.invoke(b -> b.functionName(LambdaProvider.functionArn("sdk-failing"))
                .payload(SdkBytes.fromUtf8String("{}")));

        assertEquals(200, response.statusCode());
        assertEquals("Unhandled", response.functionError());
        JsonNode error = parse(response.payload().asByteArray());
        assertEquals("java.lang.IllegalStateException", error.get("errorType").asText());
        assertEquals("boom: {}", error.get("errorMessage").asText());
    }

    @Test
    void eventInvocationsAreAcceptedAndRunLater() {
        long before = lambda.stats("sdk-echo").invocations();
        InvokeResponse response = client.invoke(b -> b.functionName("sdk-echo").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"async\":true}")));

        assertEquals(202, response.statusCode());
        // The edge sets its own x-amzn-RequestId, so follow the event through the function's counters.
        await().atMost(Duration.ofSeconds(60)).until(() -> lambda.pendingAsync() == 0
                && lambda.stats("sdk-echo").invocations() == before + 1);
    }

    @Test
    void dryRunChecksWithoutRunning() {
        long before = lambda.stats("sdk-failing").invocations();
        InvokeResponse response = client.invoke(b -> b.functionName("sdk-failing")
                .invocationType(InvocationType.DRY_RUN).payload(SdkBytes.fromUtf8String("{}")));

        assertEquals(204, response.statusCode());
        assertEquals(before, lambda.stats("sdk-failing").invocations());
    }

    @Test
    void getFunctionAndListFunctionsDescribeTheDeployment() {
        GetFunctionResponse function = client.getFunction(b -> b.functionName("sdk-echo"));
        FunctionConfiguration config = function.configuration();
        assertEquals("sdk-echo", config.functionName());
        assertEquals(LambdaProvider.functionArn("sdk-echo"), config.functionArn());
        assertEquals("java21", config.runtimeAsString());
        assertEquals(handler(EchoHandler.class), config.handler());
        assertEquals(512, config.memorySize());
        assertEquals(10, config.timeout());
        assertEquals("local", config.environment().variables().get("STAGE"));
        assertEquals(fixtureCode().toUri().toString(), function.code().location());
        assertEquals(4, function.concurrency().reservedConcurrentExecutions());
        assertEquals(config.codeSha256(), client.getFunctionConfiguration(b -> b.functionName("sdk-echo"))
                .codeSha256());

        List<String> names = client.listFunctions().functions().stream().map(FunctionConfiguration::functionName)
                .toList();
        assertTrue(names.containsAll(List.of("sdk-echo", "sdk-failing")), names.toString());
        List<String> paged = client.listFunctionsPaginator(b -> b.maxItems(1)).functions().stream()
                .map(FunctionConfiguration::functionName).toList();
        assertEquals(names, paged, "Marker/NextMarker paging yields the same list");
    }

    @Test
    void errorsAreTheOnesTheSdkKnows() {
        assertThrows(ResourceNotFoundException.class, () -> client.invoke(b -> b.functionName("missing")
                .payload(SdkBytes.fromUtf8String("{}"))));
        assertThrows(ResourceNotFoundException.class, () -> client.getFunction(b -> b.functionName("missing")));
        assertThrows(ResourceNotFoundException.class, () -> client.invoke(b -> b.functionName("sdk-echo")
                .qualifier("7").payload(SdkBytes.fromUtf8String("{}"))));
        assertThrows(InvalidRequestContentException.class, () -> client.invoke(b -> b.functionName("sdk-echo")
                .payload(SdkBytes.fromUtf8String("not json"))));

        AwsException unknown = assertThrows(AwsException.class, () -> lambda.handle(new AwsRequest("GET",
                "/2018-10-31/layers", null, Map.of(), bytes(""), "lambda", "us-east-1", null)));
        assertEquals("UnknownOperationException", unknown.code());
    }
}
