package dam.local.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dam.local.deploy.DeployContext;
import dam.local.deploy.DeployException;
import dam.local.deploy.ResourceHandler;
import dam.local.deploy.Resolved;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployer's view: CloudFormation properties (intrinsics already resolved) → a working local API. */
class ApiGatewayResourcesTest {

    static final DeployContext CTX = new DeployContext("Dam", "000000000000", "us-east-1", Map.of());

    @TempDir
    Path dir;
    GatewayFixture f;
    Map<String, ResourceHandler> handlers;

    @BeforeEach
    void start() throws Exception {
        f = new GatewayFixture(dir.resolve("state"), null, Duration.ofSeconds(2));
        handlers = new ApiGatewayResources(f.gateway).handlers();
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    Resolved deploy(String type, String logicalId, String propertiesJson) throws Exception {
        JsonNode props = FakeFunctions.JSON.readTree(propertiesJson);
        return handlers.get(type).deploy(logicalId, props, CTX);
    }

    /** The resources CDK's HttpApi + HttpLambdaIntegration + HttpJwtAuthorizer emit, as the deployer resolves them. */
    String deployApi() throws Exception {
        Resolved api = deploy("AWS::ApiGatewayV2::Api", "ApiF70053CD", """
                {"Name":"dam-api","ProtocolType":"HTTP","CorsConfiguration":{"AllowOrigins":["http://localhost:5173"],
                 "AllowMethods":["GET","POST","PUT","DELETE"],"AllowHeaders":["authorization","content-type"],
                 "MaxAge":3600}}""");
        String apiId = api.ref();
        Resolved integration = deploy("AWS::ApiGatewayV2::Integration", "ApiIntegration1", """
                {"ApiId":"%s","IntegrationType":"AWS_PROXY","PayloadFormatVersion":"2.0",
                 "IntegrationUri":"%s"}""".formatted(apiId, FakeFunctions.ECHO));
        Resolved authorizer = deploy("AWS::ApiGatewayV2::Authorizer", "ApiAuthorizer", """
                {"ApiId":"%s","AuthorizerType":"JWT","Name":"cognito","IdentitySource":["$request.header.Authorization"],
                 "JwtConfiguration":{"Audience":["4abc"],"Issuer":"https://cognito-idp.us-east-1.amazonaws.com/pool"}}"""
                .formatted(apiId));
        deploy("AWS::ApiGatewayV2::Route", "ApiBriefsRoute", """
                {"ApiId":"%s","RouteKey":"ANY /briefs/{proxy+}","AuthorizationType":"JWT","AuthorizerId":"%s",
                 "Target":"integrations/%s"}""".formatted(apiId, authorizer.ref(), integration.ref()));
        deploy("AWS::ApiGatewayV2::Route", "ApiReviewRoute", """
                {"ApiId":"%s","RouteKey":"GET /review/{nonce}","AuthorizationType":"NONE",
                 "Target":"integrations/%s"}""".formatted(apiId, integration.ref()));
        deploy("AWS::ApiGatewayV2::Stage", "ApiDefaultStage", """
                {"ApiId":"%s","StageName":"$default","AutoDeploy":true}""".formatted(apiId));
        return apiId;
    }

    @Test
    void deployedApiRoutesWithItsAuthorizerAndCors() throws Exception {
        String apiId = deployApi();
        assertEquals(10, apiId.length());
        assertTrue(apiId.matches("[a-z0-9]+"));

        assertEquals(200, f.get("/review/abc").statusCode());
        assertEquals(401, f.get("/briefs/b1").statusCode());
        String token = f.token("alice@example.com", "creator", "acme");
        assertEquals(200, f.get("/briefs/b1", "Authorization", "Bearer " + token).statusCode());
        assertEquals(apiId, GatewayFixture.echoed(f.get("/review/abc")).at("/requestContext/apiId").asText());

        var pre = f.send("OPTIONS", "/briefs/b1", null, "Origin", "http://localhost:5173",
                "Access-Control-Request-Method", "PUT");
        assertEquals(204, pre.statusCode());
        assertEquals("http://localhost:5173", pre.headers().firstValue("access-control-allow-origin").orElseThrow());
    }

    @Test
    void redeployIsIdempotent() throws Exception {
        String first = deployApi();
        String second = deployApi();
        assertEquals(first, second);
        assertEquals(1, f.gateway.apis().size());
        assertEquals(2, f.gateway.api(first).orElseThrow().routes().size());
        assertEquals(1, f.gateway.api(first).orElseThrow().integrations().size());
    }

    @Test
    void apiExposesTheLocalEndpointForLinks() throws Exception {
        Resolved api = deploy("AWS::ApiGatewayV2::Api", "Api", "{\"Name\":\"x\",\"ProtocolType\":\"HTTP\"}");
        assertEquals(f.gateway.endpoint().toString(), api.attributes().get("ApiEndpoint"));
    }

    @Test
    void integrationUriInInvocationsFormNamesTheFunction() {
        assertEquals(FakeFunctions.ECHO, ApiGatewayResources.functionArn("I",
                "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + FakeFunctions.ECHO
                        + "/invocations"));
    }

    @Test
    void unsupportedResourcesFailTheDeployClearly() throws Exception {
        String apiId = deploy("AWS::ApiGatewayV2::Api", "Api", "{\"Name\":\"x\",\"ProtocolType\":\"HTTP\"}").ref();
        DeployException ws = assertThrows(DeployException.class, () -> deploy("AWS::ApiGatewayV2::Api", "Ws",
                "{\"Name\":\"ws\",\"ProtocolType\":\"WEBSOCKET\"}"));
        assertTrue(ws.getMessage().contains("WEBSOCKET"));
        assertThrows(DeployException.class, () -> deploy("AWS::ApiGatewayV2::Integration", "Http",
                "{\"ApiId\":\"" + apiId + "\",\"IntegrationType\":\"HTTP_PROXY\",\"IntegrationUri\":\"http://x\"}"));
        assertThrows(DeployException.class, () -> deploy("AWS::ApiGatewayV2::Integration", "V1",
                "{\"ApiId\":\"" + apiId + "\",\"IntegrationType\":\"AWS_PROXY\",\"PayloadFormatVersion\":\"1.0\","
                        + "\"IntegrationUri\":\"" + FakeFunctions.ECHO + "\"}"));
        assertThrows(DeployException.class, () -> deploy("AWS::ApiGatewayV2::Authorizer", "Lambda",
                "{\"ApiId\":\"" + apiId + "\",\"AuthorizerType\":\"REQUEST\"}"));
        assertThrows(DeployException.class, () -> deploy("AWS::ApiGatewayV2::Route", "Iam",
                "{\"ApiId\":\"" + apiId + "\",\"RouteKey\":\"GET /x\",\"AuthorizationType\":\"AWS_IAM\","
                        + "\"Target\":\"integrations/x\"}"));
        assertEquals(0, f.gateway.api(apiId).orElseThrow().routes().size());
    }
}
