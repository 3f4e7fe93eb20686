package dam.core.review;

import dam.core.approval.ApprovalLink;
import dam.core.approval.ApprovalLinkRepository;
import dam.core.approval.TaskCallbacks;
import dam.core.notify.Mailer;

import java.util.Objects;
import java.util.Optional;

/**
 * Fires review timers: a reminder to a reviewer who has not decided before the due date, then an escalation to the
 * stage owner at the due date. Each goes out at most once per slot (recorded with its audit entry after the mail, so a
 * failed mail is retried and a repeated timer sends nothing), and beats the reviewer's waiting task.
 */
public final class ReviewNudges {

    private static final System.Logger LOG = System.getLogger(ReviewNudges.class.getName());

    private final ReviewService reviews;
    private final ApprovalLinkRepository links;
    private final TaskHeartbeats heartbeats;
    private final Mailer mailer;
    private final ReviewSettings settings;

    public ReviewNudges(ReviewService reviews, ApprovalLinkRepository links, TaskHeartbeats heartbeats, Mailer mailer,
                        ReviewSettings settings) {
        this.reviews = Objects.requireNonNull(reviews);
        this.links = Objects.requireNonNull(links);
        this.heartbeats = Objects.requireNonNull(heartbeats);
        this.mailer = Objects.requireNonNull(mailer);
        this.settings = Objects.requireNonNull(settings);
    }

    /** @return "sent", or why nothing was sent ("decided", "already sent", "unknown") */
    public String fire(ReviewTimers.Timer t) {
        boolean remind = ReviewTimers.REMIND.equals(t.kind());
        if (!remind && !ReviewTimers.ESCALATE.equals(t.kind())) {
            throw new IllegalArgumentException("timer kind is remind or escalate, got " + t.kind());
        }
        Optional<Review> found = reviews.find(t.assetId());
        Optional<Round> round = found.flatMap(r -> r.round(t.round()));
        Optional<StageRun> run = round.flatMap(r -> r.stage(t.stage()));
        Optional<Slot> slot = run.flatMap(s -> s.slot(t.reviewer()));
        if (slot.isEmpty()) {
            return "unknown";
        }
        if (!slot.get().waiting() || run.get().outcome() != Outcome.PENDING
                || round.get().outcome() != Outcome.PENDING) {
            return "decided";
        }
        if (remind ? slot.get().reminded() : slot.get().escalated()) {
            return "already sent";
        }
        Review r = found.get();
        Optional<ApprovalLink> link = slot.get().linkHash() == null ? Optional.empty()
                : links.find(slot.get().linkHash());
        mailer.send(remind ? ReviewMail.reminder(r, run.get(), slot.get(), link.map(ApprovalLink::issuedAt)
                .orElse(run.get().startedAt()), settings.publicBaseUrl())
                : ReviewMail.escalation(r, round.get(), run.get(), slot.get(), settings.publicBaseUrl()));
        reviews.mutate(t.assetId(), "timer", remind ? "review.reminded" : "review.escalated", current -> {
            Round rd = current.round(t.round()).orElseThrow();
            StageRun sr = rd.stage(t.stage()).orElseThrow();
            Slot s = sr.slot(t.reviewer()).orElseThrow();
            if (remind ? s.reminded() : s.escalated()) {
                return null;
            }
            return new ReviewService.Change(current.withRound(rd.withStage(sr.withSlot(t.reviewer(),
                    x -> remind ? x.remindedNow() : x.escalatedNow()))), "round=" + t.round() + " stage=" + t.stage()
                    + " reviewer=" + t.reviewer() + (remind ? "" : " owner=" + sr.owner()) + " due=" + sr.dueAt());
        });
        link.ifPresent(l -> {
            try {
                heartbeats.beat(l.taskToken());
            } catch (TaskCallbacks.TaskGoneException e) {
                LOG.log(System.Logger.Level.INFO, "{0} for {1}: its wait is already over ({2})", t.kind(),
                        t.reviewer(), e.getMessage());
            }
        });
        return "sent";
    }
}
