package dam.infra;

import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpRouteKey;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardAttribute;
import software.amazon.awscdk.services.cognito.StandardAttributes;
import software.amazon.awscdk.services.cognito.StringAttribute;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolGroupOptions;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The HTTP API (API Gateway HTTP API, payload 2.0): one {@code $default} stage with throttling and JSON access logs,
 * a Cognito user pool (groups = roles, custom attribute {@code brands}) whose ID tokens a JWT authorizer verifies, and
 * the API function. Other capabilities add their routes with {@link #addRoute}; public routes (review links, share
 * links) pass {@code requireAuth = false}.
 */
public final class Api extends Construct {

    public static final String HANDLER =
            "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction::handleRequest";
    /** The product's roles (dam.core.auth.Role codes), one Cognito group each. */
    public static final List<String> ROLES =
            List.of("admin", "brand-manager", "creator", "reviewer", "legal", "viewer", "external");
    /** Routes the API function serves (it routes further itself); all need a signed-in user. */
    public static final List<String> FUNCTION_ROUTES =
            List.of("ANY /briefs", "ANY /briefs/{proxy+}", "GET /me", "ANY /me/{proxy+}");
    static final int RATE_LIMIT = 50;
    static final int BURST_LIMIT = 100;
    private static final Pattern ROUTE_KEY = Pattern.compile("(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/\\S*)");

    private final HttpApi httpApi;
    private final HttpStage stage;
    private final UserPool userPool;
    private final UserPoolClient client;
    private final HttpJwtAuthorizer authorizer;
    private final DamFunction function;
    private final LogGroup accessLogs;
    private final Map<IFunction, HttpLambdaIntegration> integrations = new IdentityHashMap<>();
    private final Set<String> pathPatterns = new LinkedHashSet<>();

    public Api(Construct scope, String id, Stage stageConfig, LambdaArtifacts artifacts, Data data, Events events) {
        super(scope, id);

        userPool = UserPool.Builder.create(this, "Users")
                .selfSignUpEnabled(false) // admins invite people; roles and brands are granted, not chosen
                .signInAliases(SignInAliases.builder().email(true).build())
                .standardAttributes(StandardAttributes.builder()
                        .email(StandardAttribute.builder().required(true).mutable(true).build()).build())
                .customAttributes(Map.of("brands", StringAttribute.Builder.create().mutable(true).maxLen(2048)
                        .build()))
                .passwordPolicy(PasswordPolicy.builder().minLength(12).requireDigits(true).requireLowercase(true)
                        .requireUppercase(true).requireSymbols(true).build())
                // Prod: every signed-in user (staff; external reviewers use mail links, not accounts) sets up TOTP.
                // Cognito accepts "required" only when a pool is created, so it is fixed per stage from the start.
                .mfa(stageConfig.isProduction() ? Mfa.REQUIRED : Mfa.OPTIONAL)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .deletionProtection(stageConfig.isProduction())
                .removalPolicy(stageConfig.removalPolicy())
                .build();
        for (String role : ROLES) {
            userPool.addGroup("Group" + pascal(role), UserPoolGroupOptions.builder().groupName(role)
                    .description("DAM role " + role).build());
        }
        client = userPool.addClient("Console", UserPoolClientOptions.builder()
                .authFlows(AuthFlow.builder().userSrp(true).build())
                .generateSecret(false) // a browser app cannot keep a secret
                .preventUserExistenceErrors(true)
                .build());
        if (!stageConfig.isProduction()) {
            Nag.suppress(userPool, "AwsSolutions-COG2",
                    "Dev stages keep MFA optional (TOTP offered) for throw-away test users; prod requires it.");
        }
        Nag.suppress(userPool, "AwsSolutions-COG3",
                "Threat protection needs the Cognito Plus feature plan (billed per monthly active user); for an "
                        + "admin-invited staff tool, no self sign-up plus required TOTP in prod cover account takeover. "
                        + "Enable featurePlan PLUS if your compliance requires adaptive authentication.");

        httpApi = HttpApi.Builder.create(this, "Http")
                .apiName("dam")
                .createDefaultStage(false)
                .build();
        accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(stageConfig.logRetention())
                .removalPolicy(stageConfig.removalPolicy())
                .build();
        stage = HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(httpApi)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder().rateLimit(RATE_LIMIT).burstLimit(BURST_LIMIT).build())
                .build();
        // Access logs via the L1 stage: one JSON line per request (no bodies, no tokens).
        ((CfnStage) stage.getNode().getDefaultChild()).setAccessLogSettings(CfnStage.AccessLogSettingsProperty
                .builder()
                .destinationArn(accessLogs.getLogGroupArn())
                .format("{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                        + "\"time\":\"$context.requestTime\",\"method\":\"$context.httpMethod\","
                        + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
                        + "\"latencyMs\":\"$context.responseLatency\",\"user\":\"$context.authorizer.claims.sub\","
                        + "\"error\":\"$context.error.message\",\"integrationError\":\"$context.integrationErrorMessage\"}")
                .build());

        authorizer = HttpJwtAuthorizer.Builder.create("Jwt", "https://cognito-idp." + Stack.of(this).getRegion()
                        + ".amazonaws.com/" + userPool.getUserPoolId())
                .jwtAudience(List.of(client.getUserPoolClientId()))
                .identitySource(List.of("$request.header.Authorization"))
                .build();

        function = new DamFunction(this, "Handler", stageConfig,
                FunctionSpec.of(HANDLER, artifacts.jar("api"))
                        // Measured peak 439 MB (dam.bench.MemoryReport, every API call of the e2e suite): 1024 MB
                        // would hold it; 1536 MB is for the CPU share — people wait on every request, and Micronaut's
                        // restore/first request is CPU-bound (cold init 1.3–1.9 s locally, DEPENDENCIES.md).
                        .memoryMb(1536)
                        .env("TABLE_NAME", data.table().getTableName())
                        .env("EVENT_BUS_NAME", events.bus().getEventBusName())
                        .env("PUBLIC_BASE_URL", httpApi.getApiEndpoint()));
        data.grantReadWrite(function);
        events.grantPut(function);
        for (String route : FUNCTION_ROUTES) {
            addRoute(route, function.target(), true);
        }
    }

    /** Where briefs' supporting documents go in the originals bucket (outside the ingest's originals/ prefix). */
    public static final String BRIEF_DOCUMENTS_PREFIX = "briefs/";

    /**
     * Lets the API function presign PUTs of briefs' supporting documents: the bucket name (ORIGINALS_BUCKET) and a
     * put grant on {@value #BRIEF_DOCUMENTS_PREFIX}* only. Presigned URLs carry the signer's permissions, so this is
     * all a browser can do with one.
     */
    public void serveBriefDocuments(Storage storage) {
        function.function().addEnvironment("ORIGINALS_BUCKET", storage.originals().getBucketName());
        storage.originals().grantPut(function.function(), BRIEF_DOCUMENTS_PREFIX + "*");
        var bucket = (software.amazon.awscdk.CfnElement) storage.originals().getNode().getDefaultChild();
        Nag.suppress(function.role(), "AwsSolutions-IAM5",
                "Supporting documents go to server-chosen keys under briefs/ (one object per document); the "
                        + "presigned URL fixes the exact key, type and length.",
                "Action::s3:Abort*",
                "Resource::<" + Stack.of(bucket).resolve(bucket.getLogicalId()) + ".Arn>/"
                        + BRIEF_DOCUMENTS_PREFIX + "*");
    }

    /** Where version compare keeps its diff results and overlays in the derivatives bucket. */
    public static final String COMPARE_PREFIX = "compare/";

    /**
     * Version compare and review decisions (issue 7): the function reads renditions (diffed, and presigned for the
     * browser — a presigned GET carries the signer's rights) and reads/writes its stored diff results under
     * {@value #COMPARE_PREFIX}. Console decisions (and the creator's last answer, which resumes a round) answer the
     * review machine's tasks: SendTaskSuccess only, on {@code reviewMachineArn}.
     */
    public void serveReviews(Storage storage, String reviewMachineArn) {
        function.function().addToRolePolicy(software.amazon.awscdk.services.iam.PolicyStatement.Builder.create()
                .actions(List.of("states:SendTaskSuccess"))
                .resources(List.of(reviewMachineArn))
                .build());
        function.function().addEnvironment("DERIVATIVES_BUCKET", storage.derivatives().getBucketName());
        function.function().addToRolePolicy(software.amazon.awscdk.services.iam.PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(storage.derivatives().arnForObjects(Review.RENDITIONS_PREFIX + "*"),
                        storage.derivatives().arnForObjects(COMPARE_PREFIX + "*")))
                .build());
        function.function().addToRolePolicy(software.amazon.awscdk.services.iam.PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject"))
                .resources(List.of(storage.derivatives().arnForObjects(COMPARE_PREFIX + "*")))
                .build());
        var bucket = (software.amazon.awscdk.CfnElement) storage.derivatives().getNode().getDefaultChild();
        String arn = "Resource::<" + Stack.of(bucket).resolve(bucket.getLogicalId()) + ".Arn>/";
        Nag.suppress(function.role(), "AwsSolutions-IAM5",
                "Compare reads the versions' renditions (renditions/) and keeps one diff result per version pair "
                        + "under compare/ (server-chosen keys).",
                arn + Review.RENDITIONS_PREFIX + "*", arn + COMPARE_PREFIX + "*");
    }

    /**
     * Routes {@code routeKey} ("GET /review/{nonce}", "ANY /briefs/{proxy+}") to {@code fn}. Authenticated routes
     * need a valid ID token of the user pool (the function gets its claims); public ones get none of that.
     */
    public void addRoute(String routeKey, IFunction fn, boolean requireAuth) {
        Matcher m = ROUTE_KEY.matcher(routeKey == null ? "" : routeKey);
        if (!m.matches()) {
            throw new IllegalArgumentException("Route key '" + routeKey + "' must look like 'GET /path/{param}'");
        }
        HttpLambdaIntegration integration = integrations.computeIfAbsent(fn,
                f -> new HttpLambdaIntegration("Integration" + integrations.size(), f));
        HttpRoute route = HttpRoute.Builder.create(this, "Route" + pascal(m.group(1).toLowerCase(Locale.ROOT))
                        + pascal(m.group(2)))
                .httpApi(httpApi)
                .routeKey(HttpRouteKey.with(m.group(2), HttpMethod.valueOf(m.group(1))))
                .integration(integration)
                .authorizer(requireAuth ? authorizer : null)
                .build();
        pathPatterns.add(pathPattern(m.group(2)));
        if (!requireAuth) {
            Nag.suppress(route, "AwsSolutions-APIG4",
                    "Public by design (" + routeKey + "): the link itself is the credential (ARCHITECTURE §5).");
        }
    }

    /** A route path as a CloudFront path pattern: "/briefs/{proxy+}" → "/briefs/*", "/me" → "/me". */
    static String pathPattern(String path) {
        int param = path.indexOf('{');
        return param < 0 ? path : path.substring(0, param) + "*";
    }

    /** The CloudFront path patterns of every route added so far (the console's CDN forwards them to this API). */
    public List<String> pathPatterns() {
        return List.copyOf(pathPatterns);
    }

    /** "brand-manager" → "BrandManager", "/briefs/{proxy+}" → "BriefsProxy" (stable construct ids). */
    static String pascal(String text) {
        StringBuilder sb = new StringBuilder();
        for (String part : text.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    public HttpApi httpApi() {
        return httpApi;
    }

    /** The API's base URL (the {@code $default} stage serves at the root). */
    public String url() {
        return httpApi.getApiEndpoint();
    }

    public UserPool userPool() {
        return userPool;
    }

    public UserPoolClient client() {
        return client;
    }

    public DamFunction function() {
        return function;
    }

    public HttpStage stage() {
        return stage;
    }

    public LogGroup accessLogs() {
        return accessLogs;
    }
}
