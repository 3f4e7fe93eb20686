package dam.api;

import com.fasterxml.jackson.databind.JsonNode;
import dam.api.ApiHarness.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dam.api.ApiHarness.ALICE;
import static dam.api.ApiHarness.BOB;
import static dam.api.ApiHarness.ZEST_MANAGER;
import static dam.api.ApiHarness.createBody;
import static dam.api.ApiHarness.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Links, supporting documents and progress through the Lambda handler, on in-memory fakes. */
class BriefAttachmentApiTest {

    private final ApiHarness api = new ApiHarness();

    @AfterEach
    void close() {
        api.close();
    }

    private String create(Map<String, String> who, String body) {
        Response r = api.call("POST", "/briefs", body, who);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    @Test
    void relatedBriefsAreLinkedBothWaysAndUnlinked() {
        String a = create(ALICE, fixture("create-brief.json"));
        String b = create(ALICE, fixture("create-brief.json"));

        Response linked = api.call("POST", "/briefs/" + a + "/links",
                "{\"expectedVersion\":1,\"kind\":\"brief\",\"targetId\":\"" + b + "\"}", ALICE);

        assertThat(linked.status()).as(linked.body()).isEqualTo(201);
        assertThat(linked.json().path("links").get(0).path("targetId").asText()).isEqualTo(b);
        JsonNode other = api.call("GET", "/briefs/" + b, null, BOB).json();
        assertThat(other.path("links").get(0).path("kind").asText()).isEqualTo("brief");
        assertThat(other.path("links").get(0).path("targetId").asText()).isEqualTo(a);
        assertThat(other.path("version").asLong()).isEqualTo(2);

        Response removed = api.call("DELETE", "/briefs/" + b + "/links/brief/" + a + "?expectedVersion=2", null,
                ALICE);
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().path("links").size()).isZero();
        assertThat(api.call("GET", "/briefs/" + a, null, ALICE).json().path("links").size()).isZero();
        assertThat(api.call("DELETE", "/briefs/" + b + "/links/brief/" + a + "?expectedVersion=3", null, ALICE)
                .status()).isEqualTo(404);
    }

    @Test
    void linksNeedBothBriefsVisibleAndValidInput() {
        String a = create(ALICE, fixture("create-brief.json"));
        String zest = create(ZEST_MANAGER, createBody(Map.of("brand",
                Map.of("name", "Zest", "guidelinesUrl", "https://zest.example/brand"),
                "requester", "oscar@zest.example")));

        Response hidden = api.call("POST", "/briefs/" + a + "/links",
                "{\"expectedVersion\":1,\"kind\":\"brief\",\"targetId\":\"" + zest + "\"}", ALICE);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.errors()).containsExactly("targetId:not_found");

        assertThat(api.call("POST", "/briefs/" + a + "/links",
                "{\"expectedVersion\":1,\"kind\":\"folder\",\"targetId\":\"x\"}", ALICE).errors())
                .containsExactly("kind:unknown_value");
        assertThat(api.call("POST", "/briefs/" + a + "/links",
                "{\"expectedVersion\":1,\"kind\":\"asset\",\"targetId\":\"a/../b\"}", ALICE).errors())
                .containsExactly("targetId:invalid");
        assertThat(api.call("POST", "/briefs/" + a + "/links",
                "{\"kind\":\"asset\",\"targetId\":\"x\"}", ALICE).errors())
                .containsExactly("expectedVersion:required");
        assertThat(api.call("POST", "/briefs/" + a + "/links",
                "{\"expectedVersion\":1,\"kind\":\"asset\",\"targetId\":\"x\"}", BOB).status())
                .as("a team member who does not manage the brief").isEqualTo(403);

        assertThat(api.repo.find(a).orElseThrow().version()).isEqualTo(1);
        assertThat(api.repo.find(zest).orElseThrow().version()).isEqualTo(1);

        Response asset = api.call("POST", "/briefs/" + a + "/links",
                "{\"expectedVersion\":1,\"kind\":\"asset\",\"targetId\":\"asset-not-yet-made\"}", ALICE);
        assertThat(asset.status()).isEqualTo(201);
        assertThat(asset.json().path("links").get(0).path("kind").asText()).isEqualTo("asset");
    }

    @Test
    void documentUploadAnswersAPresignedPutAndListsTheDocument() {
        String a = create(ALICE, fixture("create-brief.json"));

        Response r = api.call("POST", "/briefs/" + a + "/documents", "{\"expectedVersion\":1,"
                + "\"fileName\":\"../../Brief <final>.docx\",\"contentType\":"
                + "\"application/vnd.openxmlformats-officedocument.wordprocessingml.document\",\"size\":52000}", ALICE);

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode body = r.json();
        String documentId = body.path("documentId").asText();
        String key = "briefs/" + a + "/documents/" + documentId;
        assertThat(api.documentKeys).containsExactly(key);
        assertThat(body.path("upload").path("method").asText()).isEqualTo("PUT");
        assertThat(body.path("upload").path("url").asText()).isEqualTo("https://originals.example/" + key
                + "?X-Amz-Expires=900");
        assertThat(body.path("upload").path("headers").path("Content-Length").asText()).isEqualTo("52000");
        assertThat(body.path("upload").path("headers").path("Content-Type").asText()).endsWith("document");
        assertThat(body.path("upload").path("expiresAt").asText()).isEqualTo("2026-06-01T10:15:00Z");
        assertThat(body.path("briefVersion").asLong()).isEqualTo(2);

        JsonNode doc = api.call("GET", "/briefs/" + a, null, ALICE).json().path("documents").get(0);
        assertThat(doc.path("id").asText()).isEqualTo(documentId);
        assertThat(doc.path("state").asText()).isEqualTo("uploading");
        assertThat(doc.path("fileName").asText()).isEqualTo("Brief _final_.docx");
        assertThat(doc.path("key").asText()).isEqualTo(key);
    }

    @Test
    void badDocumentRequestsAre400AndStoreNothing() {
        String a = create(ALICE, fixture("create-brief.json"));

        assertThat(api.call("POST", "/briefs/" + a + "/documents", "{\"expectedVersion\":1,"
                + "\"fileName\":\"x.exe\",\"contentType\":\"application/x-msdownload\",\"size\":104857601}", ALICE)
                .errors()).containsExactly("contentType:unknown_value", "size:invalid");
        assertThat(api.call("POST", "/briefs/" + a + "/documents", "{\"expectedVersion\":1,"
                + "\"fileName\":\"x.txt\",\"contentType\":\"text/plain\",\"size\":\"twelve\"}", ALICE)
                .errors()).containsExactly("size:invalid");
        assertThat(api.call("POST", "/briefs/" + a + "/documents", "{\"expectedVersion\":1,"
                + "\"contentType\":\"text/plain\",\"size\":12,\"key\":\"originals/x\"}", ALICE)
                .errors()).containsExactly("key:invalid");

        assertThat(api.documentKeys).isEmpty();
        assertThat(api.repo.find(a).orElseThrow().documents()).isEmpty();
        assertThat(api.repo.find(a).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void progressCountsMilestonesDeliverablesReviewsAndApprovals() {
        String a = create(ALICE, fixture("create-brief.json"));
        Response m = api.call("POST", "/briefs/" + a + "/milestones", "{\"expectedVersion\":1,\"name\":\"Shoot\","
                + "\"owner\":\"bob@acme.example\",\"dueDate\":\"2026-06-20\"}", ALICE);
        assertThat(m.status()).as(m.body()).isEqualTo(201);
        assertThat(api.call("POST", "/briefs/" + a + "/milestones", "{\"expectedVersion\":2,\"name\":\"Edit\","
                + "\"owner\":\"bob@acme.example\",\"dueDate\":\"2026-06-25\"}", ALICE).status()).isEqualTo(201);
        String first = m.json().path("milestones").get(0).path("id").asText();
        assertThat(api.call("PATCH", "/briefs/" + a + "/milestones/" + first, "{\"expectedVersion\":3,"
                + "\"done\":true}", BOB).status()).isEqualTo(200);

        Response p = api.call("GET", "/briefs/" + a + "/progress", null, BOB);

        assertThat(p.status()).as(p.body()).isEqualTo(200);
        JsonNode j = p.json();
        assertThat(j.path("milestonesDone").asInt()).isEqualTo(1);
        assertThat(j.path("milestonesTotal").asInt()).as("the fixture's one and two added").isEqualTo(3);
        int deliverables = api.repo.find(a).orElseThrow().deliverables().size();
        assertThat(j.path("deliverablesByStatus").path("planned").asInt()).isEqualTo(deliverables).isPositive();
        assertThat(j.path("openReviewRounds").asInt()).isZero();
        assertThat(j.path("approvalsPending").asInt()).isZero();
        assertThat(api.call("GET", "/briefs/" + a + "/progress", null, ZEST_MANAGER).status()).isEqualTo(404);
    }
}
