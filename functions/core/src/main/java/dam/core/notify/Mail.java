package dam.core.notify;

import java.util.List;
import java.util.Objects;

/**
 * A mail with a text part and, optionally, an HTML part. Callers build {@code htmlBody} from escaped text — never
 * from user-supplied HTML — and keep the text part complete on its own (links included), since mail clients and the
 * local outbox may show only that.
 *
 * @param htmlBody the HTML alternative, or null for a text-only mail
 */
public record Mail(List<String> to, String subject, String textBody, String htmlBody) {

    public Mail {
        if (to == null || to.isEmpty()) {
            throw new IllegalArgumentException("a mail needs at least one recipient");
        }
        to = List.copyOf(to);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(textBody, "textBody");
    }

    /** A text-only mail. */
    public Mail(List<String> to, String subject, String textBody) {
        this(to, subject, textBody, null);
    }

    public boolean hasHtml() {
        return htmlBody != null;
    }
}
