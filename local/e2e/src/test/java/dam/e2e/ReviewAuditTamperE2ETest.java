package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 7's tamper test: someone with table access rewrites one entry of an asset's review audit chain directly in
 * DynamoDB (an SDK UpdateItem against the local cloud); {@code GET /assets/{id}/audit/verify} then reports exactly that
 * entry, while the untouched asset chain still verifies.
 */
@ExtendWith(CloudExtension.class)
class ReviewAuditTamperE2ETest {

    @Test
    void anEditedAuditItemIsReportedAsTheFirstBrokenEntry(TestCloud cloud) throws Exception {
        ReviewApiWalk w = new ReviewApiWalk(cloud);
        String ann = w.user("ann");
        String cara = w.user("cara");
        String caraToken = w.token(cara, "creator");
        String brief = w.brief(w.user("alice"), List.of(ann), null, cara);
        String asset = w.upload(caraToken, brief, ReviewApiWalk.jpeg(320, 240, null));
        w.awaitReady(caraToken, asset, 1);
        w.request(ann, 1); // the review is running: its chain has the start, the stage and the request
        String path = "/assets/" + asset;
        BriefHttp.Reply note = w.api("POST", path + "/versions/1/annotations", Map.of("body", "Warmer colours"),
                w.token(ann, "reviewer"));
        assertThat(note.status()).as(note.body()).isEqualTo(201);

        JsonNode before = w.api("GET", path + "/audit/verify", null, caraToken).json();
        assertThat(before.path("ok").asBoolean()).as(before.toString()).isTrue();
        assertThat(before.path("firstBroken").isNull()).isTrue();

        // Rewrite review entry 2's detail in place, leaving its hashes as they were.
        try (DynamoDbClient db = cloud.dynamodb()) {
            Map<String, AttributeValue> victim = w.http.items("ASSET#" + asset).stream()
                    .filter(i -> BriefHttp.sk(i).startsWith("APPROVAL_AUDIT#") && i.get("seq").n().equals("2"))
                    .findFirst().orElseThrow();
            String original = victim.get("detail").s();
            db.updateItem(r -> r.tableName(w.http.table()).key(Map.of("PK", victim.get("PK"), "SK", victim.get("SK")))
                    .updateExpression("SET detail = :d")
                    .expressionAttributeValues(Map.of(":d", AttributeValue.fromS(original + " (approved by ann)"))));
        }

        BriefHttp.Reply after = w.api("GET", path + "/audit/verify", null, caraToken);
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        JsonNode v = after.json();
        assertThat(v.path("ok").asBoolean()).as(v.toString()).isFalse();
        assertThat(v.path("firstBroken").path("chain").asText()).isEqualTo("review");
        assertThat(v.path("firstBroken").path("seq").asLong()).isEqualTo(2);
        assertThat(v.path("firstBroken").path("reason").asText()).contains("edited");
        JsonNode assetChain = v.path("chains").get(0);
        assertThat(assetChain.path("chain").asText()).isEqualTo("asset");
        assertThat(assetChain.path("intact").asBoolean()).isTrue();
        // The export shows the edited text: what was changed is visible next to the broken hash.
        assertThat(w.api("GET", path + "/audit?format=csv", null, caraToken).body()).contains("(approved by ann)");
    }
}
