package dam.core.review;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Review timing and defaults: how long each stage has ({@code stageDue}), how long before that the reminder goes out,
 * how long after it links stay valid (the escalation window), and the legal reviewers used when a brief needs legal
 * approval but names none. {@code publicBaseUrl} is the console/API origin for links in mails.
 */
public record ReviewSettings(Duration stageDue, Duration reminderLead, Duration escalationGrace,
                             List<String> defaultLegalReviewers, String publicBaseUrl) {

    public ReviewSettings {
        Objects.requireNonNull(stageDue, "stageDue");
        Objects.requireNonNull(reminderLead, "reminderLead");
        Objects.requireNonNull(escalationGrace, "escalationGrace");
        defaultLegalReviewers = defaultLegalReviewers == null ? List.of() : List.copyOf(defaultLegalReviewers);
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        if (reminderLead.isNegative() || reminderLead.isZero() || reminderLead.compareTo(stageDue) >= 0 || escalationGrace.isNegative() || escalationGrace.isZero()) {
            throw new IllegalArgumentException("0 < reminderLead < stageDue and escalationGrace > 0");
        }
        publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
    }

    /** Three days per stage, reminder a day before, links valid two days past the due date. */
    public static ReviewSettings defaults(String publicBaseUrl) {
        return new ReviewSettings(Duration.ofDays(3), Duration.ofDays(1), Duration.ofDays(2), List.of(),
                publicBaseUrl);
    }
}
