package dam.core.approval;

import dam.core.notify.Mail;
import dam.core.notify.Mailer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Sends an approval request: issues a link for a waiting workflow task and mails the reviewer a text + HTML message
 * with {@code <publicBaseUrl>/review/<nonce>}. The nonce exists only in that mail; the task token only in the table.
 */
public final class ApprovalRequester {

    /** Links without a due date are valid this long. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final ApprovalLinkService links;
    private final SubjectReader subjects;
    private final Mailer mailer;
    private final Clock clock;
    private final String publicBaseUrl;

    public ApprovalRequester(ApprovalLinkService links, SubjectReader subjects, Mailer mailer, Clock clock,
                             String publicBaseUrl) {
        this.links = Objects.requireNonNull(links);
        this.subjects = Objects.requireNonNull(subjects);
        this.mailer = Objects.requireNonNull(mailer);
        this.clock = Objects.requireNonNull(clock);
        this.publicBaseUrl = stripSlash(Objects.requireNonNull(publicBaseUrl, "publicBaseUrl"));
    }

    /** What was sent: the link (hash, expiry…) and the mail provider's message id. No nonce, no token. */
    public record Sent(ApprovalLink link, String messageId) {
    }

    /**
     * @param dueAt when the decision is due (the link expires then); null = {@link #DEFAULT_VALIDITY} from now
     * @throws IllegalArgumentException if the subject no longer exists or the due date is not in the future
     */
    public Sent request(Subject subject, String reviewer, String kind, String taskToken, Instant dueAt) {
        SubjectState state = subjects.read(subject).orElseThrow(() -> new IllegalArgumentException(
                "subject " + subject.auditKey() + " does not exist"));
        Instant now = clock.instant();
        Instant expiresAt = dueAt != null ? dueAt : now.plus(DEFAULT_VALIDITY);
        ApprovalLinkService.Issued issued = links.issue(subject, reviewer, kind, taskToken, expiresAt);
        String url = publicBaseUrl + "/review/" + issued.nonce();
        String messageId = mailer.send(mail(reviewer, kind, state.title(), url, expiresAt));
        return new Sent(issued.link(), messageId);
    }

    static Mail mail(String reviewer, String kind, String title, String url, Instant expiresAt) {
        String what = kind.replace('_', ' ');
        String subjectLine = "Approval requested: " + oneLine(title) + " (" + what + ")";
        String text = "Hello,\n\n"
                + "you are asked to approve the " + what + " of \"" + title + "\".\n\n"
                + "Review and decide here:\n" + url + "\n\n"
                + "Opening the link changes nothing: you approve, request changes or reject on the page.\n"
                + "The link works until " + WHEN.format(expiresAt) + " and only for you; do not forward it.\n";
        String html = "<!doctype html><html><body style=\"font-family:sans-serif\">"
                + "<p>Hello,</p><p>you are asked to approve the " + Html.escape(what) + " of <strong>"
                + Html.escape(title) + "</strong>.</p>"
                + "<p><a href=\"" + Html.escape(url) + "\">Review and decide</a></p>"
                + "<p style=\"color:#555\">Opening the link changes nothing: you approve, request changes or reject on "
                + "the page. The link works until " + Html.escape(WHEN.format(expiresAt))
                + " and only for you; do not forward it.</p></body></html>";
        return new Mail(List.of(reviewer), subjectLine, text, html);
    }

    /** Mail subjects are one line: a title with line breaks must not inject headers. */
    private static String oneLine(String s) {
        String t = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return t.length() > 120 ? t.substring(0, 120) + "…" : t;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
