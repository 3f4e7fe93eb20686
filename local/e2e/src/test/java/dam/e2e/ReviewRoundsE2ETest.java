package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dam.local.ses.OutboxMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 7's main acceptance walk through the deployed local cloud: a brief with stages brand (2 reviewers, all must
 * approve) → legal (1, required by the brief's health claim). Version 1 is uploaded and ingested → the asset-review
 * execution mails the brand reviewers → round 1: a brand reviewer pins 2 annotations and requests changes in the
 * console (HTTP API) → the creator answers both points and uploads v2 → round 2: everyone approves through the outbox
 * links (GET the page, then POST it) → the asset is approved, {@code Asset Approved} is on the bus and the audit chain
 * verifies.
 */
@ExtendWith(CloudExtension.class)
class ReviewRoundsE2ETest {

    @Test
    void changesInRoundOneThenEveryoneApprovesVersionTwoByMail(TestCloud cloud) throws Exception {
        ReviewApiWalk w = new ReviewApiWalk(cloud);
        String ann = w.user("ann");
        String ben = w.user("ben");
        String lee = w.user("lee");
        String cara = w.user("cara");
        String caraToken = w.token(cara, "creator");
        String annToken = w.token(ann, "reviewer");
        BusObserver approvedEvents = new BusObserver(cloud, "dam", "{\"detail-type\":[\"Asset Approved\"]}");

        String brief = w.brief(w.user("alice"), List.of(ann, ben), lee, cara);
        String asset = w.upload(caraToken, brief, ReviewApiWalk.jpeg(320, 240, null));
        w.awaitReady(caraToken, asset, 1);

        // Round 1: the brand stage asks both reviewers.
        OutboxMessage annRound1 = w.request(ann, 1);
        OutboxMessage benRound1 = w.request(ben, 1);
        assertThat(annRound1.subject()).endsWith("(brand)");
        // Both brand reviewers find the request in their own queue (the links' reviewer index); Lee's comes later.
        String benToken = w.token(ben, "reviewer");
        for (String token : List.of(annToken, benToken)) {
            JsonNode queue = w.api("GET", "/me/reviews", null, token).json().path("items");
            assertThat(queue.findValuesAsText("subjectId")).containsExactly(asset);
        }
        assertThat(w.api("GET", "/me/reviews", null, w.token(lee, "legal")).json().path("items").size()).isZero();
        JsonNode review = w.review(annToken, asset);
        assertThat(review.path("stages").findValuesAsText("name")).containsExactly("brand", "legal");
        assertThat(review.path("stages").get(0).path("rule").asText()).isEqualTo("all");
        assertThat(review.path("stages").get(1).path("reviewers").toString()).isEqualTo("[\"" + lee + "\"]");

        String path = "/assets/" + asset;
        BriefHttp.Reply logo = w.api("POST", path + "/versions/1/annotations", Map.of("anchor", Map.of("kind",
                "region", "x", 0.05, "y", 0.05, "w", 0.2, "h", 0.15), "body", "Logo too small"), annToken);
        assertThat(logo.status()).as(logo.body()).isEqualTo(201);
        BriefHttp.Reply claim = w.api("POST", path + "/versions/1/annotations", Map.of("anchor", Map.of("kind",
                "region", "x", 0.5, "y", 0.6, "w", 0.4, "h", 0.3), "body", "Claim needs the footnote"), annToken);
        assertThat(claim.status()).as(claim.body()).isEqualTo(201);
        // In the console: decides Ann's own link (retried while the request step is still recording it).
        BriefHttp.Reply changes = await().atMost(ReviewApiWalk.LAMBDA).until(() -> w.api("POST",
                path + "/review/decision", Map.of("decision", "changes", "comment", "See my two points", "version", 1),
                annToken), r -> r.status() != 409 || !r.body().contains("still being sent"));
        assertThat(changes.status()).as(changes.body()).isEqualTo(200);
        assertThat(changes.json().path("stage").asText()).isEqualTo("brand");

        JsonNode waiting = w.awaitStatus(caraToken, asset, "changes_requested");
        assertThat(w.api("GET", "/me/reviews", null, annToken).json().path("items").size())
                .as("a decided request leaves the queue").isZero();
        assertThat(waiting.path("rounds").get(0).path("outcome").asText()).isEqualTo("changes_requested");
        assertThat(waiting.path("openPoints").asInt()).isEqualTo(2);
        // Ben's wait was released when Ann's "changes" settled the stage: his link now refuses.
        BriefHttp.Reply benPage = w.http.get(BriefHttp.reviewLink(benRound1.links()).path());
        assertThat(benPage.status()).isNotEqualTo(200);

        // The creator answers each point, then submits version 2.
        JsonNode points = w.api("GET", path + "/versions/1/annotations", null, caraToken).json().path("items");
        assertThat(points.findValuesAsText("body")).containsExactly("Logo too small", "Claim needs the footnote");
        BriefHttp.Reply accept = w.api("POST", path + "/annotations/" + points.get(0).path("id").asText()
                + "/answer", Map.of("answer", "accept"), caraToken);
        assertThat(accept.status()).as(accept.body()).isEqualTo(200);
        BriefHttp.Reply object = w.api("POST", path + "/annotations/" + points.get(1).path("id").asText()
                + "/answer", Map.of("answer", "object", "reason", "The footnote is in the caption"), caraToken);
        assertThat(object.status()).as(object.body()).isEqualTo(200);
        int v2 = w.uploadVersion(caraToken, asset, ReviewApiWalk.jpeg(320, 240, new java.awt.Rectangle(16, 12, 64,
                36)));
        assertThat(v2).isEqualTo(2);
        w.awaitReady(caraToken, asset, 2);

        // Round 2: everyone approves through the mailed links, the brand stage first, then legal.
        for (String reviewer : List.of(ann, ben)) {
            BriefHttp.Reply approved = w.decideByMail(w.request(reviewer, 2), "approve", "Good now");
            assertThat(approved.status()).as(reviewer + ": " + approved.body()).isEqualTo(200);
            assertThat(approved.body()).contains("Decision recorded");
        }
        OutboxMessage legalMail = w.request(lee, 1);
        assertThat(legalMail.subject()).endsWith("(legal)");
        BriefHttp.Reply legal = w.decideByMail(legalMail, "approve", "Disclaimer present");
        assertThat(legal.status()).as(legal.body()).isEqualTo(200);

        JsonNode approved = w.awaitStatus(caraToken, asset, "approved");
        JsonNode round2 = approved.path("rounds").get(1);
        assertThat(round2.path("version").asInt()).isEqualTo(2);
        assertThat(round2.path("outcome").asText()).isEqualTo("approved");
        assertThat(round2.path("stages").findValuesAsText("outcome")).containsExactly("approved", "approved");
        assertThat(round2.path("stages").get(0).path("reviewers").findValuesAsText("decision"))
                .containsExactly("approve", "approve");

        JsonNode event = await().atMost(ReviewApiWalk.LAMBDA).until(() -> approvedEvents.drain().stream()
                .map(BriefApprovalE2ETest::parse).filter(e -> asset.equals(e.path("detail").path("assetId").asText()))
                .findFirst().orElse(null), e -> e != null);
        assertThat(event.path("source").asText()).isEqualTo("dam.reviews");
        assertThat(event.path("detail").path("versionNumber").asInt()).isEqualTo(2);
        assertThat(event.path("detail").path("round").asInt()).isEqualTo(2);
        assertThat(event.path("detail").path("approvals").findValuesAsText("reviewer"))
                .containsExactlyInAnyOrder(ann, ben, lee);

        BriefHttp.Reply verify = w.api("GET", path + "/audit/verify", null, caraToken);
        assertThat(verify.status()).as(verify.body()).isEqualTo(200);
        assertThat(verify.json().path("ok").asBoolean()).as(verify.body()).isTrue();
        List<String> actions = w.api("GET", path + "/audit", null, caraToken).json().path("items")
                .findValuesAsText("action");
        assertThat(actions).contains("review.started", "review.annotation.added", "review.annotation.answered",
                "approval.viewed", "approval.decided", "review.resubmitted", "review.round.closed");
        assertThat(actions.stream().filter("approval.decided"::equals).count()).as("one decision per link")
                .isEqualTo(4);
        assertThat(verify.json().path("entries").asInt()).isEqualTo(actions.size());
    }
}
