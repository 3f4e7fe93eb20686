package dam.core.notify;

/** Port: sends mail (SES v2 in AWS, the local outbox locally). Returns the provider's message id. */
public interface Mailer {

    String send(Mail mail);
}
