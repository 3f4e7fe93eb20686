package dam.aws;

import dam.core.notify.Mail;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SesMailerTest {

    private final List<SendEmailRequest> sent = new ArrayList<>();
    private RuntimeException failure;
    private String messageId = "0100-abc-000000";
    private final SesV2Client client = new SesV2Client() {
        @Override
        public SendEmailResponse sendEmail(SendEmailRequest r) {
            if (failure != null) {
                throw failure;
            }
            sent.add(r);
            return SendEmailResponse.builder().messageId(messageId).build();
        }

        @Override
        public String serviceName() {
            return "ses";
        }

        @Override
        public void close() {
        }
    };

    @Test
    void sendsTextAndHtmlPartsFromTheConfiguredSender() {
        String id = new SesMailer(client, "DAM <noreply@dam.test>", "dam-mail").send(new Mail(
                List.of("a@example.com", "b@example.com"), "Review “hero”", "Open https://x/review/n",
                "<p><a href=\"https://x/review/n\">Open</a></p>"));

        assertEquals("0100-abc-000000", id);
        SendEmailRequest r = sent.get(0);
        assertEquals("DAM <noreply@dam.test>", r.fromEmailAddress());
        assertEquals(List.of("a@example.com", "b@example.com"), r.destination().toAddresses());
        assertEquals("dam-mail", r.configurationSetName());
        var simple = r.content().simple();
        assertEquals("Review “hero”", simple.subject().data());
        assertEquals("UTF-8", simple.subject().charset());
        assertEquals("Open https://x/review/n", simple.body().text().data());
        assertEquals("UTF-8", simple.body().text().charset());
        assertEquals("<p><a href=\"https://x/review/n\">Open</a></p>", simple.body().html().data());
        assertNull(r.content().raw());
    }

    @Test
    void textOnlyMailHasNoHtmlPartAndNoConfigurationSetWhenUnset() {
        new SesMailer(client, "noreply@dam.test", " ").send(new Mail(List.of("a@example.com"), "s", "t"));
        SendEmailRequest r = sent.get(0);
        assertNull(r.content().simple().body().html());
        assertNull(r.configurationSetName());
    }

    @Test
    void sesErrorsPropagate() {
        failure = MessageRejectedException.builder().message("Email address is not verified.").build();
        Mail mail = new Mail(List.of("a@example.com"), "s", "t");
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> new SesMailer(client, "noreply@dam.test", null).send(mail));
        assertSame(failure, e);
        assertTrue(sent.isEmpty());
    }

    @Test
    void aResponseWithoutMessageIdIsAnError() {
        messageId = null;
        assertThrows(IllegalStateException.class, () -> new SesMailer(client, "noreply@dam.test", null)
                .send(new Mail(List.of("a@example.com"), "s", "t")));
    }

    @Test
    void senderComesFromTheEnvironment() {
        assertThrows(IllegalArgumentException.class, () -> new SesMailer(client, "", null));
        try (AwsClients aws = new AwsClients(Map.of("AWS_REGION", "us-east-1"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SesMailer.fromEnvironment(aws));
            assertTrue(e.getMessage().contains("MAIL_FROM"), e.getMessage());
        }
    }
}
