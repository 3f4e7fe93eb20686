package dam.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dam.core.memory.RecordingTaskCallbacks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The approval functions' Lambda entry points write structured log lines and EMF metrics, and neither the task token
 * (in the request payload) nor the link's nonce or CSRF value (in the page's path and form) ever reach them.
 */
class ApprovalTelemetryTest {

    @Test
    void requestAndDecisionAreLoggedAndCountedWithoutTokensNoncesOrCsrf() throws IOException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        String taskToken;
        String nonce;
        String csrf;
        try {
            // Handlers bind stdout when built, so build them after redirecting it.
            Fixture f = new Fixture(new RecordingTaskCallbacks());
            var brief = f.submittedBrief();
            byte[] random = new byte[512];
            new SecureRandom().nextBytes(random);
            taskToken = Base64.getEncoder().encodeToString(random);
            var payload = f.json.createObjectNode();
            payload.put("taskToken", taskToken);
            payload.putObject("subject").put("type", "brief").put("id", brief.id()).put("version", brief.version());
            payload.put("reviewer", "dana@acme.example");
            payload.put("kind", "brief");
            invoke(f.request, f.json.writeValueAsBytes(payload));
            nonce = f.nonceFor("dana@acme.example");
            csrf = Fixture.csrfOf(f.get(nonce));

            JsonNode post = f.event("POST", nonce, "application/x-www-form-urlencoded",
                    "csrf=" + csrf + "&decision=approve&comment=ok");
            ((com.fasterxml.jackson.databind.node.ObjectNode) post.get("requestContext")).put("requestId", "req-77");
            JsonNode page = f.json.readTree(invoke(f.review, f.json.writeValueAsBytes(post)));
            assertEquals(200, page.get("statusCode").asInt(), page.toString());
        } finally {
            System.setOut(original);
        }

        String out = stdout.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains(taskToken.substring(0, 32)), out);
        assertFalse(out.contains(nonce), out);
        assertFalse(out.contains(csrf), out);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) {
                lines.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
            }
        }
        JsonNode sent = lines.stream().filter(l -> l.path("ApprovalRequestsSent").asDouble() == 1).findFirst()
                .orElseThrow(() -> new AssertionError("no EMF line for the request: " + out));
        assertEquals("Dam", sent.at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        assertEquals("approval", sent.get("service").asText());
        JsonNode answered = lines.stream().filter(l -> "review page answered".equals(l.path("message").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no page log line: " + out));
        assertEquals("POST", answered.get("method").asText());
        assertEquals(200, answered.get("status").asInt());
        assertEquals("req-77", answered.get("correlation_id").asText(), "the API request id, never the nonce");
        assertTrue(lines.stream().anyMatch(l -> l.path("ReviewDecisions").asDouble() == 1), out);
    }

    private static byte[] invoke(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, byte[] event)
            throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), output, null);
        return output.toByteArray();
    }
}
