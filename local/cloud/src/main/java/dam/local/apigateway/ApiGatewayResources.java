package dam.local.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import dam.local.apigateway.ApiModel.Cors;
import dam.local.deploy.DeployContext;
import dam.local.deploy.DeployException;
import dam.local.deploy.ResourceHandler;
import dam.local.deploy.Resolved;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS::ApiGatewayV2::* resource types for the template deployer, applied to an {@link ApiGatewayProvider}.
 * Ids are derived from the stack and logical id (AWS draws random ones), so a redeploy upserts the same API.
 * Usage: {@code handlers.putAll(new ApiGatewayResources(gateway).handlers())}.
 */
public final class ApiGatewayResources {

    private final ApiGatewayProvider gateway;

    public ApiGatewayResources(ApiGatewayProvider gateway) {
        this.gateway = gateway;
    }

    public Map<String, ResourceHandler> handlers() {
        Map<String, ResourceHandler> h = new LinkedHashMap<>();
        h.put("AWS::ApiGatewayV2::Api", this::api);
        h.put("AWS::ApiGatewayV2::Integration", this::integration);
        h.put("AWS::ApiGatewayV2::Authorizer", this::authorizer);
        h.put("AWS::ApiGatewayV2::Route", this::route);
        h.put("AWS::ApiGatewayV2::Stage", this::stage);
        return h;
    }

    private Resolved api(String logicalId, JsonNode p, DeployContext ctx) {
        String protocol = p.path("ProtocolType").asText("HTTP");
        if (!protocol.equals("HTTP")) {
            throw new DeployException(logicalId + ": only HTTP APIs are provided locally, not " + protocol);
        }
        if (p.has("Body") || p.has("BodyS3Location")) {
            throw new DeployException(logicalId + ": OpenAPI-defined APIs are not supported locally; declare "
                    + "routes and integrations as resources");
        }
        String id = id(ctx, logicalId, 10);
        gateway.putApi(id, p.path("Name").asText(logicalId), cors(p.get("CorsConfiguration")));
        String endpoint = gateway.endpoint().toString();
        return new Resolved(id, Map.of("ApiId", id, "ApiEndpoint", endpoint));
    }

    private Resolved integration(String logicalId, JsonNode p, DeployContext ctx) {
        String apiId = p.path("ApiId").asText();
        String type = p.path("IntegrationType").asText();
        if (!type.equals("AWS_PROXY")) {
            throw new DeployException(logicalId + ": only AWS_PROXY (Lambda) integrations are provided locally, "
                    + "not " + type);
        }
        String version = p.path("PayloadFormatVersion").asText("2.0");
        if (!version.equals("2.0")) {
            throw new DeployException(logicalId + ": payload format " + version + " is not provided locally; "
                    + "use 2.0");
        }
        String id = id(ctx, logicalId, 7);
        gateway.putIntegration(apiId, id, functionArn(logicalId, p.path("IntegrationUri").asText()),
                p.path("TimeoutInMillis").asInt(30_000));
        return new Resolved(id, Map.of());
    }

    private Resolved authorizer(String logicalId, JsonNode p, DeployContext ctx) {
        String type = p.path("AuthorizerType").asText();
        if (!type.equals("JWT")) {
            throw new DeployException(logicalId + ": only JWT authorizers are provided locally, not " + type);
        }
        String id = id(ctx, logicalId, 6);
        JsonNode jwt = p.path("JwtConfiguration");
        gateway.putAuthorizer(p.path("ApiId").asText(), id, p.path("Name").asText(logicalId),
                jwt.path("Issuer").asText(null), strings(jwt.get("Audience")), strings(p.get("IdentitySource")));
        return new Resolved(id, Map.of("AuthorizerId", id));
    }

    private Resolved route(String logicalId, JsonNode p, DeployContext ctx) {
        String target = p.path("Target").asText("");
        if (!target.startsWith("integrations/")) {
            throw new DeployException(logicalId + ": a route needs Target integrations/<id>, got '" + target + "'");
        }
        String auth = p.path("AuthorizationType").asText("NONE");
        String authorizerId = switch (auth) {
            case "NONE" -> null;
            case "JWT" -> p.path("AuthorizerId").asText(null);
            default -> throw new DeployException(logicalId + ": authorization type " + auth
                    + " is not provided locally (NONE or JWT)");
        };
        if (auth.equals("JWT") && authorizerId == null) {
            throw new DeployException(logicalId + ": AuthorizationType JWT needs an AuthorizerId");
        }
        gateway.putRoute(p.path("ApiId").asText(), p.path("RouteKey").asText(),
                target.substring("integrations/".length()), authorizerId, strings(p.get("AuthorizationScopes")));
        return new Resolved(id(ctx, logicalId, 7), Map.of());
    }

    private Resolved stage(String logicalId, JsonNode p, DeployContext ctx) {
        String name = p.path("StageName").asText("$default");
        gateway.putStage(p.path("ApiId").asText(), name);
        return new Resolved(name, Map.of());
    }

    static Cors cors(JsonNode c) {
        if (c == null || c.isNull() || !c.isObject()) {
            return null;
        }
        return new Cors(strings(c.get("AllowOrigins")), strings(c.get("AllowMethods")),
                strings(c.get("AllowHeaders")), strings(c.get("ExposeHeaders")),
                c.has("MaxAge") ? c.get("MaxAge").asInt() : null, c.path("AllowCredentials").asBoolean(false));
    }

    /** The function ARN from a plain ARN or the {@code arn:aws:apigateway:…:lambda:path/…/functions/<arn>/invocations} form. */
    static String functionArn(String logicalId, String uri) {
        String arn = uri;
        int i = uri.indexOf("/functions/");
        if (uri.startsWith("arn:aws:apigateway:") && i >= 0) {
            arn = uri.substring(i + "/functions/".length()).replaceFirst("/invocations$", "");
        }
        if (!arn.startsWith("arn:aws:lambda:")) {
            throw new DeployException(logicalId + ": IntegrationUri must name a Lambda function, got " + uri);
        }
        return arn;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    /** A stable lowercase alphanumeric id of {@code length} characters. */
    static String id(DeployContext ctx, String logicalId, int length) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((ctx.stackName() + "/" + logicalId).getBytes(StandardCharsets.UTF_8));
            String base36 = new BigInteger(1, digest).toString(36);
            return base36.substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
