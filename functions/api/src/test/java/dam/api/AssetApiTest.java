package dam.api;

import static dam.api.ApiHarness.ALICE;
import static dam.api.ApiHarness.VIEWER;
import static dam.api.ApiHarness.ZEST_MANAGER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dam.api.ApiHarness.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Upload requests over HTTP: plans, multipart completion, reading back, errors — on in-memory fakes. */
class AssetApiTest {

    private ApiHarness api;

    @BeforeEach
    void fresh() {
        api = new ApiHarness();
    }

    @AfterEach
    void close() {
        api.close();
    }

    private static final String NEW_ASSET = """
            {"brand":"Acme","campaign":"Spring","channel":"social","keywords":["portrait"],
             "fileName":"../Hero.JPG","contentType":"image/jpeg","size":5000000}""";

    @Test
    void aNewAssetAnswersASignedSinglePutPlan() {
        Response r = api.call("POST", "/assets", NEW_ASSET, ALICE);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode body = r.json();
        String id = body.path("asset").path("id").asText();
        assertThat(r.header("Location")).isEqualTo("/assets/" + id);
        assertThat(body.path("asset").path("keywords").get(0).asText()).isEqualTo("people");
        assertThat(body.path("version").path("state").asText()).isEqualTo("uploading");
        assertThat(body.path("version").path("originalKey").asText()).isEqualTo("originals/" + id + "/1/hero.jpg");
        assertThat(body.path("plan").path("method").asText()).isEqualTo("single");
        assertThat(body.path("plan").path("headers").path("Content-Length").asText()).isEqualTo("5000000");

        Response read = api.call("GET", "/assets/" + id, null, VIEWER);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("versions").size()).isEqualTo(1);
        assertThat(api.call("GET", "/assets/" + id + "/audit", null, ALICE).json().path("items").get(0)
                .path("action").asText()).isEqualTo("asset.created");
        assertThat(api.call("GET", "/assets/" + id, null, ZEST_MANAGER).status()).isEqualTo(404);
    }

    @Test
    void aLargeNewVersionGetsAMultipartPlanAndCompletes() {
        String id = api.call("POST", "/assets", NEW_ASSET, ALICE).json().path("asset").path("id").asText();
        Response r = api.call("POST", "/assets/" + id + "/versions/uploads",
                "{\"fileName\":\"master.tif\",\"contentType\":\"image/tiff\",\"size\":157286400}", ALICE);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode plan = r.json().path("plan");
        assertThat(plan.path("method").asText()).isEqualTo("multipart");
        assertThat(plan.path("parts").size()).isEqualTo(3);
        assertThat(plan.path("completePath").asText()).isEqualTo("/assets/" + id + "/versions/2/uploads/complete");

        Response done = api.call("POST", plan.path("completePath").asText(),
                "{\"parts\":[{\"number\":1,\"etag\":\"a\"},{\"number\":2,\"etag\":\"b\"},{\"number\":3,\"etag\":\"c\"}]}",
                ALICE);
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(api.storage.completed()).containsExactly("originals/" + id + "/2/master.tif#upload-1#3");
    }

    @Test
    void badRequestsAre400WithEveryFieldAndForbiddenCallersAre403() {
        Response bad = api.call("POST", "/assets", """
                {"brand":"Acme","keywords":["sneakers"],"contentType":"application/x-msdownload","size":-1}""",
                ALICE);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errors()).containsExactly("keywords[0]:unknown_value", "fileName:required",
                "contentType:unknown_value", "size:negative");
        assertThat(api.call("POST", "/assets", "{\"brand\":\"Acme\",\"colour\":\"red\"}", ALICE).errors())
                .containsExactly("colour:invalid");
        assertThat(api.call("POST", "/assets", NEW_ASSET, VIEWER).status()).isEqualTo(403);
        assertThat(api.assetRepo.size()).isZero();
        assertThat(api.call("POST", "/assets", NEW_ASSET, Map.of()).status()).isEqualTo(401);
    }

    @Test
    void metadataIsPatchedWithSynonymsMappedAndUnknownTermsRefusedWithTheFieldError() {
        String id = api.call("POST", "/assets", NEW_ASSET, ALICE).json().path("asset").path("id").asText();

        Response ok = api.call("PATCH", "/assets/" + id, """
                {"description":"Beach launch","keywords":["packshot","outdoors"],"capturedOn":"2026-01-15",
                 "rightsHolder":"Acme Studio","license":"owned","rightsExpireOn":"2027-12-31"}""", ALICE);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().path("keywords").toString()).isEqualTo("[\"product\",\"outdoor\"]");
        assertThat(ok.json().path("details").path("rightsExpireOn").asText()).isEqualTo("2027-12-31");
        assertThat(api.call("GET", "/assets/" + id, null, VIEWER).json().path("asset").path("description").asText())
                .isEqualTo("Beach launch");

        Response bad = api.call("PATCH", "/assets/" + id, """
                {"description":"changed","keywords":["sneakers"],"capturedOn":"yesterday"}""", ALICE);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errors()).containsExactly("keywords[0]:unknown_value", "capturedOn:invalid");
        assertThat(api.call("GET", "/assets/" + id, null, VIEWER).json().path("asset").path("description").asText())
                .as("nothing half-stored").isEqualTo("Beach launch");
        assertThat(api.call("PATCH", "/assets/" + id, "{\"description\":\"x\"}", VIEWER).status()).isEqualTo(403);
        assertThat(api.call("PATCH", "/assets/" + id, "{\"colour\":\"red\"}", ALICE).errors())
                .containsExactly("colour:invalid");
    }
}
