package dam.core.brief;

import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ValidationException;
import dam.core.notify.Mail;
import dam.core.notify.Mailer;
import dam.core.notify.NotificationLedger;
import dam.core.notify.Reminder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sends a milestone reminder when its schedule fires (issue 5). The schedule only says what it was planned for, so the
 * brief is read again: a reminder whose brief is gone or closed, whose milestone was removed or done, or whose due
 * date has moved since, is stale and sends nothing (moved dates have their own, re-planned schedule). A current one is
 * mailed to the milestone's owner exactly once per schedule and due date, whatever the number of invocations: the
 * ledger is claimed before sending (see {@link NotificationLedger}). Callers log the {@link Outcome}.
 */
public final class MilestoneReminderService {

    /** Ledger entries outlive the due date by this much: far beyond any retry or duplicate delivery. */
    static final Duration KEEP_AFTER_DUE = Duration.ofDays(30);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final System.Logger LOG = System.getLogger(MilestoneReminderService.class.getName());

    public enum Status { SENT, DUPLICATE, STALE }

    /** What happened; {@code reason} explains a stale or duplicate reminder, {@code messageId} is the mailer's id. */
    public record Outcome(Status status, String reason, String messageId) {
    }

    private final BriefRepository briefs;
    private final Mailer mailer;
    private final NotificationLedger ledger;
    private final Clock clock;
    private final String publicBaseUrl;

    /** @param publicBaseUrl the API/console origin links point at, e.g. {@code https://dam.example.com} */
    public MilestoneReminderService(BriefRepository briefs, Mailer mailer, NotificationLedger ledger, Clock clock,
                                    String publicBaseUrl) {
        this.briefs = Objects.requireNonNull(briefs);
        this.mailer = Objects.requireNonNull(mailer);
        this.ledger = Objects.requireNonNull(ledger);
        this.clock = Objects.requireNonNull(clock);
        if (publicBaseUrl == null || !publicBaseUrl.matches("https?://\\S+")) {
            throw new IllegalArgumentException("public base URL must be an http(s) URL, got " + publicBaseUrl);
        }
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    }

    /** The ledger key: one email per schedule and due date (a moved-and-moved-back date is the same reminder). */
    static String ledgerKey(Reminder r) {
        return "REMINDER#" + ReminderPlanner.scheduleName(r.briefId(), r.milestoneId(), r.kind()) + "#" + r.dueDate();
    }

    /**
     * @throws ValidationException when the reminder lacks what is needed to find its milestone (a malformed schedule
     *                             input: never retried into success, so it is reported rather than skipped)
     */
    public Outcome remind(Reminder reminder) {
        validate(reminder);
        Optional<Brief> found = briefs.find(reminder.briefId());
        if (found.isEmpty()) {
            return stale("brief " + reminder.briefId() + " no longer exists");
        }
        Brief brief = found.get();
        if (brief.status() == BriefStatus.CLOSED) {
            return stale("brief is closed");
        }
        Optional<Milestone> milestone = brief.milestones().stream()
                .filter(m -> m.id().equals(reminder.milestoneId())).findFirst();
        if (milestone.isEmpty()) {
            return stale("milestone " + reminder.milestoneId() + " was removed");
        }
        Milestone m = milestone.get();
        if (m.done()) {
            return stale("milestone is done");
        }
        if (!m.dueDate().equals(reminder.dueDate())) {
            return stale("due date moved from " + reminder.dueDate() + " to " + m.dueDate());
        }
        if (!EMAIL.matcher(m.owner()).matches()) {
            // Owners are user ids; where those are not addresses a directory lookup belongs here. Until then: say so.
            LOG.log(System.Logger.Level.WARNING, "reminder {0}: owner {1} has no email address, nothing sent",
                    ledgerKey(reminder), m.owner());
            return stale("owner " + m.owner() + " is not an email address");
        }

        String key = ledgerKey(reminder);
        Instant keepUntil = later(clock.instant(), m.dueDate().atStartOfDay().toInstant(ZoneOffset.UTC))
                .plus(KEEP_AFTER_DUE);
        if (!ledger.claim(key, keepUntil)) {
            return new Outcome(Status.DUPLICATE, "already sent", null);
        }
        ReminderMail content = ReminderMail.render(reminder.kind(), brief, m, publicBaseUrl);
        String messageId;
        try {
            messageId = mailer.send(new Mail(List.of(m.owner()), content.subject(), content.text(), content.html()));
        } catch (RuntimeException e) {
            ledger.release(key); // not sent: let the retry send it
            throw e;
        }
        return new Outcome(Status.SENT, null, messageId);
    }

    private static Outcome stale(String reason) {
        return new Outcome(Status.STALE, reason, null);
    }

    private static void validate(Reminder r) {
        if (r == null) {
            throw new ValidationException(new FieldError("$", Codes.REQUIRED, "no reminder given"));
        }
        List<FieldError> errors = new ArrayList<>();
        if (!Reminder.MILESTONE_DUE.equals(r.kind()) && !Reminder.MILESTONE_T_MINUS_2D.equals(r.kind())) {
            errors.add(new FieldError("kind", r.kind() == null ? Codes.REQUIRED : Codes.UNKNOWN_VALUE,
                    "kind must be " + Reminder.MILESTONE_T_MINUS_2D + " or " + Reminder.MILESTONE_DUE));
        }
        if (r.briefId() == null || r.briefId().isBlank()) {
            errors.add(new FieldError("briefId", Codes.REQUIRED, "briefId is required"));
        }
        if (r.milestoneId() == null || r.milestoneId().isBlank()) {
            errors.add(new FieldError("milestoneId", Codes.REQUIRED, "milestoneId is required"));
        }
        if (r.dueDate() == null) {
            errors.add(new FieldError("dueDate", Codes.REQUIRED, "dueDate is required"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
