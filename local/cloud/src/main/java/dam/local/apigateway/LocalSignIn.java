package dam.local.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The local stand-in for the Cognito hosted sign-in: issues ID tokens of the agreed shape (contracts: {@code iss},
 * {@code aud} "dam", {@code sub} = the email, {@code email}, {@code cognito:groups}, {@code custom:brands}
 * comma-separated, {@code custom:collections} comma-separated (the collections an external user was given; empty for
 * everyone else), {@code exp}, {@code iat}) signed with the local key. Endpoints (under {@code /_local/}):
 * {@code POST token}, {@code GET users} (the demo users), {@code GET .well-known/jwks.json}.
 */
final class LocalSignIn {

    static final Set<String> ROLES = Set.of("admin", "brand-manager", "creator", "reviewer", "legal", "viewer",
            "external");
    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final Pattern EMAIL = Pattern.compile("[^\\s@,]+@[^\\s@,]+");
    private static final Pattern BRAND = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    /** Collection ids as the API makes them (UUIDs) or any similar token: no commas, spaces or brackets. */
    private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private final LocalKeys keys;
    private final Supplier<String> issuer;
    private final Clock clock;
    private final ArrayNode demoUsers;

    LocalSignIn(LocalKeys keys, Supplier<String> issuer, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.clock = clock;
        this.demoUsers = loadDemoUsers();
    }

    Optional<GatewayResponse> handle(GatewayRequest req) {
        String path = req.rawPath();
        if (path.equals("/_local/users") && isRead(req)) {
            return Optional.of(GatewayResponse.json(200, demoUsers.toString()));
        }
        if (path.equals("/_local/.well-known/jwks.json") && isRead(req)) {
            return Optional.of(GatewayResponse.json(200, keys.jwks().toString()));
        }
        if (path.equals("/_local/token")) {
            if (!req.method().equals("POST")) {
                return Optional.of(GatewayResponse.message(405, "Method Not Allowed"));
            }
            return Optional.of(token(req));
        }
        return Optional.empty();
    }

    private static boolean isRead(GatewayRequest req) {
        return req.method().equals("GET") || req.method().equals("HEAD");
    }

    /**
     * {@code {"user": email, "roles": [...], "brands": [...], "collections": [...]}}; roles and brands may be left out
     * for a demo user, whose listed ones are then used; collections default to none.
     */
    private GatewayResponse token(GatewayRequest req) {
        JsonNode body;
        try {
            body = PayloadV2.JSON.readTree(req.body());
        } catch (IOException e) {
            return badRequest("the body must be JSON: {\"user\":\"alice@example.com\",\"roles\":[\"creator\"]}");
        }
        if (body == null || !body.isObject()) {
            return badRequest("the body must be a JSON object");
        }
        String user = body.path("user").asText("").trim();
        if (!EMAIL.matcher(user).matches()) {
            return badRequest("user must be an email address");
        }
        Optional<JsonNode> demo = demoUser(user);
        JsonNode rolesNode = body.has("roles") ? body.get("roles")
                : demo.map(d -> d.get("roles")).orElse(null);
        JsonNode brandsNode = body.has("brands") ? body.get("brands")
                : demo.map(d -> d.get("brands")).orElse(PayloadV2.JSON.createArrayNode());
        if (rolesNode == null || !rolesNode.isArray() || rolesNode.isEmpty()) {
            return badRequest("roles must be a non-empty array of " + new java.util.TreeSet<>(ROLES));
        }
        List<String> roles = new ArrayList<>();
        for (JsonNode r : rolesNode) {
            if (!r.isTextual() || !ROLES.contains(r.asText())) {
                return badRequest("unknown role " + r + "; roles are " + new java.util.TreeSet<>(ROLES));
            }
            roles.add(r.asText());
        }
        if (brandsNode == null || !brandsNode.isArray()) {
            return badRequest("brands must be an array of brand ids");
        }
        List<String> brands = new ArrayList<>();
        for (JsonNode b : brandsNode) {
            if (!b.isTextual() || !BRAND.matcher(b.asText()).matches()) {
                return badRequest("invalid brand " + b + ": letters, digits, '.', '_' or '-'");
            }
            brands.add(b.asText());
        }
        JsonNode collectionsNode = body.has("collections") ? body.get("collections")
                : PayloadV2.JSON.createArrayNode();
        if (!collectionsNode.isArray()) {
            return badRequest("collections must be an array of collection ids");
        }
        List<String> collections = new ArrayList<>();
        for (JsonNode c : collectionsNode) {
            if (!c.isTextual() || !COLLECTION.matcher(c.asText()).matches()) {
                return badRequest("invalid collection " + c + ": letters, digits, '.', '_', ':' or '-'");
            }
            collections.add(c.asText());
        }
        String token = issue(user, roles, brands, collections);
        ObjectNode out = PayloadV2.JSON.createObjectNode().put("token", token).put("tokenType", "Bearer")
                .put("expiresIn", TOKEN_LIFETIME.toSeconds());
        return GatewayResponse.json(200, out.toString());
    }

    /** Signs an ID token for this user; roles must be known roles. */
    String issue(String user, Collection<String> roles, Collection<String> brands, Collection<String> collections) {
        for (String c : collections) {
            if (!COLLECTION.matcher(c).matches()) {
                throw new IllegalArgumentException("invalid collection id: " + c);
            }
        }
        if (!EMAIL.matcher(user).matches()) {
            throw new IllegalArgumentException("user must be an email address: " + user);
        }
        Set<String> unknown = new LinkedHashSet<>(roles);
        unknown.removeAll(ROLES);
        if (roles.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException("roles must be a non-empty subset of " + ROLES + ": " + roles);
        }
        Instant now = clock.instant();
        ObjectNode claims = PayloadV2.JSON.createObjectNode();
        claims.put("iss", issuer.get());
        claims.put("aud", JwtAuthorizer.LOCAL_AUDIENCE);
        claims.put("sub", user);
        claims.put("email", user);
        claims.put("email_verified", true);
        claims.put("cognito:username", user);
        ArrayNode groups = claims.putArray("cognito:groups");
        roles.forEach(groups::add);
        claims.put("custom:brands", String.join(",", brands));
        claims.put("custom:collections", String.join(",", collections));
        claims.put("token_use", "id");
        claims.put("auth_time", now.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(TOKEN_LIFETIME).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return keys.sign(claims);
    }

    private Optional<JsonNode> demoUser(String user) {
        for (JsonNode u : demoUsers) {
            if (u.path("user").asText().equalsIgnoreCase(user)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    private static GatewayResponse badRequest(String message) {
        ObjectNode body = PayloadV2.JSON.createObjectNode().put("message", message);
        return GatewayResponse.json(400, body.toString());
    }

    private static ArrayNode loadDemoUsers() {
        try (InputStream in = LocalSignIn.class.getResourceAsStream("demo-users.json")) {
            if (in == null) {
                throw new IllegalStateException("demo-users.json is missing from the classpath");
            }
            return (ArrayNode) PayloadV2.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read demo-users.json", e);
        }
    }
}
