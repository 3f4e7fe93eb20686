package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 5: markup in text fields is accepted as text, stored verbatim and returned as JSON text, never as HTML. The
 * refusals (invalid, stale, unknown briefs, missing approvers, rejected commands) are in the bad-input corpus
 * (CorpusE2ETest, resources/corpus/briefs.json and commands.json).
 */
@ExtendWith(CloudExtension.class)
class BriefBadInputE2ETest {

    private static final String IMG = "<img src=x onerror=alert(1)>";

    @Test
    void markupInTextFieldsIsStoredAndReturnedAsPlainText(TestCloud cloud) {
        BriefHttp api = new BriefHttp(cloud);
        String token = api.token("alice@acme.example", "creator");
        String title = IMG + " Launch " + UUID.randomUUID();
        String keyMessage = "<script>alert('x')</script> & \"quotes\"";
        ObjectNode body = BriefHttp.brief(title);
        body.put("keyMessage", keyMessage);
        body.putArray("tags").add("<b>bold</b>");

        BriefHttp.Reply created = api.api("POST", "/briefs", body, token);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        BriefHttp.Reply got = api.api("GET", "/briefs/" + id, null, token);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.header("content-type")).startsWith("application/json");
        assertThat(got.header("x-content-type-options")).isEqualTo("nosniff");
        // JSON text: the markup is there as characters (escaped so no HTML parser ever sees a tag), unchanged.
        assertThat(got.body()).doesNotContain("<img").doesNotContain("<script");
        JsonNode brief = got.json();
        assertThat(brief.path("title").asText()).isEqualTo(title);
        assertThat(brief.path("keyMessage").asText()).isEqualTo(keyMessage);
        assertThat(brief.path("tags").get(0).asText()).isEqualTo("<b>bold</b>");

        Map<String, AttributeValue> item = api.items("BRIEF#" + id).stream()
                .filter(i -> BriefHttp.sk(i).equals("META")).findFirst().orElseThrow();
        assertThat(item.get("title").s()).isEqualTo(title);
    }
}
