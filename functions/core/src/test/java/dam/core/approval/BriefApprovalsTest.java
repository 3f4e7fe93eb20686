package dam.core.approval;

import dam.core.ValidationException;
import dam.core.brief.ApprovalKind;
import dam.core.brief.ApprovalState;
import dam.core.brief.ApprovalVote;
import dam.core.brief.ApprovalVote.Decision;
import dam.core.brief.Brief;
import dam.core.brief.BriefInput;
import dam.core.brief.BriefResult;
import dam.core.brief.BriefService;
import dam.core.brief.BriefStatus;
import dam.core.brief.CommentService;
import dam.core.brief.CreateBriefCommand;
import dam.core.brief.DisclaimerRules;
import dam.core.brief.UpdateBriefCommand;
import dam.core.memory.InMemoryBriefRepository;
import dam.core.memory.InMemoryCommentRepository;
import dam.core.memory.InMemoryReminderScheduler;
import dam.core.memory.RecordingEventPublisher;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The brief side of approvals: named approvers, submission rules, and applying a round's outcome. */
class BriefApprovalsTest {

    final InMemoryBriefRepository repo = new InMemoryBriefRepository();
    final InMemoryCommentRepository commentRepo = new InMemoryCommentRepository();
    final RecordingEventPublisher events = new RecordingEventPublisher();
    final Clock clock = Clock.fixed(ApprovalLinkServiceTest.NOW, ZoneOffset.UTC);
    final AtomicInteger ids = new AtomicInteger();
    final BriefService briefs = new BriefService(repo, events, new InMemoryReminderScheduler(), clock,
            () -> "b" + ids.incrementAndGet(), DisclaimerRules.defaults());
    final CommentService comments = new CommentService(repo, commentRepo, clock, () -> "c" + ids.incrementAndGet());
    final BriefApprovals approvals = new BriefApprovals(briefs, comments);

    static BriefInput input(List<BriefInput.ApproverInput> approvers) {
        return new BriefInput("Autumn launch", List.of("Awareness"), null, null, List.of("web"), List.of("DE"),
                List.of(), List.of(), new BriefInput.BrandInput("Acme", null), "alice", "2026-09-01", List.of(),
                List.of(), List.of(), new BriefInput.BudgetInput("EUR", List.of(
                new BriefInput.BudgetLineInput(null, "Shoot", new BigDecimal("5000")))), List.of(), approvers);
    }

    static final List<BriefInput.ApproverInput> NAMED = List.of(
            new BriefInput.ApproverInput("brief", "Dana@Acme.example"),
            new BriefInput.ApproverInput("budget", "fin@acme.example"));

    Brief submitted() {
        Brief b = briefs.create(new CreateBriefCommand(null, "alice", input(NAMED))).brief();
        return briefs.transition(b.id(), 1, BriefStatus.SUBMITTED, "alice", null).brief();
    }

    @Test
    void approversAreValidatedAndNormalised() {
        Brief b = briefs.create(new CreateBriefCommand(null, "alice", input(NAMED))).brief();
        assertEquals("dana@acme.example", b.approvers(ApprovalKind.BRIEF).get(0).approver());
        assertTrue(b.isTeamMember("fin@acme.example"), "approvers join the discussion");

        ValidationException e = assertThrows(ValidationException.class, () -> briefs.create(
                new CreateBriefCommand(null, "alice", input(List.of(
                        new BriefInput.ApproverInput("legal", "x@acme.example"),
                        new BriefInput.ApproverInput("brief", "not-an-email"),
                        new BriefInput.ApproverInput("brief", "a@acme.example"),
                        new BriefInput.ApproverInput("brief", "A@acme.example"))))));
        assertEquals(List.of("approvals[0].kind", "approvals[1].approver", "approvals[3]"),
                e.errors().stream().map(x -> x.field()).toList());
        assertEquals(1, repo.size(), "nothing of the bad brief was stored");
    }

    @Test
    void aBudgetApproverNeedsABudget() {
        BriefInput noBudget = new BriefInput("t", null, null, null, List.of("web"), List.of("DE"), null, null,
                new BriefInput.BrandInput("Acme", null), "alice", "2026-09-01", null, null, null, null, null,
                List.of(new BriefInput.ApproverInput("budget", "fin@acme.example")));
        ValidationException e = assertThrows(ValidationException.class,
                () -> briefs.create(new CreateBriefCommand(null, "alice", noBudget)));
        assertEquals("approvals[0].kind", e.errors().get(0).field());
    }

    @Test
    void submittingNeedsANamedApproverAndPutsTheBudgetUpForApproval() {
        Brief none = briefs.create(new CreateBriefCommand(null, "alice", input(List.of()))).brief();
        ValidationException e = assertThrows(ValidationException.class,
                () -> briefs.transition(none.id(), 1, BriefStatus.SUBMITTED, "alice", null));
        assertEquals("approvals", e.errors().get(0).field());
        assertEquals(BriefStatus.DRAFT, repo.find(none.id()).orElseThrow().status());

        Brief s = submitted();
        assertEquals(BriefStatus.SUBMITTED, s.status());
        assertEquals(ApprovalState.PENDING, s.budget().approval());
        assertEquals(1, events.ofType("Brief Submitted").size());
    }

    @Test
    void everyApproverApprovingApprovesTheBriefAndItsBudget() {
        Brief s = submitted();

        BriefResult r = approvals.apply(s.id(), s.version(), "exec-1", List.of(
                new ApprovalVote(ApprovalKind.BRIEF, "dana@acme.example", Decision.APPROVE, ""),
                new ApprovalVote(ApprovalKind.BUDGET, "fin@acme.example", Decision.APPROVE, "fine")));

        assertTrue(r.applied());
        assertEquals(BriefStatus.APPROVED, r.brief().status());
        assertEquals(ApprovalState.APPROVED, r.brief().budget().approval());
        assertEquals(1, events.ofType("Brief Approved").size());
        var audit = briefs.audit(s.id());
        assertEquals("brief.approvals.approved", audit.get(audit.size() - 1).action());
        assertTrue(audit.get(audit.size() - 1).detail().contains("budget:fin@acme.example=approve"));

        BriefResult replay = approvals.apply(s.id(), s.version(), "exec-1", List.of(
                new ApprovalVote(ApprovalKind.BRIEF, "dana@acme.example", Decision.APPROVE, "")));
        assertFalse(replay.applied());
        assertEquals(1, events.ofType("Brief Approved").size());
        assertEquals(1, comments.list(s.id(), "alice").size(), "only the one comment, posted once");
    }

    @Test
    void changesRequestedSendTheBriefBackToDraftWithTheComments() {
        Brief s = submitted();

        BriefResult r = approvals.apply(s.id(), s.version(), "exec-2", List.of(
                new ApprovalVote(ApprovalKind.BRIEF, "dana@acme.example", Decision.CHANGES, "Sharper key message"),
                new ApprovalVote(ApprovalKind.BUDGET, "fin@acme.example", Decision.REJECT, "Too expensive")));

        assertEquals(BriefStatus.DRAFT, r.brief().status());
        assertEquals(ApprovalState.REJECTED, r.brief().budget().approval());
        assertTrue(events.ofType("Brief Approved").isEmpty());
        assertEquals(List.of("[brief changes] Sharper key message", "[budget reject] Too expensive"),
                comments.list(s.id(), "alice").stream().map(c -> c.body()).toList());
        assertEquals("dana@acme.example", comments.list(s.id(), "alice").get(0).author());
    }

    @Test
    void noDecisionInTimeIsNotApproval() {
        Brief s = submitted();
        BriefResult r = approvals.apply(s.id(), s.version(), "exec-3", List.of(
                new ApprovalVote(ApprovalKind.BRIEF, "dana@acme.example", Decision.APPROVE, null),
                new ApprovalVote(ApprovalKind.BUDGET, "fin@acme.example", Decision.NONE, null)));
        assertEquals(BriefStatus.DRAFT, r.brief().status());
        assertEquals(ApprovalState.NOT_SUBMITTED, r.brief().budget().approval());
    }

    @Test
    void editingASubmittedBriefWithdrawsItAndTheLateRoundIsLeftAlone() {
        Brief s = submitted();
        assertEquals(ApprovalState.PENDING, s.budget().approval());
        Brief edited = briefs.update(new UpdateBriefCommand(null, "alice", s.id(), s.version(),
                new BriefInput("Autumn launch v2", null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null))).brief();
        assertEquals(BriefStatus.DRAFT, edited.status(), "changed under the approvers: back to draft at once");
        assertEquals(ApprovalState.NOT_SUBMITTED, edited.budget().approval(), "the pending budget approval lapses");
        var audit = briefs.audit(s.id());
        assertTrue(audit.get(audit.size() - 1).detail().endsWith("withdrawn from approval (submitted->draft)"));

        BriefResult r = approvals.apply(s.id(), s.version(), "exec-4", List.of(
                new ApprovalVote(ApprovalKind.BRIEF, "dana@acme.example", Decision.APPROVE, null)));
        assertFalse(r.applied(), "a draft brief is not out for approval");
        assertEquals(BriefStatus.DRAFT, r.brief().status());
        assertEquals(edited.version(), r.brief().version());
    }

    @Test
    void aLateRoundDoesNotOverruleTheRoundOfAResubmission() {
        Brief s = submitted();
        Brief edited = briefs.update(new UpdateBriefCommand(null, "alice", s.id(), s.version(),
                new BriefInput("Autumn launch v2", null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null))).brief();
        Brief again = briefs.transition(s.id(), edited.version(), BriefStatus.SUBMITTED, "alice", null).brief();

        // The first round ends late (its links were superseded, its tasks timed out): nothing happens.
        BriefResult late = approvals.apply(s.id(), s.version(), "exec-old", List.of(
                new ApprovalVote(ApprovalKind.BRIEF, "dana@acme.example", Decision.NONE, null)));
        assertFalse(late.applied());
        assertEquals(BriefStatus.SUBMITTED, late.brief().status());
        assertEquals(again.version(), late.brief().version());

        // The current round decides.
        BriefResult current = approvals.apply(s.id(), again.version(), "exec-new", List.of(
                new ApprovalVote(ApprovalKind.BRIEF, "dana@acme.example", Decision.APPROVE, null),
                new ApprovalVote(ApprovalKind.BUDGET, "fin@acme.example", Decision.APPROVE, null)));
        assertTrue(current.applied());
        assertEquals(BriefStatus.APPROVED, current.brief().status());
        assertEquals(ApprovalState.APPROVED, current.brief().budget().approval());
    }

    @Test
    void aSubmissionChangedWithoutAnEditStillGoesBackToDraft() {
        Brief s = submitted();
        // A budget decision outside the round changes the version but is no content edit: the brief stays submitted.
        Brief decided = briefs.decideBudget(s.id(), s.version(), "fin@acme.example", ApprovalState.APPROVED).brief();
        assertEquals(BriefStatus.SUBMITTED, decided.status());
        BriefResult r = approvals.apply(s.id(), s.version(), "exec-6", List.of(
                new ApprovalVote(ApprovalKind.BRIEF, "dana@acme.example", Decision.APPROVE, null)));
        assertTrue(r.applied());
        assertEquals(BriefStatus.DRAFT, r.brief().status(), "what was approved is no longer what is there");
        var audit = briefs.audit(s.id());
        assertTrue(audit.get(audit.size() - 1).detail().startsWith("changed during approval"));
    }
}
