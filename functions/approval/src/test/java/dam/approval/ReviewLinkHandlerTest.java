package dam.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dam.core.approval.LinkState;
import dam.core.approval.Subject;
import dam.core.brief.Brief;
import dam.core.brief.BriefInput;
import dam.core.brief.UpdateBriefCommand;
import dam.core.memory.RecordingTaskCallbacks;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewLinkHandlerTest {

    final RecordingTaskCallbacks callbacks = new RecordingTaskCallbacks();
    final Fixture f = new Fixture(callbacks);
    Brief brief;
    String nonce;

    void requestFrom(String reviewer) {
        brief = f.submittedBrief();
        var payload = f.json.createObjectNode();
        payload.put("taskToken", "tok-" + reviewer);
        payload.putObject("subject").put("type", "brief").put("id", brief.id()).put("version", brief.version());
        payload.put("reviewer", reviewer);
        payload.put("kind", "brief");
        f.request.handle(payload);
        nonce = f.nonceFor(reviewer);
    }

    static int status(JsonNode r) {
        return r.get("statusCode").asInt();
    }

    static String body(JsonNode r) {
        return r.get("body").asText();
    }

    @Test
    void getRendersAnEscapedConfirmPageWithSafeHeadersAndChangesNothing() {
        requestFrom("dana@acme.example");

        JsonNode r = f.get(nonce);

        assertEquals(200, status(r));
        String html = body(r);
        assertTrue(html.contains("Spring &lt;campaign&gt;"), "titles are escaped");
        assertFalse(html.contains("<campaign>"));
        assertTrue(html.contains("Launch &amp; grow"), "objectives shown, escaped");
        assertTrue(html.contains("name=\"decision\" value=\"changes\""));
        assertFalse(html.contains("checked"), "no decision is pre-selected: an auto-submitting scanner approves nothing");
        assertTrue(html.contains("<form method=\"post\""));
        assertEquals(f.links.all().get(0).csrf(), Fixture.csrfOf(r));
        assertEquals("no-store", r.path("headers").path("cache-control").asText());
        assertEquals("no-referrer", r.path("headers").path("referrer-policy").asText());
        assertTrue(r.path("headers").path("content-security-policy").asText().contains("default-src 'none'"));
        assertEquals(LinkState.PENDING, f.links.all().get(0).state());
        assertTrue(callbacks.answers().isEmpty());
        assertFalse(html.contains("tok-dana"), "the task token is never rendered");
    }

    @Test
    void postDecidesOnceAndAnswersTheTask() {
        requestFrom("dana@acme.example");
        String csrf = Fixture.csrfOf(f.get(nonce));

        JsonNode r = f.post(nonce, "csrf=" + csrf + "&decision=changes&comment=%3Cb%3EBigger%3C%2Fb%3E+logo");

        assertEquals(200, status(r), body(r));
        assertTrue(body(r).contains("Request changes"));
        assertTrue(body(r).contains("&lt;b&gt;Bigger&lt;/b&gt; logo"), "the comment is echoed escaped");
        assertEquals(1, callbacks.answers().size());
        assertEquals("tok-dana@acme.example", callbacks.answers().get(0).token());
        assertTrue(callbacks.answers().get(0).output().contains("\"decision\":\"changes\""));

        JsonNode replay = f.post(nonce, "csrf=" + csrf + "&decision=approve");
        assertEquals(409, status(replay));
        assertTrue(body(replay).contains("already_decided"));
        assertEquals(1, callbacks.answers().size());
    }

    @Test
    void aPostWithoutAChosenDecisionDecidesNothing() {
        requestFrom("dana@acme.example");
        String csrf = Fixture.csrfOf(f.get(nonce));
        JsonNode r = f.post(nonce, "csrf=" + csrf + "&comment=");
        assertEquals(400, status(r), body(r));
        assertTrue(callbacks.answers().isEmpty());
        assertEquals(LinkState.PENDING, f.links.all().get(0).state());
    }

    @Test
    void base64BodiesAreDecoded() {
        requestFrom("dana@acme.example");
        String form = "decision=approve&csrf=" + Fixture.csrfOf(f.get(nonce));
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) f.event("POST", nonce,
                "application/x-www-form-urlencoded; charset=UTF-8",
                Base64.getEncoder().encodeToString(form.getBytes(StandardCharsets.UTF_8)));
        event.put("isBase64Encoded", true);

        assertEquals(200, f.json.valueToTree(f.review.handle(event)).get("statusCode").asInt());
    }

    @Test
    void everyRefusalHasItsStatusAndChangesNothing() {
        requestFrom("dana@acme.example");
        String csrf = Fixture.csrfOf(f.get(nonce));

        assertEquals(404, status(f.get("A".repeat(43))));
        assertEquals(404, status(f.post("B".repeat(43), "csrf=x&decision=approve")));
        assertEquals(403, status(f.post(nonce, "csrf=forged&decision=approve")));
        assertEquals(403, status(f.post(nonce, "decision=approve")));
        JsonNode incomplete = f.post(nonce, "csrf=" + csrf + "&decision=reject");
        assertEquals(400, status(incomplete));
        assertTrue(body(incomplete).contains("comment is required"));
        assertEquals(415, status(f.json.valueToTree(f.review.handle(f.event("POST", nonce, "application/json",
                "{\"decision\":\"approve\"}")))));
        assertEquals(405, status(f.json.valueToTree(f.review.handle(f.event("DELETE", nonce, null, null)))));
        assertEquals(400, status(f.post(nonce, "csrf=" + csrf + "&decision=approve&comment="
                + "x".repeat(2001))));
        assertEquals(413, status(f.post(nonce, "csrf=" + csrf + "&comment=" + "x".repeat(20_000))));

        assertEquals(LinkState.PENDING, f.links.all().get(0).state());
        assertTrue(callbacks.answers().isEmpty());
        List<String> refusals = f.linkService.audit(new Subject("brief", brief.id(), brief.version(), null)).stream()
                .filter(e -> e.action().equals("approval.refused")).map(e -> e.detail().split(" ")[0]).toList();
        assertEquals(List.of("reason=bad_csrf", "reason=bad_csrf", "reason=invalid", "reason=invalid"), refusals);
    }

    @Test
    void anExpiredOrSupersededLinkIsRefused() {
        requestFrom("dana@acme.example");
        String csrf = Fixture.csrfOf(f.get(nonce));
        f.briefs.update(new UpdateBriefCommand(null, "alice", brief.id(), brief.version(),
                new BriefInput("Spring campaign v2", null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null)));

        JsonNode superseded = f.post(nonce, "csrf=" + csrf + "&decision=approve");
        assertEquals(409, status(superseded));
        assertTrue(body(superseded).contains("superseded"));

        requestFrom("erin@acme.example");
        f.time.advance(Duration.ofDays(8));
        assertEquals(410, status(f.get(nonce)));
        assertTrue(callbacks.answers().isEmpty());
    }
}
