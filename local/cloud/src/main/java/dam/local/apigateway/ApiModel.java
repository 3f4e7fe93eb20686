package dam.local.apigateway;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deployed HTTP APIs as the gateway sees them (the AWS::ApiGatewayV2::* resources the deployer creates).
 * Immutable values: every upsert builds a new snapshot, so request threads never see half an update.
 */
public final class ApiModel {

    private ApiModel() {
    }

    /** CorsConfiguration of an Api. Lists are never null; {@code maxAge} null means "not sent". */
    public record Cors(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
                       List<String> exposeHeaders, Integer maxAge, boolean allowCredentials) {
        public Cors {
            allowOrigins = List.copyOf(allowOrigins);
            allowMethods = List.copyOf(allowMethods);
            allowHeaders = List.copyOf(allowHeaders);
            exposeHeaders = List.copyOf(exposeHeaders);
        }
    }

    /** An AWS_PROXY Lambda integration, payload format 2.0. */
    public record Integration(String id, String functionArn, int timeoutMillis) {
    }

    /** A JWT authorizer. {@code identitySources} like {@code $request.header.Authorization}. */
    public record Authorizer(String id, String name, String issuer, List<String> audiences,
                             List<String> identitySources) {
        public Authorizer {
            audiences = List.copyOf(audiences);
            identitySources = List.copyOf(identitySources);
        }
    }

    /** A route; {@code authorizerId} null means a public route (AuthorizationType NONE). */
    public record Route(String routeKey, String integrationId, String authorizerId, List<String> scopes) {
        public Route {
            scopes = List.copyOf(scopes);
        }
    }

    /** One HTTP API with everything attached to it, keyed by id (routes by route key, as AWS keeps them unique). */
    public record Api(String id, String name, Cors cors, Map<String, Integration> integrations,
                      Map<String, Route> routes, Map<String, Authorizer> authorizers, Set<String> stages) {
        public Api {
            integrations = Map.copyOf(integrations);
            routes = Map.copyOf(routes);
            authorizers = Map.copyOf(authorizers);
            stages = Set.copyOf(stages);
        }

        /** The stage name events report: {@code $default} unless the API only has named stages. */
        public String stageName() {
            return stages.isEmpty() || stages.contains("$default") ? "$default"
                    : stages.stream().sorted().findFirst().orElseThrow();
        }
    }
}
