package dam.api;

import static dam.api.ApiHarness.ALICE;
import static dam.api.ApiHarness.VIEWER;
import static dam.api.ApiHarness.ZEST_MANAGER;
import static org.assertj.core.api.Assertions.assertThat;

import dam.api.ApiHarness.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Collections and folders over HTTP, on in-memory fakes. */
class CollectionApiTest {

    private ApiHarness api;

    @BeforeEach
    void fresh() {
        api = new ApiHarness();
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void aFolderHoldsACollectionThatHoldsAnAsset() {
        String asset = api.call("POST", "/assets", """
                {"brand":"Acme","fileName":"hero.jpg","contentType":"image/jpeg","size":1000}""", ALICE).json()
                .path("asset").path("id").asText();
        Response folder = api.call("POST", "/collections", "{\"name\":\"Spring\",\"brand\":\"Acme\",\"kind\":\"folder\"}",
                ALICE);
        assertThat(folder.status()).as(folder.body()).isEqualTo(201);
        String folderId = folder.json().path("id").asText();
        Response c = api.call("POST", "/collections", "{\"name\":\"Hero shots\",\"parentId\":\"" + folderId + "\"}",
                ALICE);
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        String id = c.json().path("id").asText();
        assertThat(c.header("Location")).isEqualTo("/collections/" + id);
        assertThat(c.json().path("kind").asText()).isEqualTo("collection");

        Response added = api.call("POST", "/collections/" + id + "/items", "{\"assetId\":\"" + asset + "\"}", ALICE);
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().path("items").get(0).path("assetId").asText()).isEqualTo(asset);

        Response read = api.call("GET", "/collections/" + folderId, null, VIEWER);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("children").get(0).path("name").asText()).isEqualTo("Hero shots");
        assertThat(api.call("GET", "/collections/" + id, null, VIEWER).json().path("items").size()).isEqualTo(1);
        assertThat(api.call("GET", "/collections/" + id, null, ZEST_MANAGER).status()).isEqualTo(404);
    }

    @Test
    void badRequestsAreFieldErrorsAndViewersCannotEdit() {
        assertThat(api.call("POST", "/collections", "{\"name\":\"\",\"kind\":\"album\"}", ALICE).errors())
                .containsExactly("name:required", "kind:unknown_value", "brand:required");
        assertThat(api.call("POST", "/collections", "{\"name\":\"x\",\"brand\":\"Acme\"}", VIEWER).status())
                .isEqualTo(403);
        String id = api.call("POST", "/collections", "{\"name\":\"x\",\"brand\":\"Acme\"}", ALICE).json()
                .path("id").asText();
        assertThat(api.call("POST", "/collections/" + id + "/items", "{\"assetId\":\"nope\"}", ALICE).errors())
                .containsExactly("assetId:not_found");
        assertThat(api.call("POST", "/collections/" + id + "/items", "{\"assetId\":\"nope\",\"x\":1}", ALICE)
                .errors()).containsExactly("x:invalid");
    }
}
