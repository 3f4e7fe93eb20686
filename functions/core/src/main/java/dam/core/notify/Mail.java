package dam.core.notify;

import java.util.List;
import java.util.Objects;

/** A plain-text mail (HTML bodies, when added, are rendered from escaped text, never from user HTML). */
public record Mail(List<String> to, String subject, String textBody) {

    public Mail {
        if (to == null || to.isEmpty()) {
            throw new IllegalArgumentException("a mail needs at least one recipient");
        }
        to = List.copyOf(to);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(textBody, "textBody");
    }
}
