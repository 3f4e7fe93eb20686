package dam.local.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dam.local.apigateway.ApiModel.Api;
import dam.local.apigateway.ApiModel.Integration;
import dam.local.apigateway.ApiModel.Route;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static final List<String> KEYS = List.of("GET /briefs", "ANY /briefs/{proxy+}", "GET /briefs/{id}",
            "GET /briefs/new", "POST /briefs/{id}/comments", "ANY /review/{nonce}", "GET /review/{nonce}",
            "GET /", "PUT /a/{x}/c", "PUT /a/b/{y}");

    static RouteTable table(List<String> keys) {
        Map<String, Route> routes = new LinkedHashMap<>();
        keys.forEach(k -> routes.put(k, new Route(k, "i1", null, List.of())));
        Api api = new Api("api1", "test", null, Map.of("i1", new Integration("i1",
                "arn:aws:lambda:us-east-1:000000000000:function:f", 30_000)), routes, Map.of(), Set.of("$default"));
        return new RouteTable(List.of(api));
    }

    static List<String> segments(String rawPath) {
        return new GatewayRequest("GET", rawPath, "", Map.of(), null, "127.0.0.1", "HTTP/1.1").decodedSegments();
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "GET    | /briefs               | GET /briefs                | -",
            "GET    | /briefs/new           | GET /briefs/new            | -",
            "GET    | /briefs/b1            | GET /briefs/{id}           | id=b1",
            "DELETE | /briefs/b1            | ANY /briefs/{proxy+}       | proxy=b1",
            "GET    | /briefs/b1/assets/a2  | ANY /briefs/{proxy+}       | proxy=b1/assets/a2",
            "POST   | /briefs/b1/comments   | POST /briefs/{id}/comments | id=b1",
            "GET    | /briefs/b1/comments   | ANY /briefs/{proxy+}       | proxy=b1/comments",
            "GET    | /review/n0nce         | GET /review/{nonce}        | nonce=n0nce",
            "POST   | /review/n0nce         | ANY /review/{nonce}        | nonce=n0nce",
            "get    | /review/n0nce         | GET /review/{nonce}        | nonce=n0nce",
            "GET    | /briefs/a%2Fb         | GET /briefs/{id}           | id=a/b",
            "GET    | /briefs/caf%C3%A9     | GET /briefs/{id}           | id=café",
            "GET    | /                     | GET /                      | -",
            "PUT    | /a/b/c                | PUT /a/b/{y}               | y=c",
            "PUT    | /a/z/c                | PUT /a/{x}/c               | x=z",
            "GET    | /briefs/b1/comments/  | ANY /briefs/{proxy+}       | proxy=b1/comments/",
    })
    void mostSpecificRouteWins(String method, String path, String expectedKey, String params) {
        RouteTable.Match m = table(KEYS).match(method, segments(path));
        assertEquals(expectedKey, m.route().routeKey());
        Map<String, String> expected = new LinkedHashMap<>();
        if (params != null) {
            Arrays.stream(params.split(";")).map(p -> p.split("=", 2)).forEach(p -> expected.put(p[0], p[1]));
        }
        assertEquals(expected, m.pathParameters());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"GET | /other", "GET | /Briefs", "GET | /briefs/", "POST | /briefs",
            "PUT | /a/b", "HEAD | /briefs"})
    void noMatchWithoutDefault(String method, String path) {
        assertNull(table(KEYS).match(method, segments(path)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"GET | /other", "POST | /briefs", "GET | /briefs/"})
    void defaultRouteCatchesTheRest(String method, String path) {
        List<String> withDefault = new java.util.ArrayList<>(KEYS);
        withDefault.add("$default");
        RouteTable.Match m = table(withDefault).match(method, segments(path));
        assertEquals("$default", m.route().routeKey());
        assertEquals(Map.of(), m.pathParameters());
    }

    @Test
    void specificRoutesStillBeatTheDefault() {
        RouteTable t = table(List.of("$default", "GET /briefs/{id}"));
        assertEquals("GET /briefs/{id}", t.match("GET", segments("/briefs/1")).route().routeKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET briefs", "FETCH /x", "GET /a/{proxy+}/b", "GET /a//b", "GET /a/{b", "", "GET",
            "ANY /x/{id}x"})
    void invalidRouteKeysAreRejected(String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RouteKey.parse(key));
        assertEquals(true, e.getMessage().contains("route key"), e.getMessage());
    }
}
