package dam.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.library.Action;
import dam.core.library.LibraryAsset;
import dam.core.library.LibraryPolicy;
import dam.core.library.Viewer;
import dam.core.library.Visibility;
import dam.core.search.Cursors;
import dam.core.search.Facet;
import dam.core.search.SearchDocument;
import dam.core.search.SearchQuery;
import dam.search.BitmapLibraryIndex;
import dam.search.DynamoPostingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RBAC matrix's search cells through the deployed HTTP API: for every role, an approved asset in its brand
 * scope and one outside it (seeded into the deployed table's index directly), expected answers from
 * {@link LibraryPolicy} — the same table the unit matrix asserts. Download/share/edit/delete cells join when those
 * routes use the policy. Externals: the local token issuer has no {@code custom:collections} claim yet, so their
 * in-scope cell is asserted on the deployed index with the scope the API would build from that claim.
 */
@ExtendWith(CloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RbacSearchE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final String token = "rbac" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String collection = "coll-" + token;
    private BitmapLibraryIndex index;
    private LibraryAsset inScope;
    private LibraryAsset outOfScope;

    @BeforeAll
    void seed(TestCloud cloud) {
        DynamoPostingStore store = new DynamoPostingStore(cloud.dynamodb(), dam.infra.Data.TABLE_NAME);
        index = new BitmapLibraryIndex(store, new Cursors(store.cursorSecret()), pool);
        inScope = new LibraryAsset(token + "-acme", "Acme", null, "someone@acme.example", Visibility.APPROVED,
                Set.of(collection));
        outOfScope = new LibraryAsset(token + "-globex", "Globex", null, "someone@globex.example",
                Visibility.APPROVED, Set.of("coll-other"));
        for (LibraryAsset a : List.of(inScope, outOfScope)) {
            index.apply(SearchDocument.of(a.id(), 1, "RBAC " + a.brand(), Instant.parse("2026-11-01T10:00:00Z"),
                    List.of(token), Map.of(Facet.BRAND, List.of(a.brand()), Facet.STATUS, List.of("approved"),
                            Facet.UPLOADER, List.of(a.uploader()), Facet.COLLECTION, List.copyOf(a.collections()))));
        }
    }

    @AfterAll
    void close() {
        pool.shutdownNow();
    }

    private List<String> search(TestCloud cloud, Role role) throws Exception {
        String jwt = cloud.cloud().apigateway().issueToken("u-" + role.code() + "@acme.example",
                List.of(role.code()), role == Role.EXTERNAL ? List.of() : List.of("Acme"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint()
                        + "/search?q=" + token)).header("Authorization", "Bearer " + jwt)
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JSON.readTree(r.body()).path("items").forEach(i -> ids.add(i.path("assetId").asText()));
        return ids;
    }

    @Test
    void everyRoleFindsExactlyWhatThePolicyAllows(TestCloud cloud) throws Exception {
        int cells = 0;
        for (Role role : Role.values()) {
            Viewer viewer = Viewer.of(new Principal("u-" + role.code() + "@acme.example", null, Set.of(role),
                    role == Role.EXTERNAL ? Set.of() : Set.of("Acme")));
            List<String> found = search(cloud, role);
            for (LibraryAsset a : List.of(inScope, outOfScope)) {
                boolean expected = LibraryPolicy.decide(viewer, Action.SEARCH, a).allowed();
                assertThat(found.contains(a.id())).as("%s searching %s", role.code(), a.id()).isEqualTo(expected);
                cells++;
            }
        }
        assertThat(cells).isEqualTo(Role.values().length * 2);
        assertThat(search(cloud, Role.VIEWER)).containsExactly(inScope.id());
    }

    @Test
    void externalsFindTheirCollectionsOnly() {
        Viewer external = new Viewer(new Principal("ext@agency.example", null, Set.of(Role.EXTERNAL), Set.of()),
                Set.of(collection), Set.of());
        SearchQuery q = SearchQuery.parse(Map.of("q", List.of(token)));
        List<String> ids = index.search(q, LibraryPolicy.searchScope(external)).hits().stream()
                .map(h -> h.assetId()).toList();
        assertThat(ids).containsExactly(inScope.id());
        assertThat(LibraryPolicy.allowed(external, Action.SEARCH, inScope)).isTrue();
        assertThat(LibraryPolicy.allowed(external, Action.SEARCH, outOfScope)).isFalse();
    }
}
