package dam.core.brief;

import java.util.Map;

/**
 * Where a brief stands: milestones done of total, deliverables by status (all {@code planned} until assets are
 * produced against them), open review rounds (none until asset reviews are tied to briefs) and approvals still
 * awaited (the named approvers while the brief is submitted).
 */
public record BriefProgress(String briefId, long version, BriefStatus status, int milestonesDone,
                            int milestonesTotal, int deliverablesTotal, Map<String, Integer> deliverablesByStatus,
                            int openReviewRounds, int approvalsPending) {

    static BriefProgress of(Brief b) {
        int done = (int) b.milestones().stream().filter(Milestone::done).count();
        int deliverables = b.deliverables().size();
        int pending = b.status() == BriefStatus.SUBMITTED ? b.approvals().size() : 0;
        return new BriefProgress(b.id(), b.version(), b.status(), done, b.milestones().size(), deliverables,
                Map.of("planned", deliverables), 0, pending);
    }
}
