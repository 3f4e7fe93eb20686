package dam.aws;

import dam.core.notify.Mail;
import dam.core.notify.Mailer;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

import java.util.Objects;

/**
 * {@link Mailer} on SES v2 SendEmail (Simple content: UTF-8 subject, text part, HTML part when the mail has one).
 * Env: {@code MAIL_FROM} (the verified sender, e.g. {@code DAM <noreply@example.com>}) and optionally
 * {@code SES_CONFIGURATION_SET}. Locally the endpoint is the local cloud, whose outbox keeps every message. Any SES
 * error propagates as the SDK's exception, so the caller (a Lambda) fails and is retried — nothing is swallowed.
 */
public final class SesMailer implements Mailer {

    private static final String UTF_8 = "UTF-8";

    private final SesV2Client client;
    private final String from;
    private final String configurationSet;

    /** @param configurationSet the SES configuration set, or null for none */
    public SesMailer(SesV2Client client, String from, String configurationSet) {
        this.client = Objects.requireNonNull(client, "client");
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("a sender address (MAIL_FROM) is required");
        }
        this.from = from;
        this.configurationSet = configurationSet == null || configurationSet.isBlank() ? null : configurationSet;
    }

    /** Wired from the environment: MAIL_FROM (required), SES_CONFIGURATION_SET (optional). */
    public static SesMailer fromEnvironment(AwsClients aws) {
        // Configuration first: a missing MAIL_FROM is reported as such, before any client is built.
        String from = aws.require("MAIL_FROM");
        String configurationSet = aws.optional("SES_CONFIGURATION_SET");
        return new SesMailer(aws.sesV2(), from, configurationSet);
    }

    @Override
    public String send(Mail mail) {
        Body.Builder body = Body.builder().text(utf8(mail.textBody()));
        if (mail.hasHtml()) {
            body.html(utf8(mail.htmlBody()));
        }
        SendEmailRequest request = SendEmailRequest.builder()
                .fromEmailAddress(from)
                .destination(d -> d.toAddresses(mail.to()))
                .configurationSetName(configurationSet)
                .content(c -> c.simple(m -> m.subject(utf8(mail.subject())).body(body.build())))
                .build();
        SendEmailResponse response = client.sendEmail(request);
        if (response.messageId() == null || response.messageId().isBlank()) {
            throw new IllegalStateException("SES accepted the mail to " + mail.to() + " without a message id");
        }
        return response.messageId();
    }

    private static Content utf8(String data) {
        return Content.builder().data(data).charset(UTF_8).build();
    }
}
