package dam.local.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event a function receives, field by field, against AWS's documented payload format 2.0. */
class PayloadV2EventTest {

    @TempDir
    Path dir;
    GatewayFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new GatewayFixture(dir.resolve("state"), null, Duration.ofSeconds(5)).withEchoApi(null);
        f.gateway.putRoute("api1", "POST /briefs/{id}/comments", "echo", "jwt");
        f.gateway.putRoute("api1", "GET /review/{nonce}", "echo", null);
        f.gateway.putRoute("api1", "ANY /upload/{proxy+}", "echo", null);
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void eventHasTheDocumentedShape() throws Exception {
        String token = f.token("alice@example.com", "creator", "acme");
        HttpResponse<String> res = f.send("POST", "/briefs/b-1/comments?x=1&x=2&y=%20z&flag", "{\"text\":\"hi\"}",
                "Authorization", "Bearer " + token, "Content-Type", "application/json", "X-Trace", "one",
                "X-Trace", "two", "Cookie", "a=1; b=2", "User-Agent", "dam-test/1");
        assertEquals(200, res.statusCode(), res.body());
        JsonNode event = GatewayFixture.echoed(res);

        JsonNode documented;
        try (InputStream in = getClass().getResourceAsStream("documented-v2-event.json")) {
            documented = FakeFunctions.JSON.readTree(in);
        }
        List<String> problems = new ArrayList<>();
        compareShape("", documented, event, problems);
        assertEquals(List.of(), problems);

        assertEquals("2.0", event.get("version").asText());
        assertEquals("POST /briefs/{id}/comments", event.get("routeKey").asText());
        assertEquals("/briefs/b-1/comments", event.get("rawPath").asText());
        assertEquals("x=1&x=2&y=%20z&flag", event.get("rawQueryString").asText());
        assertEquals("[\"a=1\",\"b=2\"]", event.get("cookies").toString());
        JsonNode headers = event.get("headers");
        assertEquals("one,two", headers.get("x-trace").asText());
        assertEquals("application/json", headers.get("content-type").asText());
        assertFalse(headers.has("cookie"), "cookies move out of the headers");
        headers.fieldNames().forEachRemaining(n -> assertEquals(n.toLowerCase(), n, "header names are lower-case"));
        assertEquals("127.0.0.1", headers.get("x-forwarded-for").asText());
        assertEquals("http", headers.get("x-forwarded-proto").asText());
        assertEquals(String.valueOf(f.gateway.endpoint().getPort()), headers.get("x-forwarded-port").asText());
        JsonNode query = event.get("queryStringParameters");
        assertEquals("1,2", query.get("x").asText());
        assertEquals(" z", query.get("y").asText());
        assertEquals("", query.get("flag").asText());
        assertEquals("b-1", event.get("pathParameters").get("id").asText());
        assertEquals("{\"text\":\"hi\"}", event.get("body").asText());
        assertFalse(event.get("isBase64Encoded").asBoolean());

        JsonNode ctx = event.get("requestContext");
        assertEquals("000000000000", ctx.get("accountId").asText());
        assertEquals("api1", ctx.get("apiId").asText());
        assertEquals("127.0.0.1:" + f.gateway.endpoint().getPort(), ctx.get("domainName").asText());
        assertEquals("POST", ctx.get("http").get("method").asText());
        assertEquals("/briefs/b-1/comments", ctx.get("http").get("path").asText());
        assertEquals("HTTP/1.1", ctx.get("http").get("protocol").asText());
        assertEquals("127.0.0.1", ctx.get("http").get("sourceIp").asText());
        assertEquals("dam-test/1", ctx.get("http").get("userAgent").asText());
        assertEquals("POST /briefs/{id}/comments", ctx.get("routeKey").asText());
        assertEquals("$default", ctx.get("stage").asText());
        assertEquals("12/Mar/2026:19:03:58 +0000", ctx.get("time").asText(), "the local clock's time");
        assertEquals(GatewayFixture.T0.toEpochMilli(), ctx.get("timeEpoch").asLong());
        assertEquals(res.headers().firstValue("apigw-requestid").orElseThrow(), ctx.get("requestId").asText());

        JsonNode claims = ctx.get("authorizer").get("jwt").get("claims");
        assertEquals("alice@example.com", claims.get("sub").asText());
        assertEquals("[creator]", claims.get("cognito:groups").asText());
        assertEquals("acme", claims.get("custom:brands").asText());
        assertEquals("dam", claims.get("aud").asText());
        assertEquals(String.valueOf(GatewayFixture.T0.getEpochSecond() + 3600), claims.get("exp").asText());
        claims.fields().forEachRemaining(c -> assertTrue(c.getValue().isTextual(), c.getKey() + " is a string"));
        assertTrue(ctx.get("authorizer").get("jwt").get("scopes").isNull(), "ID tokens carry no scopes");
    }

    @Test
    void publicRouteEventHasNoAuthorizerAndOmitsEmptyParts() throws Exception {
        HttpResponse<String> res = f.get("/review/n0nce");
        assertEquals(200, res.statusCode(), res.body());
        JsonNode event = GatewayFixture.echoed(res);
        assertFalse(event.get("requestContext").has("authorizer"));
        assertEquals("", event.get("rawQueryString").asText());
        for (String absent : List.of("cookies", "queryStringParameters", "body", "stageVariables")) {
            assertFalse(event.has(absent), absent + " is omitted when empty");
        }
        assertEquals("n0nce", event.get("pathParameters").get("nonce").asText());
        assertFalse(event.get("isBase64Encoded").asBoolean());
    }

    @Test
    void binaryBodiesArriveBase64Encoded() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, 13, 10};
        HttpResponse<String> res = f.http.send(HttpRequest.newBuilder(f.uri("/upload/a/b.png"))
                .header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(png)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), res.body());
        JsonNode event = GatewayFixture.echoed(res);
        assertTrue(event.get("isBase64Encoded").asBoolean());
        assertEquals(Base64.getEncoder().encodeToString(png), event.get("body").asText());
        assertEquals("a/b.png", event.get("pathParameters").get("proxy").asText());
    }

    @Test
    void formPostsAndUntypedBodiesAreBase64ButTextTypesAreNot() throws Exception {
        for (String[] c : new String[][]{{"application/x-www-form-urlencoded", "true"},
                {"text/plain; charset=utf-8", "false"}, {"application/vnd.api+json", "false"},
                {"application/octet-stream", "true"}}) {
            JsonNode event = GatewayFixture.echoed(f.send("POST", "/upload/x", "a=1&b=2", "Content-Type", c[0]));
            assertEquals(Boolean.parseBoolean(c[1]), event.get("isBase64Encoded").asBoolean(), c[0]);
            String body = event.get("body").asText();
            assertEquals("a=1&b=2", Boolean.parseBoolean(c[1])
                    ? new String(Base64.getDecoder().decode(body)) : body, c[0]);
        }
    }

    /**
     * Every field we send must be documented with the same JSON type; every documented field must be present,
     * except stageVariables (none locally). jwt.scopes may be null (tokens without a scope claim).
     */
    private static void compareShape(String path, JsonNode documented, JsonNode actual, List<String> problems) {
        if (path.matches(".*(headers|claims|queryStringParameters|pathParameters)\\.$")) {
            // Free-form maps: any names, string values.
            actual.fields().forEachRemaining(e -> {
                if (e.getValue().getNodeType() != JsonNodeType.STRING) {
                    problems.add(path + e.getKey() + " should be a string");
                }
            });
            return;
        }
        Set<String> optional = Set.of("stageVariables", "_comment");
        documented.fieldNames().forEachRemaining(name -> {
            if (!actual.has(name) && !optional.contains(name)) {
                problems.add("missing " + path + name);
            }
        });
        actual.fields().forEachRemaining(e -> {
            String name = e.getKey();
            JsonNode d = documented.get(name);
            JsonNode a = e.getValue();
            boolean nullScopes = (path + name).equals("requestContext.authorizer.jwt.scopes") && a.isNull();
            if (d == null) {
                problems.add("undocumented " + path + name);
            } else if (d.getNodeType() != a.getNodeType() && !nullScopes) {
                problems.add(path + name + ": " + a.getNodeType() + " where AWS has " + d.getNodeType());
            } else if (d.isObject()) {
                compareShape(path + name + ".", d, a, problems);
            }
        });
    }
}
