package dam.api;

import dam.api.ApiHarness.Response;
import dam.core.search.Facet;
import dam.core.search.SearchDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dam.api.ApiHarness.MANAGER;
import static dam.api.ApiHarness.VIEWER;
import static dam.api.ApiHarness.ZEST_MANAGER;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /search over HTTP: permissions, facets, cursors and hostile parameters (on the brute-force index). */
class SearchApiTest {

    private ApiHarness api;

    @BeforeEach
    void fresh() {
        api = new ApiHarness();
        add("a1", "Summer beach", "2026-05-01T10:00:00Z", "approved", "Acme", "coll-1");
        add("a2", "Summer city", "2026-05-02T10:00:00Z", "approved", "Acme", null);
        add("a3", "Summer draft", "2026-05-03T10:00:00Z", "draft", "Acme", null);
        add("a4", "Summer zest", "2026-05-04T10:00:00Z", "approved", "Zest", "coll-1");
    }

    @AfterEach
    void close() {
        api.close();
    }

    private void add(String id, String title, String created, String status, String brand, String collection) {
        api.searchIndex.apply(SearchDocument.of(id, 1, title, Instant.parse(created), List.of("tag sky"), Map.of(
                Facet.STATUS, List.of(status), Facet.BRAND, List.of(brand), Facet.TYPE, List.of("image"),
                Facet.UPLOADER, List.of("cara@acme.example"),
                Facet.COLLECTION, collection == null ? List.of() : List.of(collection))));
    }

    private static List<String> ids(Response r) {
        List<String> out = new ArrayList<>();
        r.json().path("items").forEach(i -> out.add(i.path("assetId").asText()));
        return out;
    }

    @Test
    void resultsAndCountsRespectTheCallersScope() {
        Response viewer = api.call("GET", "/search?q=summer&facets=brand,status", null, VIEWER);
        assertThat(viewer.status()).as(viewer.body()).isEqualTo(200);
        assertThat(ids(viewer)).containsExactly("a2", "a1");
        assertThat(viewer.json().path("total").asLong()).isEqualTo(2);
        assertThat(viewer.json().path("facets").path("brand").path("acme").asLong()).isEqualTo(2);
        assertThat(viewer.json().path("facets").path("brand").has("zest")).isFalse();
        assertThat(ids(api.call("GET", "/search?q=summer", null, ZEST_MANAGER))).containsExactly("a4");
        assertThat(ids(api.call("GET", "/search?q=summer&brand=zest", null, MANAGER))).isEmpty();
        Map<String, String> uploader = ApiHarness.claims("cara@acme.example", "[creator]", "Acme");
        assertThat(ids(api.call("GET", "/search?q=summer", null, uploader))).containsExactly("a3", "a2", "a1");
        Map<String, String> external = ApiHarness.claims("ext@agency.example", "[external]", "");
        external.put("custom:collections", "[coll-1]");
        assertThat(ids(api.call("GET", "/search?sort=title", null, external))).containsExactly("a1", "a4");
    }

    @Test
    void pagesWithASignedCursorAndRefusesATamperedOne() {
        Response first = api.call("GET", "/search?q=summer&limit=1", null, VIEWER);
        String cursor = first.json().path("nextCursor").asText();
        assertThat(cursor).isNotEmpty();
        Response second = api.call("GET", "/search?q=summer&limit=1&cursor=" + cursor, null, VIEWER);
        assertThat(ids(second)).containsExactly("a1");
        assertThat(second.json().hasNonNull("nextCursor")).isFalse();
        String tampered = cursor.substring(0, 5) + (cursor.charAt(5) == 'x' ? 'y' : 'x') + cursor.substring(6);
        Response bad = api.call("GET", "/search?q=summer&limit=1&cursor=" + tampered, null, VIEWER);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errors()).containsExactly("cursor:invalid");
        assertThat(api.call("GET", "/search?q=summer&limit=1&cursor=" + cursor, null, MANAGER).status())
                .as("another caller's cursor").isEqualTo(400);
    }

    @Test
    void hostileParametersAre400sWithReasonsNeverServerErrors() {
        String huge = "x".repeat(10_240);
        Response tooLong = api.call("GET", "/search?q=" + huge, null, VIEWER);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errors()).containsExactly("q:too_long");
        Response unknown = api.call("GET", "/search?smell=fresh&facets=type,taste&limit=0", null, VIEWER);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errors()).containsExactlyInAnyOrder("smell:unknown_value", "facets:unknown_value",
                "limit:invalid");
        for (String hostile : List.of("{\"$gt\":\"\"}", "' OR 1=1 --", "a; DROP TABLE dam", "$where: sleep(1000)",
                "\u0000\u202e", "%", "ASSET#a1")) {
            Response r = api.call("GET", "/search?q=" + URLEncoder.encode(hostile, StandardCharsets.UTF_8)
                    + "&brand=" + URLEncoder.encode(hostile, StandardCharsets.UTF_8), null, VIEWER);
            assertThat(r.status()).as(hostile + " → " + r.body()).isEqualTo(200);
            assertThat(ids(r)).as(hostile).isEmpty();
        }
        assertThat(api.call("GET", "/search?status=secret", null, VIEWER).errors())
                .containsExactly("status:unknown_value");
        assertThat(api.call("GET", "/search", null, null).status()).isEqualTo(401);
    }
}
