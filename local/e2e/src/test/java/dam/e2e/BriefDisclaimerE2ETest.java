package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 5, automated legal disclaimers through the API: a brief is created with {@code POST /briefs} and read back with
 * {@code GET /briefs/{id}} (local JWT → API Gateway → API function → DynamoDB); the disclaimers it carries must be
 * exactly those the rules table prescribes for its channels × regions × claims, each traceable to its rule (same text
 * and flag as the shipped rules file), and recomputed when the brief changes.
 */
@ExtendWith(CloudExtension.class)
class BriefDisclaimerE2ETest {

    private static final Map<String, JsonNode> RULES = new HashMap<>();

    @BeforeAll
    static void rulesTable() throws Exception {
        JsonNode table = BriefHttp.JSON.readTree(Files.readString(TestCloud.repoRoot()
                .resolve("functions/core/src/main/resources/dam/core/brief/disclaimer-rules.json")));
        table.path("rules").forEach(r -> RULES.put(r.path("id").asText(), r));
    }

    @ParameterizedTest(name = "{0} × {1} × {2} → [{3}]")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            web          | DE     | price               | price-eu-vat                            | false
            print        | US     | price               | price-us-tax                            | false
            ooh          | GLOBAL | price               | price-eu-vat price-us-tax               | false
            social       | FR     | talent              | talent-paid-partnership                 | false
            print        | FR     | talent              | -                                       | false
            email        | GB     | finance             | finance-uk-capital-at-risk              | true
            web          | JP     | finance             | -                                       | false
            video        | US     | health competition  | competition-any health-any              | true
            display      | EU     | environmental       | environmental-eu-substantiation         | true
            web          | US     | environmental       | -                                       | false
            print social | EU     | talent price        | price-eu-vat talent-paid-partnership    | false
            """)
    void storedBriefCarriesTheDisclaimersItsRulesTrigger(String channels, String regions, String claims,
                                                          String expectedRules, boolean legal, TestCloud cloud) {
        BriefHttp api = new BriefHttp(cloud);
        String alice = api.token("alice@acme.example", "creator");
        ObjectNode body = brief("Disclaimers " + channels + "/" + regions + "/" + claims, words(channels),
                words(regions), words(claims));

        String id = api.create(body, alice).path("id").asText();
        JsonNode stored = api.read(id, alice);

        List<String> expected = expectedRules == null ? List.of() : words(expectedRules);
        assertThat(stored.path("disclaimers").findValuesAsText("ruleId")).containsExactlyElementsOf(expected);
        assertThat(stored.path("legalApprovalRequired").asBoolean()).isEqualTo(legal);
        for (JsonNode d : stored.path("disclaimers")) {
            JsonNode rule = RULES.get(d.path("ruleId").asText());
            assertThat(rule).as("rule %s exists in the shipped table", d.path("ruleId").asText()).isNotNull();
            assertThat(d.path("text").asText()).isEqualTo(rule.path("text").asText());
            assertThat(d.path("legalApprovalRequired").asBoolean())
                    .isEqualTo(rule.path("legalApprovalRequired").asBoolean());
            assertThat(d.path("claim").asText()).isEqualTo(rule.path("claim").asText());
            // Traceable to where it applies: only the brief's channels/regions that the rule covers.
            assertThat(textList(d.path("channels"))).isNotEmpty().isSubsetOf(words(channels));
            assertThat(textList(d.path("regions"))).isNotEmpty().isSubsetOf(words(regions));
        }
    }

    @Test
    void talentDisclaimerNamesOnlyTheChannelsItCovers(TestCloud cloud) {
        BriefHttp api = new BriefHttp(cloud);
        String alice = api.token("alice@acme.example", "creator");
        ObjectNode body = brief("Talent channels", List.of("print", "social"), List.of("FR"), List.of("talent"));
        JsonNode stored = api.read(api.create(body, alice).path("id").asText(), alice);
        JsonNode talent = stored.path("disclaimers").get(0);
        assertThat(talent.path("ruleId").asText()).isEqualTo("talent-paid-partnership");
        assertThat(textList(talent.path("channels"))).containsExactly("social");
        assertThat(textList(talent.path("regions"))).containsExactly("FR");
    }

    @Test
    void disclaimersAreRecomputedWhenTheBriefChanges(TestCloud cloud) {
        BriefHttp api = new BriefHttp(cloud);
        String alice = api.token("alice@acme.example", "creator");
        ObjectNode body = brief("Recompute", List.of("web"), List.of("JP"), List.of("finance"));
        JsonNode created = api.create(body, alice);
        String id = created.path("id").asText();
        assertThat(created.path("disclaimers")).isEmpty();

        BriefHttp.Reply toUs = api.api("PATCH", "/briefs/" + id, "{\"expectedVersion\":1,\"regions\":[\"US\"]}",
                alice);
        assertThat(toUs.status()).as(toUs.body()).isEqualTo(200);
        JsonNode afterMove = api.read(id, alice);
        assertThat(afterMove.path("disclaimers").findValuesAsText("ruleId")).containsExactly("finance-us-risk");
        assertThat(afterMove.path("legalApprovalRequired").asBoolean()).isTrue();

        BriefHttp.Reply noClaim = api.api("PATCH", "/briefs/" + id, "{\"expectedVersion\":2,\"claims\":[]}", alice);
        assertThat(noClaim.status()).as(noClaim.body()).isEqualTo(200);
        JsonNode cleared = api.read(id, alice);
        assertThat(cleared.path("disclaimers")).isEmpty();
        assertThat(cleared.path("legalApprovalRequired").asBoolean()).isFalse();
        assertThat(cleared.path("version").asLong()).isEqualTo(3);
    }

    /** A valid brief for these channels, regions and claims (its one deliverable is for the first channel). */
    private static ObjectNode brief(String title, List<String> channels, List<String> regions, List<String> claims) {
        ObjectNode body = BriefHttp.brief(title + " " + UUID.randomUUID());
        set(body, "channels", channels);
        set(body, "regions", regions);
        set(body, "claims", claims);
        ((ObjectNode) body.path("deliverables").get(0)).put("channel", channels.get(0));
        return body;
    }

    private static List<String> words(String s) {
        return Arrays.asList(s.trim().split("\\s+"));
    }

    private static List<String> textList(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static void set(ObjectNode body, String field, List<String> values) {
        ArrayNode a = body.putArray(field);
        values.forEach(a::add);
    }
}
