package dam.core.memory;

import dam.core.notify.Mail;
import dam.core.notify.Mailer;

import java.util.ArrayList;
import java.util.List;

/** {@link Mailer} that keeps every mail it was given, in order; {@link #failNext} makes the next send throw. */
public final class RecordingMailer implements Mailer {

    private final List<Mail> sent = new ArrayList<>();
    private RuntimeException nextFailure;

    @Override
    public synchronized String send(Mail mail) {
        if (nextFailure != null) {
            RuntimeException e = nextFailure;
            nextFailure = null;
            throw e;
        }
        sent.add(mail);
        return "msg-" + sent.size();
    }

    /** The next {@link #send} throws {@code failure} and records nothing (a mail service outage). */
    public synchronized void failNext(RuntimeException failure) {
        nextFailure = failure;
    }

    public synchronized List<Mail> sent() {
        return List.copyOf(sent);
    }
}
