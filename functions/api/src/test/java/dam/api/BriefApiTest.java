package dam.api;

import com.fasterxml.jackson.databind.JsonNode;
import dam.api.ApiHarness.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dam.api.ApiHarness.ALICE;
import static dam.api.ApiHarness.BOB;
import static dam.api.ApiHarness.CAROL;
import static dam.api.ApiHarness.MALLORY;
import static dam.api.ApiHarness.MANAGER;
import static dam.api.ApiHarness.VIEWER;
import static dam.api.ApiHarness.ZEST_MANAGER;
import static dam.api.ApiHarness.createBody;
import static dam.api.ApiHarness.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** The brief routes through the Lambda handler with API Gateway v2 events, on in-memory fakes. */
class BriefApiTest {

    private static ApiHarness api;

    @BeforeEach
    void fresh() {
        if (api != null) {
            api.close();
        }
        api = new ApiHarness();
    }

    @AfterAll
    static void close() {
        api.close();
    }

    private JsonNode create(Map<String, String> who) {
        Response r = api.call("POST", "/briefs", fixture("create-brief.json"), who);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    @Test
    void createThenGet() {
        Response created = api.call("POST", "/briefs", fixture("create-brief.json"), ALICE);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode brief = created.json();
        String id = brief.path("id").asText();
        assertThat(created.header("Location")).isEqualTo("/briefs/" + id);
        assertThat(brief.path("version").asLong()).isEqualTo(1);
        assertThat(brief.path("status").asText()).isEqualTo("draft");
        assertThat(brief.path("requester").asText()).as("the caller by default").isEqualTo("alice@acme.example");
        assertThat(brief.path("disclaimers").size()).as("price claim on social/web in DE/FR").isPositive();
        assertThat(brief.path("budget").path("total").decimalValue()).isEqualByComparingTo("12000.50");
        assertThat(api.events.events()).hasSize(1);

        Response got = api.call("GET", "/briefs/" + id, null, BOB);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json()).isEqualTo(brief);
        assertThat(got.header("Content-Type")).startsWith("application/json");
        assertThat(got.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(got.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void idempotencyKeyMakesRetriesSafe() {
        Map<String, String> key = Map.of("Idempotency-Key", "form-42");
        Response first = api.call("POST", "/briefs", fixture("create-brief.json"), ALICE, key);
        Response retry = api.call("POST", "/briefs", fixture("create-brief.json"), ALICE, key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().path("id")).isEqualTo(first.json().path("id"));
        assertThat(api.repo.size()).isEqualTo(1);
    }

    @Test
    void listFiltersByStatusAndVisibilityAndPages() {
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            api.now.set(api.now.get().plusSeconds(60));
            newestFirst.add(0, create(ALICE).path("id").asText());
        }
        api.now.set(api.now.get().plusSeconds(60));
        Response other = api.call("POST", "/briefs", createBody(Map.of("members", List.of(),
                "milestones", List.of())), MALLORY);
        assertThat(other.status()).as(other.body()).isEqualTo(201);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api.call("GET", "/briefs?status=draft&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), null, BOB);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().path("items").forEach(s -> seen.add(s.path("id").asText()));
            assertThat(page.json().path("items").size()).isLessThanOrEqualTo(2);
            cursor = page.json().path("nextCursor").isTextual() ? page.json().path("nextCursor").asText() : null;
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).as("bob is on alice's briefs, not on mallory's").isEqualTo(newestFirst);

        JsonNode all = api.call("GET", "/briefs", null, MANAGER).json();
        assertThat(all.path("items").size()).isEqualTo(6);
        assertThat(all.path("items").get(0).path("title").asText()).isEqualTo("Summer sale 2026");
        assertThat(api.call("GET", "/briefs?status=approved", null, MANAGER).json().path("items").size()).isZero();
        assertThat(api.call("GET", "/briefs", null, ZEST_MANAGER).json().path("items").size()).isZero();

        Response bad = api.call("GET", "/briefs?status=lost&limit=many", null, BOB);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errors()).containsExactly("limit:invalid");
        assertThat(api.call("GET", "/briefs?status=lost", null, BOB).errors()).containsExactly("status:unknown_value");
        assertThat(api.call("GET", "/briefs?cursor=eyJzIjoiZHJhZnQiLCJhIjp7fX0", null, BOB).errors())
                .containsExactly("cursor:invalid");
    }

    @Test
    void updateWithVersionAndStaleUpdateIs409() {
        JsonNode brief = create(ALICE);
        String id = brief.path("id").asText();

        Response updated = api.call("PATCH", "/briefs/" + id,
                "{\"expectedVersion\":1,\"title\":\"Summer sale, final\"}", ALICE);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().path("version").asLong()).isEqualTo(2);
        assertThat(updated.json().path("title").asText()).isEqualTo("Summer sale, final");

        Response stale = api.call("PATCH", "/briefs/" + id, "{\"expectedVersion\":1,\"title\":\"Lost update\"}",
                MANAGER);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.errors()).containsExactly("expectedVersion:conflict");
        assertThat(stale.json().path("message").asText()).contains("version 2");
        assertThat(api.repo.find(id).orElseThrow().title()).isEqualTo("Summer sale, final");

        Response noVersion = api.call("PATCH", "/briefs/" + id, "{\"title\":\"x\"}", ALICE);
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.errors()).containsExactly("expectedVersion:required");
    }

    @Test
    void badInputIs400WithEveryFieldErrorAndNothingStored() {
        Map<String, Object> bad = new java.util.HashMap<>();
        bad.put("title", "");
        bad.put("channels", List.of("web", "telepathy"));
        bad.put("dueDate", "2020-01-01");
        bad.put("budget", Map.of("currency", "EUR", "lines", List.of(Map.of("description", "refund", "amount", -5))));
        Response r = api.call("POST", "/briefs", createBody(bad), ALICE);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).isNotBlank();
        assertThat(r.errors()).contains("title:required", "channels[1]:unknown_value", "dueDate:in_past",
                "budget.lines[0].amount:negative");
        r.json().path("errors").forEach(e -> assertThat(e.path("message").asText()).isNotBlank());

        Response huge = api.call("POST", "/briefs", createBody(Map.of("title", "x".repeat(1_000_000))), ALICE);
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.errors()).containsExactly("title:too_long");
        assertThat(huge.body().length()).as("the error does not echo the megabyte").isLessThan(2_000);

        assertThat(api.repo.size()).isZero();
        assertThat(api.events.events()).isEmpty();
    }

    @Test
    void bodyShapeIsCheckedStrictly() {
        assertThat(api.call("POST", "/briefs", "{\"title\": \"x\", ", ALICE).errors()).containsExactly("body:invalid");
        assertThat(api.call("POST", "/briefs", "[1,2]", ALICE).errors()).containsExactly("body:invalid");
        Response none = api.call("POST", "/briefs", null, ALICE);
        assertThat(none.errors()).as(none.status() + " " + none.body()).containsExactly("body:invalid");
        assertThat(api.call("POST", "/briefs", createBody(Map.of("titel", "typo")), ALICE).errors())
                .containsExactly("titel:invalid");
        assertThat(api.call("POST", "/briefs", createBody(Map.of("channels", "web")), ALICE).errors())
                .containsExactly("channels:invalid");
        assertThat(api.call("POST", "/briefs", createBody(Map.of("title", 42)), ALICE).errors())
                .containsExactly("title:invalid");
        assertThat(api.call("POST", "/briefs", createBody(Map.of("budget", Map.of("currency", "EUR",
                "lines", List.of(Map.of("amount", "lots"))))), ALICE).errors())
                .containsExactly("budget.lines[0].amount:invalid");
        assertThat(api.repo.size()).isZero();
    }

    @Test
    void scriptInTextIsStoredAndReturnedAsPlainJsonText() {
        String xss = "<img src=x onerror=alert(1)>";
        Response created = api.call("POST", "/briefs", createBody(Map.of("title", xss, "keyMessage",
                "</script><script>alert('x')</script> & more")), ALICE);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(api.repo.find(id).orElseThrow().title()).as("stored verbatim").isEqualTo(xss);

        Response got = api.call("GET", "/briefs/" + id, null, ALICE);
        assertThat(got.json().path("title").asText()).isEqualTo(xss);
        assertThat(got.json().path("keyMessage").asText()).isEqualTo("</script><script>alert('x')</script> & more");
        assertThat(got.header("Content-Type")).startsWith("application/json");
        assertThat(got.body()).doesNotContain("<img", "<script", "</script");
        assertThat(got.body()).contains("\\u003Cimg");
    }

    @Test
    void accessIsDeniedByDefault() {
        String id = create(ALICE).path("id").asText();

        Response anonymous = api.call("GET", "/briefs/" + id, null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(api.call("GET", "/briefs", null, Map.of("email", "x@y.example")).status()).isEqualTo(401);

        Response outsider = api.call("GET", "/briefs/" + id, null, MALLORY);
        Response missing = api.call("GET", "/briefs/b999", null, MALLORY);
        assertThat(outsider.status()).isEqualTo(404);
        assertThat(outsider.errors()).isEqualTo(missing.errors());
        assertThat(outsider.body()).doesNotContain("Summer");
        assertThat(api.call("GET", "/briefs/" + id, null, ZEST_MANAGER).status()).isEqualTo(404);
        assertThat(api.call("GET", "/briefs/..%2F..%2Fetc", null, ALICE).status()).isEqualTo(404);

        Response teamButNotManager = api.call("PATCH", "/briefs/" + id, "{\"expectedVersion\":1,\"title\":\"x\"}",
                BOB);
        assertThat(teamButNotManager.status()).isEqualTo(403);
        assertThat(teamButNotManager.errors()).containsExactly("actor:forbidden");

        Response viewerCreates = api.call("POST", "/briefs", fixture("create-brief.json"), VIEWER);
        assertThat(viewerCreates.status()).isEqualTo(403);
        assertThat(api.call("POST", "/briefs", createBody(Map.of("brand", Map.of("name", "Zest"))), ALICE).status())
                .isEqualTo(403);
        assertThat(api.repo.size()).isEqualTo(1);
        assertThat(api.repo.find(id).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void privateCommentsAreInvisibleToUnnamedTeamMembers() {
        String id = create(ALICE).path("id").asText();
        String path = "/briefs/" + id + "/comments";
        assertThat(api.call("POST", path, "{\"body\":\"for the team\",\"visibility\":\"group\"}", ALICE).status())
                .isEqualTo(201);
        Response secret = api.call("POST", path, "{\"body\":\"carol only: price is soft\",\"visibility\":\"private\","
                + "\"namedReaders\":[\"carol@acme.example\"]}", ALICE);
        assertThat(secret.status()).as(secret.body()).isEqualTo(201);

        Response bobs = api.call("GET", path, null, BOB);
        assertThat(bobs.status()).isEqualTo(200);
        assertThat(bobs.json().path("items").size()).isEqualTo(1);
        assertThat(bobs.body()).doesNotContain("carol only", "private", secret.json().path("id").asText());
        assertThat(bobs.json().fieldNames()).toIterable().containsExactly("items");

        assertThat(api.call("GET", path, null, CAROL).json().path("items").size()).isEqualTo(2);
        assertThat(api.call("GET", path, null, MALLORY).status()).isEqualTo(404);
        assertThat(api.call("POST", path, "{\"body\":\"\",\"visibility\":\"secret\"}", BOB).errors())
                .containsExactly("body:required", "visibility:unknown_value");
    }

    @Test
    void milestonesBudgetMembersSubmitAndMyTasks() {
        String id = create(ALICE).path("id").asText();
        String base = "/briefs/" + id;

        Response added = api.call("POST", base + "/milestones", "{\"expectedVersion\":1,\"name\":\"Retouch\","
                + "\"owner\":\"bob@acme.example\",\"dueDate\":\"2026-06-10\"}", ALICE);
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        JsonNode milestones = added.json().path("milestones");
        assertThat(milestones.size()).isEqualTo(2);
        String retouch = milestones.get(1).path("id").asText();

        Response tasks = api.call("GET", "/me/tasks", null, BOB);
        assertThat(tasks.status()).isEqualTo(200);
        assertThat(tasks.json().path("items").findValuesAsText("name")).containsExactly("Retouch", "Shoot");

        Response done = api.call("PATCH", base + "/milestones/" + retouch, "{\"expectedVersion\":2,\"done\":true}",
                BOB);
        assertThat(done.status()).as("the owner ticks their milestone: " + done.body()).isEqualTo(200);
        assertThat(api.call("GET", "/me/tasks", null, BOB).json().path("items").findValuesAsText("name"))
                .containsExactly("Shoot");
        assertThat(api.call("PATCH", base + "/milestones/" + retouch, "{\"expectedVersion\":3,\"name\":\"x\"}", BOB)
                .status()).isEqualTo(403);

        Response removed = api.call("DELETE", base + "/milestones/" + retouch + "?expectedVersion=3", null, ALICE);
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().path("milestones").size()).isEqualTo(1);
        assertThat(api.call("DELETE", base + "/milestones/" + retouch, null, ALICE).errors())
                .containsExactly("expectedVersion:required");
        assertThat(api.call("DELETE", base + "/milestones/nope?expectedVersion=4", null, ALICE).status())
                .isEqualTo(404);

        Response budget = api.call("PUT", base + "/budget", "{\"expectedVersion\":4,\"currency\":\"USD\","
                + "\"lines\":[{\"description\":\"Shoot\",\"amount\":900},{\"description\":\"Edit\",\"amount\":100.5}]}",
                ALICE);
        assertThat(budget.status()).as(budget.body()).isEqualTo(200);
        assertThat(budget.json().path("budget").path("total").decimalValue()).isEqualByComparingTo("1000.5");
        assertThat(budget.json().path("budget").path("currency").asText()).isEqualTo("USD");
        assertThat(api.call("PUT", base + "/budget", "{\"expectedVersion\":5,\"currency\":\"USD\",\"lines\":"
                + "[{\"description\":\"x\",\"amount\":\"free\"}]}", ALICE).errors())
                .containsExactly("budget.lines[0].amount:invalid");

        Response member = api.call("POST", base + "/members", "{\"expectedVersion\":5,"
                + "\"userId\":\"erin@acme.example\",\"role\":\"reviewer\"}", ALICE);
        assertThat(member.status()).as(member.body()).isEqualTo(200);
        assertThat(member.json().path("members").findValuesAsText("userId")).contains("erin@acme.example");

        Response submitted = api.call("POST", base + "/submit", "{\"expectedVersion\":6}", ALICE);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        assertThat(submitted.json().path("status").asText()).isEqualTo("submitted");
        assertThat(api.call("POST", base + "/submit", "{\"expectedVersion\":7}", ALICE).status()).isEqualTo(409);
        assertThat(api.call("POST", base + "/submit", "{\"expectedVersion\":7,\"force\":true}", ALICE).errors())
                .containsExactly("force:invalid");
    }

    @Test
    void meAndUnknownRoutes() {
        JsonNode me = api.call("GET", "/me", null, MANAGER).json();
        assertThat(me.path("userId").asText()).isEqualTo("mia@acme.example");
        assertThat(me.path("roles").findValuesAsText("")).isEmpty();
        assertThat(me.path("roles").get(0).asText()).isEqualTo("brand-manager");
        assertThat(me.path("brands").get(0).asText()).isEqualTo("Acme");
        Response nowhere = api.call("GET", "/nothing-here", null, ALICE);
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.json().path("message").asText()).isEqualTo("Not Found");
        assertThat(nowhere.body()).doesNotContain("_links");
        Response wrongMethod = api.call("DELETE", "/briefs", null, ALICE);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Content-Type")).startsWith("application/json");
    }
}
