package dam.local.apigateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dam.local.apigateway.ApiModel.Cors;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiGatewayProviderTest {

    static final String FN = "arn:aws:lambda:us-east-1:000000000000:function:fn";

    @TempDir
    Path dir;
    GatewayFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new GatewayFixture(dir.resolve("state"), null, Duration.ofMillis(500)).withEchoApi(null);
        f.gateway.putRoute("api1", "GET /briefs", "echo", "jwt");
        f.gateway.putRoute("api1", "GET /review/{nonce}", "echo", null);
        f.gateway.putIntegration("api1", "fn", FN);
        f.gateway.putRoute("api1", "ANY /fn/{proxy+}", "fn", null);
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    // ---- JWT authorizer ----

    @Test
    void tokenFromLocalSignInIsAccepted() throws Exception {
        HttpResponse<String> signIn = f.send("POST", "/_local/token",
                "{\"user\":\"alice@example.com\",\"roles\":[\"creator\",\"reviewer\"],\"brands\":[\"acme\",\"globex\"]}",
                "Content-Type", "application/json");
        assertEquals(200, signIn.statusCode(), signIn.body());
        String token = FakeFunctions.JSON.readTree(signIn.body()).get("token").asText();

        HttpResponse<String> res = f.get("/briefs", "Authorization", "Bearer " + token);
        assertEquals(200, res.statusCode(), res.body());
        JsonNode claims = GatewayFixture.echoed(res).at("/requestContext/authorizer/jwt/claims");
        assertEquals("[creator reviewer]", claims.get("cognito:groups").asText());
        assertEquals("acme,globex", claims.get("custom:brands").asText());
        assertEquals("alice@example.com", claims.get("email").asText());
        assertEquals(f.gateway.issuer(), claims.get("iss").asText());
    }

    @Test
    void externalTokensCarryTheirCollections() throws Exception {
        HttpResponse<String> signIn = f.send("POST", "/_local/token", "{\"user\":\"erin@agency.example\","
                + "\"roles\":[\"external\"],\"collections\":[\"c-1\",\"c-2\"]}", "Content-Type", "application/json");
        assertEquals(200, signIn.statusCode(), signIn.body());
        String token = FakeFunctions.JSON.readTree(signIn.body()).get("token").asText();
        JsonNode claims = GatewayFixture.echoed(f.get("/briefs", "Authorization", "Bearer " + token))
                .at("/requestContext/authorizer/jwt/claims");
        assertEquals("c-1,c-2", claims.get("custom:collections").asText());
        assertEquals("", claims.get("custom:brands").asText());

        String issued = f.gateway.issueToken("erin@agency.example", List.of("external"), List.of(), List.of("c-3"));
        assertEquals("c-3", GatewayFixture.echoed(f.get("/briefs", "Authorization", "Bearer " + issued))
                .at("/requestContext/authorizer/jwt/claims/custom:collections").asText());

        HttpResponse<String> bad = f.send("POST", "/_local/token", "{\"user\":\"erin@agency.example\","
                + "\"roles\":[\"external\"],\"collections\":[\"a,b\"]}", "Content-Type", "application/json");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("invalid collection"), bad.body());
    }

    @Test
    void tokenWithoutBearerPrefixIsAcceptedToo() throws Exception {
        HttpResponse<String> res = f.get("/briefs", "Authorization", f.token("v@example.com", "viewer", null));
        assertEquals(200, res.statusCode(), res.body());
        assertEquals("", GatewayFixture.echoed(res).at("/requestContext/authorizer/jwt/claims/custom:brands")
                .asText());
    }

    @Test
    void missingOrInvalidTokensAreRefusedWithoutInvokingTheFunction() throws Exception {
        String good = f.token("alice@example.com", "creator", "acme");
        String[] parts = good.split("\\.");
        String forgedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(new String(
                Base64.getUrlDecoder().decode(parts[1])).replace("creator", "admin").getBytes());
        String noneAlg = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()) + "." + parts[1] + ".";
        for (String header : new String[]{null, "Bearer ", "Bearer not-a-jwt", "Bearer a.b.c",
                "Bearer " + parts[0] + "." + forgedClaims + "." + parts[2], "Bearer " + noneAlg,
                "Bearer " + good.substring(0, good.length() - 4) + "AAAA"}) {
            HttpResponse<String> res = header == null ? f.get("/briefs") : f.get("/briefs", "Authorization", header);
            assertEquals(401, res.statusCode(), String.valueOf(header));
            assertEquals("{\"message\":\"Unauthorized\"}", res.body());
            assertTrue(res.headers().firstValue("www-authenticate").orElse("").startsWith("Bearer"));
        }
        assertEquals(0, f.functions.calls().size());
    }

    @Test
    void expiryFollowsTheLocalClock() throws Exception {
        String token = f.token("alice@example.com", "creator", "acme");
        f.clock.advance(Duration.ofMinutes(59));
        assertEquals(200, f.get("/briefs", "Authorization", "Bearer " + token).statusCode());
        f.clock.advance(Duration.ofMinutes(1));
        HttpResponse<String> expired = f.get("/briefs", "Authorization", "Bearer " + token);
        assertEquals(401, expired.statusCode());
        assertTrue(expired.headers().firstValue("www-authenticate").orElseThrow().contains("expired"));
    }

    @Test
    void tokenSignedByAnotherKeyIsRefused() throws Exception {
        try (GatewayFixture other = new GatewayFixture(dir.resolve("other"), null, Duration.ofSeconds(1))) {
            String foreign = other.token("alice@example.com", "admin", null);
            assertEquals(401, f.get("/briefs", "Authorization", "Bearer " + foreign).statusCode());
        }
    }

    @Test
    void publicRoutesNeedNoToken() throws Exception {
        assertEquals(200, f.get("/review/abc").statusCode());
        assertEquals(1, f.functions.calls().size());
    }

    // ---- integration responses ----

    @Test
    void structuredResponseIsMapped() throws Exception {
        f.functions.on(FN, e -> "{\"statusCode\":201,\"headers\":{\"x-a\":\"b\",\"content-type\":\"text/plain\"},"
                + "\"cookies\":[\"s=1; Path=/\",\"t=2\"],\"body\":\"created\"}");
        HttpResponse<String> res = f.send("POST", "/fn/x", "{}", "Content-Type", "application/json");
        assertEquals(201, res.statusCode());
        assertEquals("created", res.body());
        assertEquals("b", res.headers().firstValue("x-a").orElseThrow());
        assertEquals("text/plain", res.headers().firstValue("content-type").orElseThrow());
        assertEquals(List.of("s=1; Path=/", "t=2"), res.headers().allValues("set-cookie"));
    }

    @Test
    void jsonWithoutStatusCodeIsA200WithThatJsonAsBody() throws Exception {
        f.functions.on(FN, e -> "{\"hello\":\"world\"}");
        HttpResponse<String> res = f.get("/fn/x");
        assertEquals(200, res.statusCode());
        assertEquals("{\"hello\":\"world\"}", res.body());
        assertEquals("application/json", res.headers().firstValue("content-type").orElseThrow());

        f.functions.on(FN, e -> "\"Hello from Lambda!\"");
        HttpResponse<String> text = f.get("/fn/x");
        assertEquals(200, text.statusCode());
        assertEquals("Hello from Lambda!", text.body());
    }

    @Test
    void base64ResponseBodiesAreDecoded() throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
        f.functions.on(FN, e -> "{\"statusCode\":200,\"isBase64Encoded\":true,\"headers\":{\"content-type\":"
                + "\"application/octet-stream\"},\"body\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}");
        HttpResponse<byte[]> res = f.http.send(HttpRequest.newBuilder(f.uri("/fn/bin")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, res.statusCode());
        assertArrayEquals(bytes, res.body());
    }

    @Test
    void functionErrorsBecome502() throws Exception {
        f.functions.on(FN, e -> {
            throw new FunctionInvoker.FunctionError(FN, "{\"errorMessage\":\"boom\",\"errorType\":\"X\"}");
        });
        HttpResponse<String> res = f.get("/fn/x");
        assertEquals(502, res.statusCode());
        assertEquals("{\"message\":\"Internal Server Error\"}", res.body());
    }

    @Test
    void unmappableResponsesBecome502() throws Exception {
        for (String bad : new String[]{"not json", "{\"statusCode\":\"abc\"}", "{\"statusCode\":99}",
                "{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"%%%\"}", "{\"statusCode\":true}"}) {
            f.functions.on(FN, e -> bad);
            HttpResponse<String> res = f.get("/fn/x");
            assertEquals(502, res.statusCode(), bad);
            assertEquals("{\"message\":\"Internal Server Error\"}", res.body(), bad);
        }
    }

    @Test
    void slowFunctionsTimeOutWith504() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        f.functions.on(FN, e -> {
            release.await(10, TimeUnit.SECONDS);
            return "{}";
        });
        try {
            HttpResponse<String> res = f.get("/fn/slow");
            assertEquals(504, res.statusCode());
            assertEquals("{\"message\":\"Endpoint request timed out\"}", res.body());
        } finally {
            release.countDown();
        }
    }

    @Test
    void bodiesOver10MbAreRefusedWith413() throws Exception {
        byte[] big = new byte[ApiGatewayProvider.MAX_BODY_BYTES + 1];
        HttpResponse<String> res = f.http.send(HttpRequest.newBuilder(f.uri("/fn/big"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, res.statusCode());
        assertEquals("{\"message\":\"Request Entity Too Large\"}", res.body());
        assertEquals(0, f.functions.calls().size());
    }

    @Test
    void unmatchedRequestsGet404() throws Exception {
        HttpResponse<String> res = f.send("POST", "/nothing-here", "{}");
        assertEquals(404, res.statusCode());
        assertEquals("{\"message\":\"Not Found\"}", res.body());
        assertEquals(404, f.get("/also/nothing").statusCode(), "no static root configured");
    }

    // ---- CORS ----

    @Test
    void corsPreflightIsAnsweredByTheGatewayAndHeadersAreApplied() throws Exception {
        f.gateway.putApi("api1", "dam", new Cors(List.of("http://localhost:3000"), List.of("GET", "POST"),
                List.of("authorization", "content-type"), List.of("x-request-id"), 600, false));
        HttpResponse<String> pre = f.send("OPTIONS", "/briefs", null, "Origin", "http://localhost:3000",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization");
        assertEquals(204, pre.statusCode());
        assertEquals("http://localhost:3000", pre.headers().firstValue("access-control-allow-origin").orElseThrow());
        assertEquals("GET,POST", pre.headers().firstValue("access-control-allow-methods").orElseThrow());
        assertEquals("authorization,content-type",
                pre.headers().firstValue("access-control-allow-headers").orElseThrow());
        assertEquals("600", pre.headers().firstValue("access-control-max-age").orElseThrow());
        assertEquals(0, f.functions.calls().size(), "no function runs for a preflight (not even the authorizer)");

        HttpResponse<String> foreign = f.send("OPTIONS", "/briefs", null, "Origin", "http://evil.example",
                "Access-Control-Request-Method", "GET");
        assertEquals(204, foreign.statusCode());
        assertTrue(foreign.headers().firstValue("access-control-allow-origin").isEmpty());

        f.functions.on(FN, e -> "{\"statusCode\":200,\"headers\":{\"access-control-allow-origin\":\"*\"},"
                + "\"body\":\"ok\"}");
        HttpResponse<String> actual = f.get("/fn/x", "Origin", "http://localhost:3000");
        assertEquals(List.of("http://localhost:3000"), actual.headers().allValues("access-control-allow-origin"));
        assertEquals("x-request-id", actual.headers().firstValue("access-control-expose-headers").orElseThrow());
        HttpResponse<String> other = f.get("/fn/x", "Origin", "http://evil.example");
        assertTrue(other.headers().firstValue("access-control-allow-origin").isEmpty(),
                "the function's own CORS headers are replaced by the API's configuration");
    }

    // ---- local sign-in ----

    @Test
    void demoUsersCoverEveryRoleAndSignInWithoutListingRoles() throws Exception {
        HttpResponse<String> users = f.get("/_local/users");
        assertEquals(200, users.statusCode());
        JsonNode list = FakeFunctions.JSON.readTree(users.body());
        java.util.Set<String> roles = new java.util.TreeSet<>();
        list.forEach(u -> u.get("roles").forEach(r -> roles.add(r.asText())));
        assertEquals(new java.util.TreeSet<>(LocalSignIn.ROLES), roles);

        String demo = list.get(0).get("user").asText();
        HttpResponse<String> signIn = f.send("POST", "/_local/token", "{\"user\":\"" + demo + "\"}");
        assertEquals(200, signIn.statusCode(), signIn.body());
        String token = FakeFunctions.JSON.readTree(signIn.body()).get("token").asText();
        JsonNode claims = GatewayFixture.echoed(f.get("/briefs", "Authorization", "Bearer " + token))
                .at("/requestContext/authorizer/jwt/claims");
        assertEquals("[" + list.get(0).get("roles").get(0).asText() + "]", claims.get("cognito:groups").asText());
    }

    @Test
    void badSignInRequestsAreRefusedClearly() throws Exception {
        for (String body : new String[]{"", "[]", "{\"user\":\"not-an-email\",\"roles\":[\"creator\"]}",
                "{\"user\":\"x@example.com\"}", "{\"user\":\"x@example.com\",\"roles\":[\"god\"]}",
                "{\"user\":\"x@example.com\",\"roles\":[\"creator\"],\"brands\":[\"a,b\"]}"}) {
            HttpResponse<String> res = f.send("POST", "/_local/token", body);
            assertEquals(400, res.statusCode(), body);
            assertFalse(FakeFunctions.JSON.readTree(res.body()).get("message").asText().isBlank());
        }
        assertEquals(405, f.get("/_local/token").statusCode());
    }

    @Test
    void jwksPublishesTheVerificationKey() throws Exception {
        JsonNode jwks = FakeFunctions.JSON.readTree(f.get("/_local/.well-known/jwks.json").body());
        JsonNode key = jwks.get("keys").get(0);
        assertEquals("RSA", key.get("kty").asText());
        assertEquals("RS256", key.get("alg").asText());
        String token = f.token("alice@example.com", "creator", null);
        JsonNode header = FakeFunctions.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        assertEquals(key.get("kid").asText(), header.get("kid").asText());
        // Verify the token with nothing but the published JWK, as a third-party verifier would.
        java.security.spec.RSAPublicKeySpec spec = new java.security.spec.RSAPublicKeySpec(
                new java.math.BigInteger(1, Base64.getUrlDecoder().decode(key.get("n").asText())),
                new java.math.BigInteger(1, Base64.getUrlDecoder().decode(key.get("e").asText())));
        java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
        rsa.initVerify(java.security.KeyFactory.getInstance("RSA").generatePublic(spec));
        String[] parts = token.split("\\.");
        rsa.update((parts[0] + "." + parts[1]).getBytes());
        assertTrue(rsa.verify(Base64.getUrlDecoder().decode(parts[2])));
    }

    // ---- model and persistence ----

    @Test
    void modelAndKeySurviveARestart() throws Exception {
        String token = f.token("alice@example.com", "creator", "acme");
        Path state = dir.resolve("state");
        int port = f.gateway.endpoint().getPort();
        f.close();
        // Restarted on the same origin (as ./dam does on 8080): tokens are bound to the issuer's origin and key.
        f = new GatewayFixture(state, null, Duration.ofSeconds(1), port);
        assertEquals(1, f.gateway.apis().size());
        HttpResponse<String> res = f.get("/briefs", "Authorization", "Bearer " + token);
        assertEquals(200, res.statusCode(), res.body());
    }

    @Test
    void invalidUpsertsAreRefusedAndLeaveTheModelUnchanged() {
        var before = f.gateway.api("api1").orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> f.gateway.putRoute("api1", "GET /x", "missing", null));
        assertThrows(IllegalArgumentException.class, () -> f.gateway.putRoute("api1", "GET /x", "echo", "nope"));
        assertThrows(IllegalArgumentException.class, () -> f.gateway.putRoute("api1", "GET x", "echo", null));
        assertThrows(IllegalArgumentException.class, () -> f.gateway.putRoute("nope", "GET /x", "echo", null));
        assertThrows(IllegalArgumentException.class, () -> f.gateway.putIntegration("api1", "i", "not-an-arn"));
        assertThrows(IllegalArgumentException.class, () -> f.gateway.putAuthorizer("api1", "a", "n", "iss",
                List.of(), List.of("$context.identity")));
        assertEquals(before, f.gateway.api("api1").orElseThrow());
    }

    @Test
    void upsertsAreIdempotentAndRoutesCanBeRemoved() throws Exception {
        f.gateway.putRoute("api1", "GET /review/{nonce}", "echo", null);
        f.gateway.putApi("api1", "dam", null);
        assertEquals(3, f.gateway.api("api1").orElseThrow().routes().size());
        assertEquals(200, f.get("/review/x").statusCode());
        assertTrue(f.gateway.deleteRoute("api1", "GET /review/{nonce}"));
        assertEquals(404, f.get("/review/x").statusCode());
    }
}
