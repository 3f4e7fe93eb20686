package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Issue 7's hostile uses of the emailed review links, through the deployed local cloud: a brief with two brand
 * reviewers (all must approve) → an asset of it uploaded and ingested for real → its "Asset Version Ingested" starts
 * the asset-review execution → each reviewer gets a link. Then: a mail scanner's GETs change nothing (only "viewed" audit
 * entries), reviewer A's CSRF value does not open reviewer B's link, forged nonces are refused, a replayed POST shows
 * "already decided", and once v2 is ready the v1 link is superseded — each a clear page, no state change and an audit
 * entry for the refusal. (The expired link needs a frozen clock: {@link ReviewOverdueE2ETest}.)
 */
@ExtendWith(CloudExtension.class)
class ReviewLinksE2ETest {

    @Test
    void scannersReplaysForgedOtherReviewersAndSupersededLinksChangeNothing(TestCloud cloud) throws Exception {
        try (ReviewFixture f = new ReviewFixture(cloud)) {
            String ann = f.user("ann");
            String ben = f.user("ben");
            String brief = f.brief(f.user("alice"), List.of(ann, ben));
            String asset = f.upload(brief, 1);
            f.awaitReady(asset, 1);
            String execution = f.execution(asset, 1);
            BriefHttp.Link annLink = f.link(ann, 1);
            BriefHttp.Link benLink = f.link(ben, 1);
            assertThat(f.request(ann, 1).subject()).endsWith("(brand)");
            await().atMost(ReviewFixture.LAMBDA).until(() -> f.reviewDoc(asset).path("rounds").get(0).path("stages")
                    .get(0).path("slots").findValues("linkHash").size() == 2);
            // Only the nonce's hash is stored; the task token never leaves the table.
            Map<String, AttributeValue> annStored = f.http.link(annLink.nonce());
            assertThat(annStored.get("state").s()).isEqualTo("pending");
            assertThat(f.request(ann, 1).text()).doesNotContain(annStored.get("taskToken").s());
            assertThat(f.http.itemsMentioning(annLink.nonce())).isEmpty();

            // A mail scanner prefetches Ann's link twice: confirm pages with the form, and nothing but "viewed".
            State before = State.of(f, asset, annLink, benLink);
            BriefHttp.Reply page = f.http.get(annLink.path());
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.header("cache-control")).isEqualTo("no-store");
            assertThat(page.body()).contains("<form method=\"post\"").contains("Drive store visits");
            assertThat(f.http.get(annLink.path()).status()).isEqualTo(200);
            assertThat(before.unchangedBut(f, List.of("approval.viewed", "approval.viewed")))
                    .allMatch(e -> e.get("actor").s().equals(ann));
            String annCsrf = BriefHttp.csrf(page.body());

            // Ann's CSRF value on Ben's link: refused, Ben's link still pending.
            before = State.of(f, asset, annLink, benLink);
            BriefHttp.Reply crossed = f.http.postForm(benLink.path(), Map.of("csrf", annCsrf, "decision", "approve"));
            assertThat(crossed.status()).isEqualTo(403);
            assertThat(crossed.body()).contains("Not allowed");
            List<Map<String, AttributeValue>> refusal = before.unchangedBut(f, List.of("approval.refused"));
            assertThat(refusal.get(0).get("detail").s()).contains("reason=bad_csrf").contains("reviewer=" + ben);

            // Forged nonces (well-formed but never issued, and malformed): 404 pages, audited in the unknown-link
            // chain, nothing stored for them, nothing else changed.
            before = State.of(f, asset, annLink, benLink);
            int probes = f.unknownLinkAudit().size();
            String forged = BriefApprovalE2ETest.randomNonce();
            BriefHttp.Reply forgedGet = f.http.get("/review/" + forged);
            assertThat(forgedGet.status()).isEqualTo(404);
            assertThat(forgedGet.body()).contains("Unknown link");
            assertThat(f.http.postForm("/review/" + forged, Map.of("csrf", annCsrf, "decision", "approve"))
                    .status()).isEqualTo(404);
            assertThat(f.http.get("/review/not-a-nonce").status()).isEqualTo(404);
            assertThat(f.http.link(forged)).isEmpty();
            assertThat(before.unchangedBut(f, List.of())).isEmpty();
            // The shared chain also records other tests' probes: at least ours, each naming what was tried.
            List<Map<String, AttributeValue>> unknown = ReviewFixture.since(f.unknownLinkAudit(), probes);
            assertThat(unknown).extracting(e -> e.get("detail").s())
                    .anyMatch(d -> d.contains("on=view") && d.contains("link=" + sha256Prefix(forged)))
                    .anyMatch(d -> d.contains("on=decide") && d.contains("link=" + sha256Prefix(forged)));

            // Ann decides; the replayed POST (another decision) shows "already decided" and the first one stands.
            BriefHttp.Reply approved = f.http.postForm(annLink.path(), Map.of("csrf", annCsrf, "decision", "approve",
                    "comment", "Fine by me"));
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
            assertThat(approved.body()).contains("Decision recorded");
            await().atMost(ReviewFixture.LAMBDA).until(() -> "approve".equals(slot(f, asset, ann).path("decision")
                    .asText()));
            before = State.of(f, asset, annLink, benLink);
            BriefHttp.Reply replay = f.http.postForm(annLink.path(), Map.of("csrf", annCsrf, "decision", "reject",
                    "comment", "changed my mind"));
            assertThat(replay.status()).isEqualTo(409);
            assertThat(replay.body()).contains("Already decided");
            refusal = before.unchangedBut(f, List.of("approval.refused"));
            assertThat(refusal.get(0).get("detail").s()).contains("reason=already_decided");
            assertThat(f.http.link(annLink.nonce()).get("decision").s()).isEqualTo("approve");
            assertThat(f.status(execution)).isEqualTo(ExecutionStatus.RUNNING);

            // The creator uploads v2 while Ben has not decided: once v2 is ready, Ben's v1 link is superseded — his
            // approval can never apply to a file he has not seen. v2 starts nothing while round 1 runs.
            int v2 = f.uploadVersion(asset, 2);
            f.awaitReady(asset, v2);
            String v2Execution = f.execution(asset, v2);
            await().atMost(ReviewFixture.LAMBDA).until(() -> f.status(v2Execution) == ExecutionStatus.SUCCEEDED);
            before = State.of(f, asset, annLink, benLink);
            BriefHttp.Reply stale = f.http.get(benLink.path());
            assertThat(stale.status()).isEqualTo(409);
            assertThat(stale.body()).contains("Superseded");
            BriefHttp.Reply stalePost = f.http.postForm(benLink.path(), Map.of("csrf",
                    f.http.link(benLink.nonce()).get("csrf").s(), "decision", "approve"));
            assertThat(stalePost.status()).isEqualTo(409);
            assertThat(stalePost.body()).contains("Superseded");
            refusal = before.unchangedBut(f, List.of("approval.refused", "approval.refused"));
            assertThat(refusal).extracting(e -> e.get("detail").s())
                    .allMatch(d -> d.contains("reason=superseded") && d.contains("version=1"));
            assertThat(f.reviewDoc(asset).path("rounds")).hasSize(1);
            assertThat(f.status(execution)).isEqualTo(ExecutionStatus.RUNNING);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode slot(ReviewFixture f, String asset, String reviewer) {
        for (var s : f.reviewDoc(asset).path("rounds").get(0).path("stages").get(0).path("slots")) {
            if (s.path("reviewer").asText().equals(reviewer)) {
                return s;
            }
        }
        throw new AssertionError("no slot for " + reviewer);
    }

    private static String sha256Prefix(String nonce) {
        return dam.core.approval.ApprovalLinkService.sha256(nonce).substring(0, 16);
    }

    /** What a refused or read-only request must leave as it was: the review, both links and the audit chain. */
    private record State(Map<String, AttributeValue> review, Map<String, AttributeValue> annLink,
                         Map<String, AttributeValue> benLink, List<Map<String, AttributeValue>> audit,
                         String asset, BriefHttp.Link ann, BriefHttp.Link ben) {

        static State of(ReviewFixture f, String asset, BriefHttp.Link ann, BriefHttp.Link ben) {
            return new State(f.review(asset), f.http.link(ann.nonce()), f.http.link(ben.nonce()), f.audit(asset),
                    asset, ann, ben);
        }

        /** Asserts nothing changed but {@code added} audit entries (in order); returns those entries. */
        List<Map<String, AttributeValue>> unchangedBut(ReviewFixture f, List<String> added) {
            assertThat(f.review(asset)).as("review item").isEqualTo(review);
            assertThat(f.http.link(ann.nonce())).as("Ann's link").isEqualTo(annLink);
            assertThat(f.http.link(ben.nonce())).as("Ben's link").isEqualTo(benLink);
            List<Map<String, AttributeValue>> now = f.audit(asset);
            assertThat(now.subList(0, audit.size())).as("earlier audit entries").isEqualTo(audit);
            List<Map<String, AttributeValue>> added2 = ReviewFixture.since(now, audit.size());
            assertThat(ReviewFixture.actions(added2)).as("new audit entries").isEqualTo(added);
            return added2;
        }
    }
}
