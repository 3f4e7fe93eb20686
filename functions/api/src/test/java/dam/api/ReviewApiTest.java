package dam.api;

import static dam.api.ApiHarness.ALICE;
import static dam.api.ApiHarness.CAROL;
import static dam.api.ApiHarness.MANAGER;
import static dam.api.ApiHarness.VIEWER;
import static dam.api.ApiHarness.ZEST_MANAGER;
import static dam.api.ReviewDriver.OUTSIDER;
import static dam.api.ReviewDriver.RITA;
import static dam.api.ReviewDriver.RON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dam.api.ApiHarness.Response;
import dam.core.review.Review;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reviews over HTTP (API Gateway v2 events) on in-memory fakes; the driver plays the workflow's steps. */
class ReviewApiTest {

    private static final String REGION = """
            {"anchor":{"kind":"region","x":0.1,"y":0.2,"w":0.3,"h":0.25},"body":"Logo too small"}""";

    private ApiHarness api;
    private ReviewDriver driver;
    private String id;

    @BeforeEach
    void fresh() {
        api = new ApiHarness();
        driver = new ReviewDriver(api);
        id = driver.asset(driver.brief());
        driver.ready(id, 1, ReviewDriver.picture(400, 300, null));
        assertThat(api.reviewService.open(id, 1, null).action()).isEqualTo("started");
    }

    @AfterEach
    void close() {
        api.close();
    }

    private String path(String rest) {
        return "/assets/" + id + rest;
    }

    @Test
    void theReviewShowsRoundsStagesReviewersAndDueDatesToThoseWhoMaySeeIt() {
        driver.nextStage(id, 1);
        Response r = api.call("GET", path("/review"), null, RITA);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("status").asText()).isEqualTo("in_review");
        assertThat(body.path("stages").findValuesAsText("name")).containsExactly("brand", "legal");
        assertThat(body.path("stages").get(0).path("reviewers").toString())
                .isEqualTo("[\"rita@acme.example\",\"ron@acme.example\"]");
        JsonNode round = body.path("rounds").get(0);
        assertThat(round.path("version").asInt()).isEqualTo(1);
        JsonNode brand = round.path("stages").get(0);
        assertThat(brand.path("rule").asText()).isEqualTo("all");
        assertThat(brand.path("dueAt").asText()).isEqualTo("2026-06-04T10:00:00Z");
        assertThat(brand.path("reviewers").findValuesAsText("state")).containsExactly("waiting", "waiting");
        assertThat(r.body()).as("no task tokens or link hashes leave the API")
                .doesNotContain("tok-").doesNotContain("linkHash").doesNotContain("resumeToken");

        assertThat(api.call("GET", path("/review"), null, ALICE).status()).as("creator").isEqualTo(200);
        assertThat(api.call("GET", path("/review"), null, CAROL).status()).as("legal in scope").isEqualTo(200);
        assertThat(api.call("GET", path("/review"), null, MANAGER).status()).as("brand manager").isEqualTo(200);
        for (Map<String, String> hidden : List.of(OUTSIDER, VIEWER, ZEST_MANAGER)) {
            Response h = api.call("GET", path("/review"), null, hidden);
            assertThat(h.status()).as(hidden.get("sub")).isEqualTo(404);
            assertThat(h.body()).isEqualTo(api.call("GET", "/assets/nope/review", null, RITA).body());
        }
        assertThat(api.call("GET", path("/review"), null, null).status()).isEqualTo(401);
    }

    @Test
    void aConsoleDecisionDecidesTheReviewersOwnLinkOnceAndAnswersTheWorkflow() {
        driver.nextStage(id, 1);
        Response denied = api.call("POST", path("/review/decision"), "{\"decision\":\"approve\"}", ALICE);
        assertThat(denied.status()).as("the creator is no reviewer of the stage").isEqualTo(403);
        assertThat(api.call("POST", path("/review/decision"), "{\"decision\":\"approve\"}", OUTSIDER).status())
                .isEqualTo(404);
        assertThat(api.call("POST", path("/review/decision"), "{\"decision\":\"maybe\"}", RITA).errors())
                .containsExactly("decision:invalid");
        assertThat(api.call("POST", path("/review/decision"), "{\"comment\":\"x\"}", RITA).errors())
                .containsExactly("decision:required");
        assertThat(api.call("POST", path("/review/decision"), "{\"decision\":\"changes\"}", RITA).errors())
                .as("changes need a comment").containsExactly("decision:invalid");
        assertThat(driver.answered("rita@acme.example", 1)).as("nothing decided yet").isNull();

        Response ok = api.call("POST", path("/review/decision"),
                "{\"decision\":\"changes\",\"comment\":\"Bigger logo\",\"version\":1}", RITA);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().path("stage").asText()).isEqualTo("brand");
        assertThat(ok.json().path("taskAnswered").asBoolean()).isTrue();
        assertThat(driver.answered("rita@acme.example", 1)).isEqualTo("changes");

        Response again = api.call("POST", path("/review/decision"), "{\"decision\":\"approve\"}", RITA);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("errors").get(0).path("code").asText()).isEqualTo("already_decided");
        assertThat(api.call("POST", path("/review/decision"), "{\"decision\":\"approve\",\"version\":2}", RON)
                .status()).as("a version other than the one under review").isEqualTo(409);

        JsonNode slots = api.call("GET", path("/review"), null, RON).json().path("rounds").get(0).path("stages")
                .get(0).path("reviewers");
        assertThat(slots.get(0).path("decision").asText()).isEqualTo("changes");
        assertThat(slots.get(0).path("comment").asText()).isEqualTo("Bigger logo");
        List<String> details = api.links.audit(Review.chain(id)).stream()
                .filter(e -> e.action().equals("approval.decided")).map(e -> e.detail()).toList();
        assertThat(details).hasSize(1);
        assertThat(details.get(0)).contains("via=console").contains("decision=changes");
    }

    @Test
    void myReviewsListsWhatWaitsForMeUntilIDecide() {
        driver.nextStage(id, 1);

        Response mine = api.call("GET", "/me/reviews", null, RITA);
        assertThat(mine.status()).as(mine.body()).isEqualTo(200);
        assertThat(mine.json().path("items").findValuesAsText("subjectId")).containsExactly(id);
        assertThat(mine.json().path("items").get(0).path("subjectType").asText()).isEqualTo("asset");
        assertThat(mine.json().path("items").get(0).path("version").asInt()).isEqualTo(1);
        assertThat(mine.body()).as("nothing in the queue can decide").doesNotContain("tok-").doesNotContain("csrf")
                .doesNotContain("nonce");
        assertThat(api.call("GET", "/me/reviews", null, ALICE).json().path("items").size())
                .as("the creator reviews nothing").isZero();

        api.call("POST", path("/review/decision"), "{\"decision\":\"approve\"}", RITA);

        assertThat(api.call("GET", "/me/reviews", null, RITA).json().path("items").size()).isZero();
        assertThat(api.call("GET", "/me/reviews", null, RON).json().path("items").findValuesAsText("subjectId"))
                .containsExactly(id);
        assertThat(api.call("GET", "/me/reviews", null, null).status()).isEqualTo(401);
    }

    @Test
    void annotationsArePinnedDiscussedResolvedAndAnsweredByTheCreator() {
        Response a = api.call("POST", path("/versions/1/annotations"), REGION, RITA);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String aid = a.json().path("id").asText();
        assertThat(a.json().path("anchor").path("w").asDouble()).isEqualTo(0.3);
        Response b = api.call("POST", path("/versions/1/annotations"),
                "{\"anchor\":{\"kind\":\"time\",\"start\":1.5,\"end\":3.25},\"body\":\"Jingle starts late\"}", RON);
        assertThat(b.status()).as(b.body()).isEqualTo(201);
        Response page = api.call("POST", path("/versions/1/annotations"),
                "{\"anchor\":{\"kind\":\"page\",\"page\":2},\"body\":\"Small print\"}", CAROL);
        assertThat(page.status()).as(page.body()).isEqualTo(201);

        Response list = api.call("GET", path("/versions/1/annotations"), null, ALICE);
        assertThat(list.json().path("items").findValuesAsText("body"))
                .containsExactly("Logo too small", "Jingle starts late", "Small print");
        assertThat(api.call("GET", path("/versions/2/annotations"), null, ALICE).json().path("items").size())
                .isZero();
        assertThat(api.call("GET", path("/versions/1/annotations"), null, OUTSIDER).status()).isEqualTo(404);

        Response reply = api.call("POST", path("/annotations/" + aid + "/replies"), "{\"body\":\"Agreed\"}", RON);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.json().path("replies").get(0).path("author").asText()).isEqualTo("ron@acme.example");
        assertThat(api.call("POST", path("/annotations/" + aid + "/resolve"), null, RITA).json().path("resolved")
                .asBoolean()).isTrue();
        assertThat(api.call("POST", path("/annotations/" + aid + "/reopen"), null, RITA).json().path("resolved")
                .asBoolean()).isFalse();
        assertThat(api.call("POST", path("/annotations/nope/resolve"), null, RITA).status()).isEqualTo(404);

        assertThat(api.call("POST", path("/annotations/" + aid + "/answer"), "{\"answer\":\"accept\"}", RON)
                .status()).as("only the creator answers").isEqualTo(403);
        assertThat(api.call("POST", path("/annotations/" + aid + "/answer"), "{\"answer\":\"object\"}", ALICE)
                .errors()).containsExactly("reason:required");
        Response answered = api.call("POST", path("/annotations/" + aid + "/answer"),
                "{\"answer\":\"object\",\"reason\":\"Logo size is per guideline 4.2\"}", ALICE);
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        assertThat(answered.json().path("answer").path("code").asText()).isEqualTo("object");
        assertThat(answered.json().path("answer").path("reason").asText()).isEqualTo("Logo size is per guideline 4.2");

        List<String> actions = api.links.audit(Review.chain(id)).stream().map(e -> e.action()).toList();
        assertThat(actions).contains("review.annotation.added", "review.annotation.replied",
                "review.annotation.resolved", "review.annotation.reopened", "review.annotation.answered");
    }

    @Test
    void badAnnotationsAre400WithEveryFieldAndNothingIsStored() {
        Response bad = api.call("POST", path("/versions/1/annotations"),
                "{\"anchor\":{\"kind\":\"region\",\"x\":0.9,\"y\":0.2,\"w\":0.3,\"h\":0.25},\"body\":\" \"}", RITA);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errors()).containsExactly("anchor:invalid", "body:required");
        assertThat(api.call("POST", path("/versions/1/annotations"), "{\"anchor\":{\"x\":0.1},\"body\":\"b\"}", RITA)
                .errors()).containsExactly("anchor:required");
        assertThat(api.call("POST", path("/versions/1/annotations"), "{\"body\":\"b\",\"colour\":\"red\"}", RITA)
                .errors()).containsExactly("colour:invalid");
        assertThat(api.call("POST", path("/versions/1/annotations"), "{\"body\":42}", RITA).errors())
                .containsExactly("body:invalid");
        assertThat(api.call("POST", path("/versions/9/annotations"), REGION, RITA).errors())
                .containsExactly("version:invalid");
        assertThat(api.call("POST", path("/versions/1/annotations"), REGION, MANAGER).status())
                .as("sees the review, takes no part in it").isEqualTo(403);
        assertThat(api.call("POST", path("/versions/1/annotations"), REGION, OUTSIDER).status()).isEqualTo(404);
        assertThat(api.call("POST", "/assets/nope/versions/1/annotations", REGION, RITA).status()).isEqualTo(404);
        assertThat(api.reviewRepo.annotations(id)).isEmpty();
    }

    @Test
    void compareReportsTheChangedRectangleAndItsShareThenReadsTheStoredResult() {
        Rectangle patch = new Rectangle(100, 50, 80, 60);
        driver.ready(id, 2, ReviewDriver.picture(400, 300, patch));

        Response r = api.call("GET", path("/compare?from=1&to=2"), null, RITA);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("preset").asText()).isEqualTo("preview");
        assertThat(body.path("from").path("rendition").path("url").asText())
                .startsWith("https://derivatives.example/renditions/" + id + "/1/preview.png");
        assertThat(body.path("to").path("rendition").path("url").asText())
                .startsWith("https://derivatives.example/renditions/" + id + "/2/preview.png");
        JsonNode diff = body.path("visualDiff");
        assertThat(diff.path("cached").asBoolean()).isFalse();
        assertThat(diff.path("percentChanged").asDouble()).isCloseTo(100.0 * 80 * 60 / (400 * 300), within(0.01));
        JsonNode region = diff.path("regions").get(0);
        assertThat(List.of(region.path("px").asInt(), region.path("py").asInt(), region.path("pw").asInt(),
                region.path("ph").asInt())).containsExactly(100, 50, 80, 60);
        assertThat(region.path("x").asDouble()).isCloseTo(0.25, within(1e-9));
        assertThat(diff.path("regions").size()).isEqualTo(1);
        assertThat(diff.path("overlayUrl").asText()).contains("compare/" + id + "/1-2/");
        assertThat(body.path("metadata").findValuesAsText("field")).contains("sha256", "size");
        List<String> written = new ArrayList<>(api.derivatives.writes);
        assertThat(written).hasSize(2);

        Response again = api.call("GET", path("/compare?from=1&to=2"), null, ALICE);
        assertThat(again.json().path("visualDiff").path("cached").asBoolean()).isTrue();
        assertThat(again.json().path("visualDiff").path("regions")).isEqualTo(diff.path("regions"));
        assertThat(api.derivatives.writes).as("nothing computed again").isEqualTo(written);

        assertThat(api.call("GET", path("/compare?from=abc"), null, RITA).errors())
                .containsExactly("from:invalid", "to:required");
        assertThat(api.call("GET", path("/compare?from=2&to=2"), null, RITA).errors()).containsExactly("to:invalid");
        assertThat(api.call("GET", path("/compare?from=1&to=7"), null, RITA).status()).isEqualTo(404);
        assertThat(api.call("GET", path("/compare?from=1&to=2"), null, OUTSIDER).status()).isEqualTo(404);
    }

    @Test
    void previewGivesOneVersionsRenditionUrlToParticipantsOnly() {
        Response r = api.call("GET", path("/versions/1/preview"), null, RITA);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("version").asInt()).isEqualTo(1);
        assertThat(r.json().path("rendition").path("name").asText()).isEqualTo("preview");
        assertThat(r.json().path("rendition").path("url").asText())
                .startsWith("https://derivatives.example/renditions/" + id + "/1/preview.png");
        assertThat(api.call("GET", path("/versions/x/preview"), null, RITA).errors())
                .containsExactly("version:invalid");
        assertThat(api.call("GET", path("/versions/0/preview"), null, RITA).errors())
                .containsExactly("version:invalid");
        assertThat(api.call("GET", path("/versions/9/preview"), null, RITA).status()).isEqualTo(404);
        assertThat(api.call("GET", path("/versions/1/preview"), null, OUTSIDER).status()).isEqualTo(404);
    }

    @Test
    void theAuditTrailExportsBothChainsAsJsonAndCsvAndVerifies() {
        api.call("POST", path("/versions/1/annotations"), REGION, RITA);
        Response json = api.call("GET", path("/audit"), null, RITA);
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        List<String> chains = json.json().path("items").findValuesAsText("chain");
        assertThat(chains).contains("asset", "review");
        assertThat(json.json().path("items").findValuesAsText("action"))
                .contains("asset.created", "review.started", "review.annotation.added");

        Response csv = api.call("GET", path("/audit?format=csv"), null, RITA);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).isEqualTo("attachment; filename=\"audit-" + id + ".csv\"");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("chain,seq,at,actor,action,detail,prevHash,hash");
        assertThat(lines).hasSize(chains.size() + 1);
        assertThat(api.call("GET", path("/audit?format=xml"), null, RITA).errors())
                .containsExactly("format:unknown_value");

        Response verify = api.call("GET", path("/audit/verify"), null, RITA);
        assertThat(verify.status()).isEqualTo(200);
        assertThat(verify.json().path("ok").asBoolean()).as(verify.body()).isTrue();
        assertThat(verify.json().path("entries").asInt()).isEqualTo(chains.size());
        assertThat(verify.json().path("firstBroken").isNull()).isTrue();
        assertThat(api.call("GET", path("/audit"), null, OUTSIDER).status()).isEqualTo(404);
        assertThat(api.call("GET", path("/audit/verify"), null, VIEWER).status()).isEqualTo(404);
    }
}
