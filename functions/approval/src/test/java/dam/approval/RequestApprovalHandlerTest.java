package dam.approval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.core.approval.ApprovalLinkService;
import dam.core.brief.Brief;
import dam.core.memory.RecordingTaskCallbacks;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestApprovalHandlerTest {

    final Fixture f = new Fixture(new RecordingTaskCallbacks());

    ObjectNode payload(Brief b) {
        ObjectNode p = f.json.createObjectNode();
        p.put("taskToken", "AQ-very-secret-token");
        p.putObject("subject").put("type", "brief").put("id", b.id()).put("version", b.version());
        p.put("reviewer", "dana@acme.example");
        p.put("kind", "fine_print");
        return p;
    }

    @Test
    void issuesALinkMailsItAndReturnsNeitherNonceNorToken() throws IOException {
        Brief b = f.submittedBrief();
        ObjectNode p = payload(b);
        p.put("dueAt", Fixture.NOW.plus(Duration.ofDays(2)).toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        f.request.handleRequest(new ByteArrayInputStream(f.json.writeValueAsBytes(p)), out, null);

        String result = out.toString(StandardCharsets.UTF_8);
        String nonce = f.nonceFor("dana@acme.example");
        assertFalse(result.contains(nonce));
        assertFalse(result.contains("AQ-very-secret-token"));
        assertEquals(ApprovalLinkService.sha256(nonce).substring(0, 16), f.json.readTree(result).get("link").asText());
        assertEquals(Fixture.NOW.plus(Duration.ofDays(2)), f.links.all().get(0).expiresAt());
        assertEquals("AQ-very-secret-token", f.links.all().get(0).taskToken());
        assertEquals("fine_print", f.links.all().get(0).kind());
        assertTrue(f.mailer.sent().get(0).subject().contains("fine print"));
    }

    @Test
    void aMalformedPayloadIsRefusedAndNothingIsSent() {
        Brief b = f.submittedBrief();
        for (String field : new String[]{"taskToken", "reviewer", "kind", "subject"}) {
            ObjectNode p = payload(b);
            p.remove(field);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.request.handle(p));
            assertTrue(e.getMessage().contains(field), e.getMessage());
        }
        ObjectNode badDue = payload(b).put("dueAt", "tomorrow");
        assertThrows(IllegalArgumentException.class, () -> f.request.handle(badDue));
        ObjectNode pastDue = payload(b).put("dueAt", Fixture.NOW.minusSeconds(1).toString());
        assertThrows(IllegalArgumentException.class, () -> f.request.handle(pastDue));
        ObjectNode unknownBrief = payload(b);
        ((ObjectNode) unknownBrief.get("subject")).put("id", "nope");
        assertThrows(IllegalArgumentException.class, () -> f.request.handle(unknownBrief));

        assertTrue(f.links.all().isEmpty());
        assertTrue(f.mailer.sent().isEmpty());
    }
}
