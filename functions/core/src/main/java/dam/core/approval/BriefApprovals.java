package dam.core.approval;

import dam.core.brief.ApprovalVote;
import dam.core.brief.BriefResult;
import dam.core.brief.BriefService;
import dam.core.brief.CommentService;

import java.util.List;
import java.util.Objects;

/**
 * Applies a finished brief-approval round: the brief becomes approved, or goes back to draft and each approver's
 * comment is posted to the brief's (team-visible) discussion so the requester sees what to change.
 */
public final class BriefApprovals {

    private static final System.Logger LOG = System.getLogger(BriefApprovals.class.getName());

    private final BriefService briefs;
    private final CommentService comments;

    public BriefApprovals(BriefService briefs, CommentService comments) {
        this.briefs = Objects.requireNonNull(briefs);
        this.comments = Objects.requireNonNull(comments);
    }

    /**
     * @param roundId identifies the round (the workflow execution): a retried call applies nothing twice
     */
    public BriefResult apply(String briefId, long submittedVersion, String roundId, List<ApprovalVote> votes) {
        BriefResult r = briefs.applyApprovals(briefId, submittedVersion, roundId, votes);
        if (r.applied()) {
            for (ApprovalVote v : votes) {
                if (v.comment() != null && !v.comment().isBlank()) {
                    comments.add(briefId, v.approver(), "[" + v.kind().code() + " " + v.decision().code() + "] "
                            + v.comment(), "group", List.of());
                }
            }
        } else {
            LOG.log(System.Logger.Level.INFO, "approval round {0} of brief {1}: nothing applied (status {2})",
                    roundId, briefId, r.brief().status().code());
        }
        return r;
    }
}
