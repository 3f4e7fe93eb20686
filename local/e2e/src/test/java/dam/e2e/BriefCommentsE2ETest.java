package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5 comment visibility through the API: a private comment naming one team member is readable by its author and
 * that member only; another team member's {@code GET /briefs/{id}/comments} carries nothing of it — no item, no count,
 * no id — while group comments reach the whole team. People outside the team read no comments at all.
 */
@ExtendWith(CloudExtension.class)
class BriefCommentsE2ETest {

    @Test
    void privateCommentIsInvisibleToATeamMemberItDoesNotName(TestCloud cloud) {
        BriefHttp api = new BriefHttp(cloud);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String alice = "alice-" + run + "@acme.example";
        String bob = "bob-" + run + "@acme.example";
        String carol = "carol-" + run + "@acme.example";
        String aliceToken = api.token(alice, "creator");
        String bobToken = api.token(bob, "creator");
        String carolToken = api.token(carol, "creator");

        ObjectNode body = BriefHttp.brief("Comments " + run);
        body.putArray("members")
                .add(BriefHttp.JSON.createObjectNode().put("userId", bob).put("role", "creator"))
                .add(BriefHttp.JSON.createObjectNode().put("userId", carol).put("role", "reviewer"));
        String id = api.create(body, aliceToken).path("id").asText();
        String path = "/briefs/" + id + "/comments";

        String secret = "Budget is tight, keep it between us " + run;
        BriefHttp.Reply privateComment = api.api("POST", path, Map.of("body", secret, "visibility", "private",
                "namedReaders", List.of(bob)), aliceToken);
        assertThat(privateComment.status()).as(privateComment.body()).isEqualTo(201);
        String privateId = privateComment.json().path("id").asText();
        assertThat(privateId).isNotBlank();
        BriefHttp.Reply groupComment = api.api("POST", path, Map.of("body", "Kick-off on Monday " + run,
                "visibility", "group"), aliceToken);
        assertThat(groupComment.status()).as(groupComment.body()).isEqualTo(201);
        String groupId = groupComment.json().path("id").asText();

        // The author and the named member read both.
        for (String token : List.of(aliceToken, bobToken)) {
            BriefHttp.Reply list = api.api("GET", path, null, token);
            assertThat(list.status()).as(list.body()).isEqualTo(200);
            assertThat(list.json().path("items").findValuesAsText("id")).containsExactly(privateId, groupId);
        }

        // Carol is on the team but not named: the group comment only, and no trace of the other.
        BriefHttp.Reply carolList = api.api("GET", path, null, carolToken);
        assertThat(carolList.status()).as(carolList.body()).isEqualTo(200);
        JsonNode carolJson = carolList.json();
        assertThat(carolJson.path("items").findValuesAsText("id")).containsExactly(groupId);
        assertThat(fieldNames(carolJson)).containsExactly("items");
        assertThat(carolList.body()).doesNotContain(secret).doesNotContain(privateId).doesNotContain("private");

        // Outside the team: a creator of the same brand cannot even see the brief; a brand manager who sees the brief
        // still reads none of its team's comments.
        BriefHttp.Reply outsider = api.api("GET", path, null, api.token("dave-" + run + "@acme.example", "creator"));
        assertThat(outsider.status()).isEqualTo(404);
        BriefHttp.Reply manager = api.api("GET", path, null, api.token("erin-" + run + "@acme.example",
                "brand-manager"));
        assertThat(manager.status()).isEqualTo(403);
        for (BriefHttp.Reply refused : List.of(outsider, manager)) {
            assertThat(refused.body()).doesNotContain(secret).doesNotContain(privateId).doesNotContain(groupId);
        }

        // Naming someone outside the team is refused and stores nothing.
        BriefHttp.Reply badReader = api.api("POST", path, Map.of("body", "for dave " + run, "visibility", "private",
                "namedReaders", List.of("dave-" + run + "@acme.example")), aliceToken);
        assertThat(badReader.status()).isEqualTo(400);
        assertThat(badReader.errorFields()).containsExactly("namedReaders[0]");
        assertThat(api.items("BRIEF#" + id)).filteredOn(i -> BriefHttp.sk(i).startsWith("COMMENT#")).hasSize(2);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
