package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Issue 5 bad input through the local HTTP API (and the inbound command bus): every refusal is a 4xx with a
 * field-level error list, and nothing is written — no brief, no command record, no audit entry, no version bump.
 * Markup in text fields is accepted as text, stored verbatim and returned as JSON text, never as HTML.
 */
@ExtendWith(CloudExtension.class)
class BriefBadInputE2ETest {

    private static final String IMG = "<img src=x onerror=alert(1)>";

    @Test
    void invalidBriefsAreRefusedFieldByFieldAndNothingIsWritten(TestCloud cloud) {
        BriefHttp api = new BriefHttp(cloud);
        // Everything this test sends is traceable to one user: any item it left behind would mention them.
        String user = "bad-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.example";
        String token = api.token(user, "creator");

        refused(api, token, "missing required fields", b -> {
            b.remove("title");
            b.remove("channels");
            b.remove("regions");
            b.remove("dueDate");
            b.remove("deliverables");
        }, "title", "channels", "regions", "dueDate");
        refused(api, token, "unknown channel", b -> b.putArray("channels").add("web").add("fax"), "channels[1]");
        refused(api, token, "past due date", b -> b.put("dueDate", LocalDate.now().minusDays(1).toString()),
                "dueDate");
        refused(api, token, "negative budget", b -> b.putObject("budget").put("currency", "EUR").putArray("lines")
                .addObject().put("description", "Media").put("amount", -100), "budget.lines[0].amount");
        BriefHttp.Reply huge = refused(api, token, "1 MB title", b -> b.put("title", "x".repeat(1024 * 1024)),
                "title");
        assertThat(huge.json().path("errors").get(0).path("code").asText()).isEqualTo("too_long");
        assertThat(huge.body().length()).as("the refusal does not echo a megabyte").isLessThan(2_000);
        refused(api, token, "wrong JSON type", b -> b.put("channels", "web"), "channels");
        BriefHttp.Reply several = refused(api, token, "several at once", b -> {
            b.put("title", " ");
            b.put("dueDate", "2020-01-01");
            b.putArray("regions").add("de!");
        }, "title", "dueDate", "regions[0]");
        assertThat(several.json().path("errors")).allSatisfy(e -> {
            assertThat(e.path("code").asText()).isNotBlank();
            assertThat(e.path("message").asText()).isNotBlank();
        });

        assertThat(api.itemsMentioning(user)).as("items left by refused requests").isEmpty();
        // The check above can see this user's writes: one valid brief leaves its items (brief, audit) behind.
        api.create(BriefHttp.brief("Bad input control"), token);
        assertThat(api.itemsMentioning(user)).extracting(BriefHttp::sk).contains("META", "AUDIT#0000000001");
    }

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

    @Test
    void unknownBriefIs404AndAStaleOrInvalidUpdateChangesNothing(TestCloud cloud) {
        BriefHttp api = new BriefHttp(cloud);
        String token = api.token("alice@acme.example", "creator");
        String unknown = UUID.randomUUID().toString();
        for (BriefHttp.Reply r : List.of(api.api("GET", "/briefs/" + unknown, null, token),
                api.api("PATCH", "/briefs/" + unknown, "{\"expectedVersion\":1,\"audience\":\"x\"}", token),
                api.api("POST", "/briefs/" + unknown + "/submit", "{\"expectedVersion\":1}", token),
                api.api("GET", "/briefs/" + unknown + "/comments", null, token))) {
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.errorFields()).containsExactly("briefId");
        }
        assertThat(api.items("BRIEF#" + unknown)).isEmpty();

        String id = api.create(BriefHttp.brief("Stale " + UUID.randomUUID()), token).path("id").asText();
        BriefHttp.Reply first = api.api("PATCH", "/briefs/" + id, "{\"expectedVersion\":1,\"audience\":\"Students\"}",
                token);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        List<Map<String, AttributeValue>> before = api.items("BRIEF#" + id);

        BriefHttp.Reply stale = api.api("PATCH", "/briefs/" + id, "{\"expectedVersion\":1,\"audience\":\"Lost\"}",
                token);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.errorFields()).containsExactly("expectedVersion");
        BriefHttp.Reply invalid = api.api("PATCH", "/briefs/" + id,
                "{\"expectedVersion\":2,\"channels\":[\"fax\"],\"budget\":{\"currency\":\"EUR\",\"lines\":"
                        + "[{\"description\":\"Media\",\"amount\":-1}]}}", token);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.errorFields()).contains("channels[0]", "budget.lines[0].amount");
        BriefHttp.Reply noVersion = api.api("PATCH", "/briefs/" + id, "{\"audience\":\"No version\"}", token);
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.errorFields()).containsExactly("expectedVersion");
        BriefHttp.Reply staleSubmit = api.api("POST", "/briefs/" + id + "/submit", "{\"expectedVersion\":1}", token);
        assertThat(staleSubmit.status()).isEqualTo(409);

        assertThat(api.items("BRIEF#" + id)).as("no item changed or added").isEqualTo(before);
        JsonNode stored = api.read(id, token);
        assertThat(stored.path("version").asLong()).isEqualTo(2);
        assertThat(stored.path("audience").asText()).isEqualTo("Students");
        assertThat(stored.path("status").asText()).isEqualTo("draft");
    }

    @Test
    void submittingWithoutTheApproversTheBriefNeedsIsRefusedAndStartsNothing(TestCloud cloud) {
        BriefHttp api = new BriefHttp(cloud);
        String token = api.token("alice@acme.example", "creator");
        String none = api.create(BriefHttp.brief("No approvers " + UUID.randomUUID()), token).path("id").asText();
        ObjectNode health = BriefHttp.brief("Health claim, no legal " + UUID.randomUUID());
        health.putArray("claims").add("health");
        health.putArray("approvals").add(BriefHttp.JSON.createObjectNode().put("kind", "brief")
                .put("approver", "approver@acme.example"));
        String noLegal = api.create(health, token).path("id").asText();

        for (String id : List.of(none, noLegal)) {
            List<Map<String, AttributeValue>> before = api.items("BRIEF#" + id);
            BriefHttp.Reply r = api.api("POST", "/briefs/" + id + "/submit", "{\"expectedVersion\":1}", token);
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.errorFields()).containsExactly("approvals");
            assertThat(api.items("BRIEF#" + id)).isEqualTo(before);
        }
        assertThat(api.api("POST", "/briefs/" + noLegal + "/submit", "{\"expectedVersion\":1}", token).body())
                .contains("fine_print");
        try (var sfn = BriefApprovalE2ETest.sfn(cloud)) {
            String machine = BriefApprovalE2ETest.briefApprovalMachine(sfn);
            assertThat(BriefApprovalE2ETest.executionFor(sfn, machine, none)).isNull();
            assertThat(BriefApprovalE2ETest.executionFor(sfn, machine, noLegal)).isNull();
        }
    }

    @Test
    void invalidOrStaleUpdateCommandIsRejectedWithReasonsAndChangesNothing(TestCloud cloud) {
        BriefHttp api = new BriefHttp(cloud);
        String token = api.token("alice@acme.example", "creator");
        String id = api.create(BriefHttp.brief("Command " + UUID.randomUUID()), token).path("id").asText();
        List<Map<String, AttributeValue>> before = api.items("BRIEF#" + id);
        BusObserver rejected = new BusObserver(cloud, "dam", "{\"detail-type\":[\"Command Rejected\"]}");

        String stale = "e2e-stale-" + UUID.randomUUID();
        String invalid = "e2e-invalid-" + UUID.randomUUID();
        put(cloud, updateCommand(stale, id, 7, BriefHttp.JSON.createObjectNode().put("audience", "Stale")));
        ObjectNode badChanges = BriefHttp.JSON.createObjectNode();
        badChanges.putArray("channels").add("fax");
        put(cloud, updateCommand(invalid, id, 1, badChanges));

        Map<String, JsonNode> byCommand = new java.util.HashMap<>();
        org.awaitility.Awaitility.await().atMost(BriefHttp.LAMBDA).until(() -> {
            for (String e : rejected.drain()) {
                JsonNode event = BriefApprovalE2ETest.parse(e);
                byCommand.put(event.path("detail").path("command").path("commandId").asText(), event);
            }
            return byCommand.containsKey(stale) && byCommand.containsKey(invalid);
        });
        assertThat(byCommand.get(stale).path("detail").path("reasons").findValuesAsText("field"))
                .containsExactly("expectedVersion");
        assertThat(byCommand.get(invalid).path("detail").path("reasons").findValuesAsText("field"))
                .contains("changes.channels[0]");
        assertThat(byCommand.get(invalid).path("source").asText()).isEqualTo("dam.briefs");
        assertThat(api.items("BRIEF#" + id)).isEqualTo(before);
        assertThat(api.read(id, token).path("version").asLong()).isEqualTo(1);
    }

    private static ObjectNode updateCommand(String commandId, String briefId, long expectedVersion,
                                            ObjectNode changes) {
        ObjectNode detail = BriefHttp.JSON.createObjectNode().put("version", 1).put("commandId", commandId)
                .put("requestedBy", "alice@acme.example").put("briefId", briefId)
                .put("expectedVersion", expectedVersion);
        detail.set("changes", changes);
        return detail;
    }

    private static void put(TestCloud cloud, ObjectNode detail) {
        try (EventBridgeClient events = cloud.events()) {
            assertThat(events.putEvents(r -> r.entries(e -> e.eventBusName("dam").source("e2e.crm")
                    .detailType("Command Update Brief").detail(detail.toString()))).failedEntryCount()).isZero();
        }
    }

    /** POSTs a valid brief changed by {@code change}; it must come back 400 naming exactly these fields (at least). */
    private static BriefHttp.Reply refused(BriefHttp api, String token, String what, Consumer<ObjectNode> change,
                                           String... fields) {
        ObjectNode body = BriefHttp.brief("Bad input " + what);
        change.accept(body);
        BriefHttp.Reply r = api.api("POST", "/briefs", body, token);
        assertThat(r.status()).as("%s: %s", what, r.body()).isEqualTo(400);
        assertThat(r.header("content-type")).startsWith("application/json");
        assertThat(r.errorFields()).as(what).contains(fields);
        return r;
    }
}
