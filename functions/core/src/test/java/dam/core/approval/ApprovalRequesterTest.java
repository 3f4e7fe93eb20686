package dam.core.approval;

import dam.core.testing.MutableClock;

import dam.core.memory.InMemoryApprovalLinks;
import dam.core.memory.RecordingMailer;
import dam.core.memory.RecordingTaskCallbacks;
import dam.core.notify.Mail;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApprovalRequesterTest {

    static final Instant NOW = ApprovalLinkServiceTest.NOW;
    final MutableClock clock = new MutableClock(NOW);
    final InMemoryApprovalLinks repo = new InMemoryApprovalLinks();
    final RecordingMailer mailer = new RecordingMailer();
    final Subject subject = new Subject("brief", "b1", 2, null);
    final SubjectReader reader = s -> s.equals(subject) ? Optional.of(new SubjectState(2, null,
            "<script>alert(1)</script>\r\nBcc: x@evil.example", List.of())) : Optional.empty();
    final ApprovalLinkService links = new ApprovalLinkService(repo, new RecordingTaskCallbacks(), reader, clock,
            new SecureRandom());
    final ApprovalRequester requester = new ApprovalRequester(links, reader, mailer, clock,
            "http://127.0.0.1:8080/");

    @Test
    void mailsTheReviewerALinkWhoseNonceOpensTheStoredLink() {
        var sent = requester.request(subject, "dana@acme.example", "fine_print", "secret-token", null);

        Mail mail = mailer.sent().get(0);
        assertEquals(List.of("dana@acme.example"), mail.to());
        Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:8080/review/([A-Za-z0-9_-]{43})\n").matcher(mail.textBody());
        assertTrue(m.find(), mail.textBody());
        String nonce = m.group(1);
        assertEquals(ApprovalLinkService.sha256(nonce), sent.link().nonceHash());
        assertTrue(mail.htmlBody().contains("href=\"http://127.0.0.1:8080/review/" + nonce + "\""));
        assertTrue(links.view(nonce).ok());
        assertEquals(NOW.plus(ApprovalRequester.DEFAULT_VALIDITY), sent.link().expiresAt());
        assertEquals("msg-1", sent.messageId());
        assertTrue(mail.textBody().contains("fine print"));
        for (String part : List.of(mail.subject(), mail.textBody(), mail.htmlBody())) {
            assertFalse(part.contains("secret-token"), "the task token never leaves the table");
        }
    }

    @Test
    void userTextIsEscapedInHtmlAndCannotInjectMailHeaders() {
        requester.request(subject, "dana@acme.example", "brief", "t", NOW.plus(Duration.ofDays(2)));

        Mail mail = mailer.sent().get(0);
        assertFalse(mail.htmlBody().contains("<script>"));
        assertTrue(mail.htmlBody().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(mail.subject().contains("\n") || mail.subject().contains("\r"), mail.subject());
        assertTrue(mail.textBody().contains("3 Jun 2026 10:00 UTC"));
    }

    @Test
    void aMissingSubjectIsAnErrorAndNothingIsStoredOrSent() {
        Subject gone = new Subject("brief", "nope", 1, null);
        assertThrows(IllegalArgumentException.class,
                () -> requester.request(gone, "dana@acme.example", "brief", "t", null));
        assertTrue(repo.all().isEmpty());
        assertTrue(mailer.sent().isEmpty());
    }
}
