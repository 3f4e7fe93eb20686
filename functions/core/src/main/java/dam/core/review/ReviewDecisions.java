package dam.core.review;

import dam.core.ConflictException;
import dam.core.FieldError;
import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.approval.ApprovalLinkService;
import dam.core.approval.LinkResult;

import java.util.Objects;
import java.util.Optional;

/**
 * Decisions that do not come through the mailed link: a signed-in reviewer in the console, or an integration's
 * {@code Command Decide Review} naming the reviewer. Both find the reviewer's waiting slot in the running stage and
 * decide its link through {@link ApprovalLinkService#decideAs} — the same single, audited decision as the link page.
 */
public final class ReviewDecisions {

    private final ReviewService reviews;
    private final ApprovalLinkService links;

    public ReviewDecisions(ReviewService reviews, ApprovalLinkService links) {
        this.reviews = Objects.requireNonNull(reviews);
        this.links = Objects.requireNonNull(links);
    }

    /** What was decided: round, stage, and whether the waiting workflow was told now. */
    public record Decided(String assetId, int round, int version, String stage, String reviewer, String decision,
                          boolean taskAnswered) {
    }

    /**
     * @param version the version the reviewer judged (nullable from the console: the one under review); a decision
     *                for an older version is refused as superseded
     * @param via     "console" or "command" (recorded in the audit entry)
     */
    public Decided decide(String reviewer, String assetId, Integer version, String decision, String comment,
                          String via) {
        Review r = reviews.find(assetId).orElseThrow(() -> new NotFoundException("assetId", "no review of "
                + assetId));
        Round rd = r.currentRound();
        if (version != null && version != rd.version()) {
            throw new ConflictException("version", "superseded", "version " + version + " is not the one under "
                    + "review (v" + rd.version() + ")");
        }
        Optional<StageRun> running = rd.stages().stream().filter(s -> s.outcome() == Outcome.PENDING).findFirst();
        if (rd.outcome() != Outcome.PENDING || running.isEmpty()) {
            throw new ConflictException("round", FieldError.Codes.ILLEGAL_TRANSITION, "no stage of " + assetId
                    + " is waiting for decisions");
        }
        StageRun run = running.get();
        Slot slot = run.slot(reviewer).orElseThrow(() -> new ForbiddenException(reviewer
                + " is not a reviewer of the " + run.name() + " stage"));
        if (slot.linkHash() == null) {
            throw new ConflictException("stage", FieldError.Codes.ILLEGAL_TRANSITION, "the approval request to "
                    + reviewer + " is still being sent; try again in a moment");
        }
        LinkResult res = links.decideAs(slot.linkHash(), reviewer, decision, comment, via);
        if (!res.ok()) {
            String code = res.refusal().code();
            String message = res.refusal().message() + (res.detail() == null ? "" : " " + res.detail());
            switch (res.refusal()) {
                case INVALID -> throw new ValidationException(new FieldError("decision", FieldError.Codes.INVALID,
                        message));
                case WRONG_REVIEWER, BAD_CSRF -> throw new ForbiddenException(message);
                case UNKNOWN -> throw new NotFoundException("link", message);
                default -> throw new ConflictException("decision", code, message);
            }
        }
        return new Decided(assetId, rd.number(), rd.version(), run.name(), reviewer,
                res.page().decision().code(), res.taskAnswered());
    }
}
