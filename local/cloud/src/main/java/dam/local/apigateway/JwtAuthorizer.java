package dam.local.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.apigateway.ApiModel.Authorizer;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * API Gateway's JWT authorizer, locally. In AWS the authorizer trusts the Cognito user pool named by the template's
 * Issuer and Audience; locally there is no user pool, so every JWT authorizer trusts the local sign-in instead:
 * RS256 signatures by the local key, {@code iss} = the local issuer, {@code aud} (or {@code client_id}) "dam" or one
 * of the template's audiences. {@code exp}, {@code nbf} and {@code iat} are checked against the local clock, so
 * tests can expire tokens by advancing it.
 */
final class JwtAuthorizer {

    static final String LOCAL_AUDIENCE = "dam";

    /** What the integration sees: claims as strings (AWS's format) and the token's scopes or null. */
    record Grant(Map<String, String> claims, List<String> scopes) {
    }

    /** A refused request: 401 for a missing or invalid token, 403 for a valid token lacking a required scope. */
    static final class Refusal extends Exception {
        private final int status;

        Refusal(int status, String reason) {
            super(reason);
            this.status = status;
        }

        int status() {
            return status;
        }

        GatewayResponse response() {
            GatewayResponse r = GatewayResponse.message(status, status == 401 ? "Unauthorized" : "Forbidden");
            String error = status == 401 ? "invalid_token" : "insufficient_scope";
            return r.withHeaders(List.of(new GatewayResponse.Header("www-authenticate",
                    "Bearer error=\"" + error + "\" error_description=\"" + getMessage() + "\"")));
        }
    }

    private final LocalKeys keys;
    private final Supplier<String> issuer;
    private final Clock clock;

    JwtAuthorizer(LocalKeys keys, Supplier<String> issuer, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.clock = clock;
    }

    Grant authorize(Authorizer authorizer, List<String> routeScopes, GatewayRequest request) throws Refusal {
        String token = identity(authorizer, request);
        LocalKeys.Verified verified;
        try {
            verified = keys.verify(token);
        } catch (LocalKeys.InvalidToken e) {
            throw new Refusal(401, e.getMessage());
        }
        ObjectNode claims = verified.claims();
        long now = clock.instant().getEpochSecond();
        JsonNode exp = claims.get("exp");
        if (exp == null || !exp.isNumber()) {
            throw new Refusal(401, "the token has no expiry");
        }
        if (exp.asLong() <= now) {
            throw new Refusal(401, "the token has expired");
        }
        if (claims.has("nbf") && claims.get("nbf").asLong() > now) {
            throw new Refusal(401, "the token is not valid yet");
        }
        if (claims.has("iat") && claims.get("iat").asLong() > now) {
            throw new Refusal(401, "the token was issued in the future");
        }
        if (!issuer.get().equals(claims.path("iss").asText(null))) {
            throw new Refusal(401, "the token's issuer is not the local sign-in");
        }
        Set<String> accepted = new LinkedHashSet<>(authorizer.audiences());
        accepted.add(LOCAL_AUDIENCE);
        if (!audiences(claims).stream().anyMatch(accepted::contains)) {
            throw new Refusal(401, "the token's audience is not accepted");
        }
        List<String> scopes = scopes(claims);
        if (!routeScopes.isEmpty() && (scopes == null || routeScopes.stream().noneMatch(scopes::contains))) {
            throw new Refusal(403, "the token lacks the required scope");
        }
        return new Grant(asAwsStrings(claims), scopes);
    }

    /** The token from the authorizer's identity source; a "Bearer " prefix is optional, as in AWS. */
    private static String identity(Authorizer authorizer, GatewayRequest request) throws Refusal {
        List<String> sources = authorizer.identitySources().isEmpty()
                ? List.of("$request.header.Authorization") : authorizer.identitySources();
        String value = null;
        for (String source : sources) {
            if (source.startsWith("$request.header.")) {
                value = request.header(source.substring("$request.header.".length()));
            } else if (source.startsWith("$request.querystring.")) {
                List<String> v = request.queryParameters().get(source.substring("$request.querystring.".length()));
                value = v == null ? null : v.get(0);
            }
            if (value != null && !value.isBlank()) {
                break;
            }
        }
        if (value == null || value.isBlank()) {
            throw new Refusal(401, "no token");
        }
        value = value.trim();
        return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : value;
    }

    private static List<String> audiences(ObjectNode claims) {
        List<String> out = new ArrayList<>();
        JsonNode aud = claims.get("aud");
        if (aud != null && aud.isArray()) {
            aud.forEach(a -> out.add(a.asText()));
        } else if (aud != null && aud.isTextual()) {
            out.add(aud.asText());
        }
        if (claims.path("client_id").isTextual()) {
            out.add(claims.get("client_id").asText());
        }
        return out;
    }

    private static List<String> scopes(ObjectNode claims) {
        JsonNode scope = claims.has("scope") ? claims.get("scope") : claims.get("scp");
        if (scope == null || scope.isNull()) {
            return null;
        }
        if (scope.isArray()) {
            List<String> out = new ArrayList<>();
            scope.forEach(s -> out.add(s.asText()));
            return out;
        }
        return Arrays.stream(scope.asText().split(" ")).filter(s -> !s.isBlank()).toList();
    }

    /**
     * Claims as API Gateway passes them: every value a string; arrays as {@code [a b]} (space-separated in
     * brackets, no quotes), numbers in plain notation, objects as JSON text; null claims dropped.
     */
    static Map<String, String> asAwsStrings(ObjectNode claims) {
        Map<String, String> out = new LinkedHashMap<>();
        claims.fields().forEachRemaining(f -> {
            String text = claimText(f.getValue());
            if (text != null) {
                out.put(f.getKey(), text);
            }
        });
        return out;
    }

    private static String claimText(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(i -> items.add(i.isValueNode() ? claimText(i) : i.toString()));
            return "[" + String.join(" ", items) + "]";
        }
        if (v.isFloatingPointNumber()) {
            return new BigDecimal(v.asText()).stripTrailingZeros().toPlainString();
        }
        if (v.isObject()) {
            return v.toString();
        }
        return v.asText();
    }
}
