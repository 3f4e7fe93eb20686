package dam.local.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.apigateway.ApiModel.Authorizer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claim checks the local JWT authorizer makes, on tokens crafted with the local key. */
class JwtAuthorizerTest {

    static final String ISSUER = "http://127.0.0.1:8080/_local";
    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    static final Authorizer AUTH = new Authorizer("a1", "cognito", "https://cognito-idp.example/pool",
            List.of("client-123"), List.of("$request.header.Authorization"));

    @TempDir
    Path dir;
    LocalKeys keys;
    JwtAuthorizer authorizer;

    @BeforeEach
    void setUp() {
        keys = LocalKeys.loadOrCreate(dir.resolve("key.pem"));
        authorizer = new JwtAuthorizer(keys, () -> ISSUER, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    ObjectNode claims(Consumer<ObjectNode> edit) {
        ObjectNode c = PayloadV2.JSON.createObjectNode().put("iss", ISSUER).put("aud", "dam").put("sub", "u")
                .put("iat", NOW.getEpochSecond()).put("exp", NOW.getEpochSecond() + 60);
        edit.accept(c);
        return c;
    }

    GatewayRequest request(String token) {
        return new GatewayRequest("GET", "/x", "", token == null ? Map.of()
                : Map.of("Authorization", List.of("Bearer " + token)), null, "127.0.0.1", "HTTP/1.1");
    }

    JwtAuthorizer.Grant authorize(ObjectNode claims, List<String> scopes) throws JwtAuthorizer.Refusal {
        return authorizer.authorize(AUTH, scopes, request(keys.sign(claims)));
    }

    int refusal(ObjectNode claims, List<String> scopes) {
        return assertThrows(JwtAuthorizer.Refusal.class, () -> authorize(claims, scopes)).status();
    }

    @Test
    void acceptsLocalTokensForTheLocalOrTemplateAudience() throws Exception {
        assertEquals("u", authorize(claims(c -> { }), List.of()).claims().get("sub"));
        assertEquals("u", authorize(claims(c -> c.put("aud", "client-123")), List.of()).claims().get("sub"));
        assertEquals("u", authorize(claims(c -> {
            c.remove("aud");
            c.put("client_id", "client-123");
        }), List.of()).claims().get("sub"));
        assertNull(authorize(claims(c -> { }), List.of()).scopes());
    }

    @Test
    void refusesWrongIssuerAudienceAndTimes() {
        assertEquals(401, refusal(claims(c -> c.put("iss", "https://cognito-idp.example/pool")), List.of()));
        assertEquals(401, refusal(claims(c -> c.put("aud", "someone-else")), List.of()));
        assertEquals(401, refusal(claims(c -> c.remove("exp")), List.of()));
        assertEquals(401, refusal(claims(c -> c.put("exp", NOW.getEpochSecond())), List.of()));
        assertEquals(401, refusal(claims(c -> c.put("nbf", NOW.getEpochSecond() + 1)), List.of()));
        assertEquals(401, refusal(claims(c -> c.put("iat", NOW.getEpochSecond() + 5)), List.of()));
        assertEquals(401, assertThrows(JwtAuthorizer.Refusal.class,
                () -> authorizer.authorize(AUTH, List.of(), request(null))).status());
    }

    @Test
    void routeScopesNeedOneMatchingScope() throws Exception {
        ObjectNode withScope = claims(c -> c.put("scope", "dam/read dam/write"));
        assertEquals(List.of("dam/read", "dam/write"), authorize(withScope, List.of("dam/write")).scopes());
        assertEquals(403, refusal(withScope, List.of("dam/admin")));
        assertEquals(403, refusal(claims(c -> { }), List.of("dam/read")));
    }

    @Test
    void claimsArePassedAsAwsFormattedStrings() throws Exception {
        ObjectNode c = claims(x -> {
            x.putArray("cognito:groups").add("admin").add("creator");
            x.put("custom:brands", "acme,globex");
            x.put("email_verified", true);
            x.put("ratio", 1.5);
            x.putNull("gone");
            x.putObject("nested").put("k", "v");
        });
        Map<String, String> out = authorize(c, List.of()).claims();
        assertEquals("[admin creator]", out.get("cognito:groups"));
        assertEquals("acme,globex", out.get("custom:brands"));
        assertEquals("true", out.get("email_verified"));
        assertEquals(String.valueOf(NOW.getEpochSecond() + 60), out.get("exp"));
        assertEquals("1.5", out.get("ratio"));
        assertEquals("{\"k\":\"v\"}", out.get("nested"));
        assertEquals(false, out.containsKey("gone"));
    }

    @Test
    void keySurvivesReloadAndHasAStableKid() {
        LocalKeys again = LocalKeys.loadOrCreate(dir.resolve("key.pem"));
        assertEquals(keys.kid(), again.kid());
        assertEquals(keys.jwks(), again.jwks());
    }
}
