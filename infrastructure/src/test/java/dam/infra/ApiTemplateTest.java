package dam.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

/** The HTTP API construct in the dev stack: stage, authorizer, routes, user pool and the API function. */
class ApiTemplateTest {

    @TempDir
    static Path repo;

    static LambdaArtifacts artifacts;
    static Template template;
    static Map<String, Map<String, Object>> resources;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synth() throws IOException {
        artifacts = TestRepo.create(repo, "brief-intake", "expiry-scan", "approval", "api");
        App app = DamApp.createApp(repo.resolve("cdk.out"), Map.of());
        template = Template.fromStack(DamApp.stack(app, artifacts));
        resources = (Map<String, Map<String, Object>>) (Map<?, ?>) template.toJSON().get("Resources");
    }

    @Test
    void httpApiHasOneDefaultStageWithThrottlingAndJsonAccessLogs() {
        template.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        template.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("Name", "dam", "ProtocolType", "HTTP"));
        template.resourceCountIs("AWS::ApiGatewayV2::Stage", 1);
        template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
                "StageName", "$default",
                "AutoDeploy", true,
                "DefaultRouteSettings", Map.of("ThrottlingRateLimit", Api.RATE_LIMIT,
                        "ThrottlingBurstLimit", Api.BURST_LIMIT),
                "AccessLogSettings", Map.of(
                        "DestinationArn", Map.of("Fn::GetAtt", List.of(only("AWS::Logs::LogGroup", "ApiAccessLogs"),
                                "Arn")),
                        "Format", Match.stringLikeRegexp(".*\\$context.requestId.*\\$context.status.*"))));
    }

    @Test
    void jwtAuthorizerTrustsTheUserPoolAndItsConsoleClient() {
        template.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 1);
        Map<String, Object> issuer = Map.of("Fn::Join", List.of("", List.of("https://cognito-idp.",
                Map.of("Ref", "AWS::Region"), ".amazonaws.com/",
                Map.of("Ref", only("AWS::Cognito::UserPool", "ApiUsers")))));
        template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of(
                "AuthorizerType", "JWT",
                "IdentitySource", List.of("$request.header.Authorization"),
                "JwtConfiguration", Map.of(
                        "Audience", List.of(Map.of("Ref", only("AWS::Cognito::UserPoolClient", "ApiUsersConsole"))),
                        "Issuer", issuer)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void functionRoutesAllRequireTheJwtAndProxyToTheApiFunction() {
        String authorizer = only("AWS::ApiGatewayV2::Authorizer", "Api");
        String integration = only("AWS::ApiGatewayV2::Integration", "ApiRouteAnyBriefsIntegration");
        List<String> keys = new ArrayList<>();
        for (Map<String, Object> r : ofType("AWS::ApiGatewayV2::Route")) {
            Map<String, Object> p = (Map<String, Object>) r.get("Properties");
            if (!Api.FUNCTION_ROUTES.contains(p.get("RouteKey"))) {
                continue; // another capability's route (e.g. public review links)
            }
            keys.add((String) p.get("RouteKey"));
            assertEquals("JWT", p.get("AuthorizationType"), p.toString());
            assertEquals(Map.of("Ref", authorizer), p.get("AuthorizerId"));
            assertEquals(Map.of("Fn::Join", List.of("", List.of("integrations/", Map.of("Ref", integration)))),
                    p.get("Target"));
        }
        assertEquals(Api.FUNCTION_ROUTES.stream().sorted().toList(), keys.stream().sorted().toList());
        template.hasResourceProperties("AWS::ApiGatewayV2::Integration", Map.of(
                "IntegrationType", "AWS_PROXY",
                "PayloadFormatVersion", "2.0",
                "IntegrationUri", Map.of("Ref", only("AWS::Lambda::Alias", "ApiHandler"))));
    }

    @Test
    void apiFunctionIsTheMicronautHandlerWithItsEnvironment() {
        String api = only("AWS::ApiGatewayV2::Api", "Api");
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", Api.HANDLER,
                "Runtime", "java21",
                "MemorySize", 1536,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "TABLE_NAME", Map.of("Ref", only("AWS::DynamoDB::Table", "DataTable")),
                        "EVENT_BUS_NAME", Map.of("Ref", only("AWS::Events::EventBus", "EventsBus")),
                        "PUBLIC_BASE_URL", Map.of("Fn::GetAtt", List.of(api, "ApiEndpoint")),
                        "REMINDER_TARGET_ARN", Match.anyValue())))));
    }

    @Test
    void userPoolHasOneGroupPerRoleAndNoSelfSignUp() {
        template.resourceCountIs("AWS::Cognito::UserPool", 1);
        template.hasResourceProperties("AWS::Cognito::UserPool", Map.of(
                "AdminCreateUserConfig", Map.of("AllowAdminCreateUserOnly", true),
                "Schema", Match.arrayWith(List.of(Map.of("AttributeDataType", "String", "Name", "brands",
                        "Mutable", true, "StringAttributeConstraints", Map.of("MaxLength", "2048")))),
                "Policies", Map.of("PasswordPolicy", Match.objectLike(Map.of("MinimumLength", 12)))));
        List<Object> groups = new ArrayList<>();
        ofType("AWS::Cognito::UserPoolGroup").forEach(g -> groups.add(properties(g).get("GroupName")));
        assertEquals(Api.ROLES.stream().sorted().toList(), groups.stream().map(String::valueOf).sorted().toList());
        template.hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of("GenerateSecret", false,
                "ExplicitAuthFlows", Match.arrayWith(List.of("ALLOW_USER_SRP_AUTH"))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void apiFunctionMayWriteTheTablePutOnTheBusAndScheduleRemindersOnly() {
        Map<String, Object> policy = properties(resources.get(only("AWS::IAM::Policy", "ApiHandler")));
        List<Map<String, Object>> statements = (List<Map<String, Object>>) ((Map<String, Object>)
                policy.get("PolicyDocument")).get("Statement");
        List<String> actions = new ArrayList<>();
        statements.forEach(st -> actions.addAll(DamStackTemplateTest.asList(st.get("Action")).stream()
                .map(String::valueOf).toList()));
        assertTrue(actions.contains("dynamodb:PutItem") && actions.contains("dynamodb:Query"), actions.toString());
        assertTrue(actions.contains("events:PutEvents"), actions.toString());
        assertTrue(actions.contains("scheduler:CreateSchedule"), actions.toString());
        assertTrue(actions.stream().noneMatch(a -> a.endsWith(":*") || a.equals("*")), actions.toString());
    }

    @Test
    void stackOutputsTheApiUrl() {
        template.hasOutput("ApiUrl", Map.of("Value", Map.of("Fn::GetAtt",
                List.of(only("AWS::ApiGatewayV2::Api", "Api"), "ApiEndpoint"))));
    }

    @Test
    void addRouteMakesPublicRoutesWithoutAuthAndReusesOneIntegrationPerFunction() throws IOException {
        App app = new App();
        Stack stack = new Stack(app, "Scratch");
        Stage stage = new Stage("dev");
        Api api = new Api(stack, "Api", stage, artifacts, new Data(stack, "Data", stage), new Events(stack, "Events"));
        Function approval = Function.Builder.create(stack, "Approval").runtime(Runtime.NODEJS_20_X)
                .handler("index.handler").code(Code.fromInline("exports.handler = async () => ({})")).build();
        api.addRoute("GET /review/{nonce}", approval, false);
        api.addRoute("POST /review/{nonce}", approval, false);
        assertThrows(IllegalArgumentException.class, () -> api.addRoute("FETCH /x", approval, false));
        assertThrows(IllegalArgumentException.class, () -> api.addRoute("GET review", approval, false));

        Template t = Template.fromStack(stack);
        t.resourceCountIs("AWS::ApiGatewayV2::Integration", 2); // the API function's and the approval function's
        t.resourceCountIs("AWS::ApiGatewayV2::Route", Api.FUNCTION_ROUTES.size() + 2);
        for (String key : List.of("GET /review/{nonce}", "POST /review/{nonce}")) {
            t.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", key,
                    "AuthorizationType", "NONE"));
        }
        assertEquals(0, t.findResources("AWS::ApiGatewayV2::Route", Map.of("Properties", Map.of(
                "RouteKey", "GET /review/{nonce}", "AuthorizerId", Match.anyValue()))).size());
        assertTrue(Api.pascal("/briefs/{proxy+}").equals("BriefsProxy"));
    }

    private static String only(String type, String prefix) {
        List<String> ids = new ArrayList<>();
        resources.forEach((id, r) -> {
            if (type.equals(r.get("Type")) && id.startsWith(prefix)) {
                ids.add(id);
            }
        });
        assertEquals(1, ids.size(), () -> "expected one " + type + " with prefix " + prefix + ", got " + ids);
        return ids.get(0);
    }

    private static List<Map<String, Object>> ofType(String type) {
        return resources.values().stream().filter(r -> type.equals(r.get("Type"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }
}
