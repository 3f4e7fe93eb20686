package dam.core.review;

import dam.core.ConflictException;
import dam.core.ForbiddenException;
import dam.core.ValidationException;
import dam.core.approval.ApprovalLinkService;
import dam.core.approval.LinkResult;
import dam.core.approval.Refusal;
import dam.core.audit.AuditEntry;
import dam.core.brief.Brief;
import dam.core.notify.Mail;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewServiceTest {

    static final String ANN = "ann@acme.example";
    static final String BEN = "ben@acme.example";
    static final String LEO = "leo@acme.example";
    static final String CORA = "cora@acme.example";

    final ReviewFixture f = new ReviewFixture();

    /** Brand: Ann and Ben (all); legal: Leo (health claims need legal approval). */
    String brandAndLegal() {
        Brief b = f.brief(List.of(ANN + ":reviewer", BEN + ":manager", LEO + ":legal", CORA + ":creator"),
                List.of("health"));
        return f.asset(b.id());
    }

    @Test
    void setupFromTheBriefAddsTheLegalStageOnlyWhenItsDisclaimersRequireIt() {
        ReviewSetup setup = new ReviewSetup(f.settings);
        Brief legal = f.brief(List.of(ANN + ":reviewer", LEO + ":legal", "sam@acme.example:approver"),
                List.of("health"));
        assertEquals(List.of("brand", "legal", "stakeholder"), setup.fromBrief(legal).stream().map(StageSpec::name)
                .toList());
        assertEquals("any", setup.fromBrief(legal).get(2).rule().code());
        Brief plain = f.brief(List.of(ANN + ":reviewer", LEO + ":legal"), List.of());
        assertEquals(List.of("brand"), setup.fromBrief(plain).stream().map(StageSpec::name).toList());
        Brief noLawyer = f.brief(List.of(ANN + ":reviewer"), List.of("health"));
        ValidationException e = assertThrows(ValidationException.class, () -> setup.fromBrief(noLawyer));
        assertTrue(e.errors().get(0).message().contains("names no legal reviewer"));
    }

    @Test
    void aRoundRunsItsStagesInSequenceAndApprovesTheVersion() {
        String a = brandAndLegal();
        assertEquals(ReviewService.Opened.STARTED, f.service.open(a, 1, null).action());
        assertEquals(ReviewService.Opened.DUPLICATE, f.service.open(a, 1, null).action(), "same event twice");

        ReviewService.Plan brand = f.service.planStage(a, 1);
        assertEquals("brand", brand.stage().name());
        assertEquals(List.of(ANN, BEN), brand.stage().slots().stream().map(Slot::reviewer).toList());
        assertEquals(ReviewFixture.NOW.plus(Duration.ofDays(3)), brand.stage().dueAt());
        assertEquals(brand.stage().startedAt(), f.service.planStage(a, 1).stage().startedAt(), "a retry re-plans");
        Map<String, String> n = f.request(brand);
        assertEquals(2, f.timers.values().stream().filter(t -> t.timer().stage().equals("brand")
                && t.timer().kind().equals("escalate")).count());

        assertTrue(f.decide(n.get(ANN), "approve", null).ok());
        assertEquals(Outcome.PENDING, f.service.find(a).orElseThrow().currentRound().stage("brand").orElseThrow()
                .evaluate(), "all: Ben still to decide");
        assertTrue(f.decide(n.get(BEN), "approve", "Looks right").ok());
        assertEquals(Outcome.APPROVED, f.service.closeStage(a, 1, "brand", f.votes(brand)));

        ReviewService.Plan legal = f.service.planStage(a, 1);
        assertEquals("legal", legal.stage().name());
        assertTrue(f.decide(f.request(legal).get(LEO), "approve", null).ok());
        assertEquals(Outcome.APPROVED, f.service.closeStage(a, 1, "legal", f.votes(legal)));

        ReviewService.Plan done = f.service.planStage(a, 1);
        assertTrue(done.done());
        assertEquals(Outcome.APPROVED, f.service.closeRound(a, 1));
        assertEquals(ReviewStatus.APPROVED, f.service.find(a).orElseThrow().status());
        var approved = f.events.ofType(ReviewEvents.ASSET_APPROVED);
        assertEquals(1, approved.size());
        ReviewEvents.AssetApproved d = (ReviewEvents.AssetApproved) approved.get(0).detail();
        assertEquals(ReviewFixture.sha(1), d.contentSha256());
        assertEquals(3, d.approvals().size());
        assertEquals(1, f.events.ofType(ReviewEvents.ROUND_CLOSED).size());
        assertTrue(f.audit.verify(a).intact());
    }

    @Test
    void anyStageSettlesOnTheFirstApprovalAndReleasesTheOthers() {
        Brief b = f.brief(List.of(ANN + ":approver", BEN + ":owner"), List.of());
        String a = f.asset(b.id());
        f.service.open(a, 1, null);
        ReviewService.Plan p = f.service.planStage(a, 1);
        assertEquals("stakeholder", p.stage().name());
        Map<String, String> n = f.request(p);

        assertTrue(f.decide(n.get(BEN), "approve", null).ok());
        assertEquals("none", f.vote(ANN, 1).decision(), "Ann's wait was released");
        assertTrue(f.callbacks.answers().stream().anyMatch(x -> x.token().equals(ReviewFixture.token(ANN, 1))
                && x.output().contains("\"closed\":true")));
        LinkResult late = f.linkService.view(n.get(ANN));
        assertEquals(Refusal.CLOSED, late.refusal(), "her link refuses: the stage is settled");
        assertEquals(Outcome.APPROVED, f.service.closeStage(a, 1, "stakeholder", f.votes(p)));
        assertTrue(f.chain().stream().anyMatch(e -> e.action().equals("approval.refused")
                && e.detail().startsWith("reason=closed")));
    }

    @Test
    void quorumStageWaitsForItsCount() {
        String a = f.asset(f.brief(List.of(ANN + ":reviewer"), List.of()).id());
        StageSpec three = new StageSpec("brand", StageRule.quorum(2), List.of(ANN, BEN, LEO), "alice@acme.example",
                Duration.ofDays(2));
        f.service.open(a, 1, List.of(three));
        ReviewService.Plan p = f.service.planStage(a, 1);
        Map<String, String> n = f.request(p);
        f.decide(n.get(ANN), "approve", null);
        f.decide(n.get(BEN), "changes", "Logo too small");
        assertTrue(f.linkService.view(n.get(LEO)).ok(), "Leo's approval can still make the quorum");
        f.decide(n.get(LEO), "approve", null);
        assertEquals(Outcome.APPROVED, f.service.closeStage(a, 1, "brand", f.votes(p)));
    }

    @Test
    void changesRequestedWaitForAnsweredPointsAndTheNextVersion() {
        String a = brandAndLegal();
        f.service.open(a, 1, null);
        ReviewService.Plan p = f.service.planStage(a, 1);
        Map<String, String> n = f.request(p);
        Annotation logo = f.service.annotate(ANN, a, 1, Anchor.region(0.1, 0.1, 0.2, 0.1), "Logo is cut off");
        Annotation claim = f.service.annotate(ANN, a, 1, Anchor.region(0.5, 0.8, 0.4, 0.1), "Disclaimer too small");
        f.service.reply(CORA, a, logo.id(), "Which edge?");
        assertTrue(f.decide(n.get(ANN), "changes", "See my two points").ok());
        assertEquals(Refusal.CLOSED, f.linkService.view(n.get(BEN)).refusal(), "all can no longer be met");

        assertEquals(Outcome.CHANGES_REQUESTED, f.service.closeStage(a, 1, "brand", f.votes(p)));
        assertTrue(f.service.planStage(a, 1).done(), "legal does not run after changes");
        assertEquals(Outcome.CHANGES_REQUESTED, f.service.closeRound(a, 1));
        Mail toCreator = f.mailer.sent().get(f.mailer.sent().size() - 1);
        assertEquals(List.of(CORA), toCreator.to());
        assertTrue(toCreator.textBody().contains("Logo is cut off") && toCreator.textBody().contains("See my two"));

        f.service.awaitVersion(a, 1, "resume-token");
        f.ready(a, 2);
        ReviewService.Opened waiting = f.service.open(a, 2, null);
        assertEquals(ReviewService.Opened.WAITING, waiting.action());
        assertEquals("2 point(s) of round 1 still need the creator's answer", waiting.reason());

        assertThrows(ForbiddenException.class, () -> f.service.answer(ANN, a, logo.id(), "accept", null));
        assertThrows(ValidationException.class, () -> f.service.answer(CORA, a, claim.id(), "object", " "));
        f.service.answer(CORA, a, logo.id(), "accept", null);
        assertTrue(f.callbacks.answers().stream().noneMatch(x -> x.token().equals("resume-token")));
        f.service.answer(CORA, a, claim.id(), "object", "Legal asked for this size");

        var resumed = f.callbacks.answers().stream().filter(x -> x.token().equals("resume-token")).toList();
        assertEquals(1, resumed.size());
        assertTrue(resumed.get(0).output().contains("\"round\":2") && resumed.get(0).output().contains("\"version\":2"));
        Review r = f.service.find(a).orElseThrow();
        assertEquals(ReviewStatus.IN_REVIEW, r.status());
        assertNull(r.resumeToken(), "the token is dropped once used");
        assertEquals(2, r.currentRound().version());
        assertEquals(Refusal.SUPERSEDED, f.linkService.view(n.get(BEN)).refusal(), "v1 links after v2");
        assertEquals(ReviewService.Opened.DUPLICATE, f.service.open(a, 2, null).action());

        // Round 2's confirm page shows what round 1 said.
        ReviewService.Plan p2 = f.service.planStage(a, 2);
        Map<String, String> n2 = f.request(p2);
        LinkResult page = f.linkService.view(n2.get(BEN));
        var previous = page.page().current().sections().stream().filter(s -> s.heading().startsWith("Previous"))
                .findFirst().orElseThrow();
        assertTrue(previous.lines().contains("brand — ann@acme.example (changes): See my two points"));
        assertTrue(previous.lines().stream().anyMatch(l -> l.contains("Disclaimer too small")
                && l.contains("creator: object (Legal asked for this size)")));
        assertTrue(page.page().current().sections().stream().anyMatch(s -> s.heading().equals("Brief objectives")));
        assertTrue(f.audit.verify(a).intact());
        List<String> actions = f.chain().stream().map(AuditEntry::action).toList();
        for (String expected : List.of("review.started", "approval.requested", "approval.viewed", "approval.decided",
                "review.annotation.added", "review.annotation.replied", "review.annotation.answered",
                "review.round.closed", "review.resubmitted", "approval.refused")) {
            assertTrue(actions.contains(expected), expected + " in " + actions);
        }
    }

    @Test
    void consoleDecisionsGoThroughTheReviewersLink() {
        String a = brandAndLegal();
        f.service.open(a, 1, null);
        f.request(f.service.planStage(a, 1));
        assertThrows(ForbiddenException.class, () -> f.decisions.decide(LEO, a, null, "approve", null, "console"),
                "Leo reviews legal, not brand");
        ReviewDecisions.Decided d = f.decisions.decide(ANN, a, 1, "approve", null, "console");
        assertEquals("brand", d.stage());
        assertTrue(d.taskAnswered());
        ConflictException again = assertThrows(ConflictException.class,
                () -> f.decisions.decide(ANN, a, 1, "reject", "no", "command"));
        assertEquals("already_decided", again.errors().get(0).code());
        assertThrows(ValidationException.class, () -> f.decisions.decide(BEN, a, 1, "changes", "", "console"));
        assertThrows(ConflictException.class, () -> f.decisions.decide(BEN, a, 7, "approve", null, "command"));
        assertTrue(f.chain().stream().anyMatch(e -> e.action().equals("approval.decided")
                && e.detail().contains("via=console")));
    }

    @Test
    void overdueReviewersAreRemindedOnceThenEscalatedToTheStageOwner() {
        String a = brandAndLegal();
        f.service.open(a, 1, null);
        Map<String, String> n = f.request(f.service.planStage(a, 1));
        f.decide(n.get(ANN), "approve", null);
        var remindBen = f.timers.values().stream().filter(t -> t.timer().reviewer().equals(BEN)
                && t.timer().kind().equals("remind")).findFirst().orElseThrow();
        assertEquals(ReviewFixture.NOW.plus(Duration.ofDays(2)), remindBen.at());
        int before = f.mailer.sent().size();
        assertEquals("sent", f.nudges.fire(remindBen.timer()));
        assertEquals("already sent", f.nudges.fire(remindBen.timer()), "a repeated timer sends nothing");
        Mail reminder = f.mailer.sent().get(before);
        assertEquals(List.of(BEN), reminder.to());
        assertFalse(reminder.textBody().contains("/review/"), "no nonce outside the request mail");
        var escalateBen = f.timers.values().stream().filter(t -> t.timer().reviewer().equals(BEN)
                && t.timer().kind().equals("escalate")).findFirst().orElseThrow();
        assertEquals("sent", f.nudges.fire(escalateBen.timer()));
        assertEquals(List.of("alice@acme.example"), f.mailer.sent().get(before + 1).to());
        assertEquals(List.of(ReviewFixture.token(BEN, 1), ReviewFixture.token(BEN, 1)), f.heartbeats);
        var remindAnn = f.timers.values().stream().filter(t -> t.timer().reviewer().equals(ANN)
                && t.timer().kind().equals("remind")).findFirst().orElseThrow();
        assertEquals("decided", f.nudges.fire(remindAnn.timer()));
        assertEquals(before + 2, f.mailer.sent().size());
        assertTrue(f.chain().stream().anyMatch(e -> e.action().equals("review.escalated")));
    }

    @Test
    void onlyParticipantsAnnotateAndOnlyReviewedVersions() {
        String a = brandAndLegal();
        f.service.open(a, 1, null);
        assertThrows(ForbiddenException.class, () -> f.service.annotate("eve@evil.example", a, 1, Anchor.NONE, "hi"));
        assertThrows(ValidationException.class, () -> f.service.annotate(ANN, a, 9, Anchor.NONE, "hi"));
        assertThrows(ValidationException.class, () -> f.service.annotate(ANN, a, 1, Anchor.page(3), "  "));
        Annotation x = f.service.annotate(ANN, a, 1, Anchor.time(12.5, null), "Jump cut");
        Annotation resolved = f.service.resolve(BEN, a, x.id(), true);
        assertTrue(resolved.resolved());
        assertFalse(f.service.resolve(ANN, a, x.id(), false).resolved());
        assertEquals(3, f.reviewRepo.annotation(a, x.id()).orElseThrow().revision());
    }

    @Test
    void anyPathToTheSameLinkDecidesExactlyOnce() throws Exception {
        String a = brandAndLegal();
        f.service.open(a, 1, null);
        Map<String, String> n = f.request(f.service.planStage(a, 1));
        String csrf = f.linkService.view(n.get(ANN)).page().csrf();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int k = i;
                results.add(pool.submit(() -> k % 2 == 0
                        ? f.linkService.decide(n.get(ANN), csrf, "approve", null, null).ok()
                        : okOrConflict(() -> f.decisions.decide(ANN, a, 1, "approve", null, "console"))));
            }
            int wins = 0;
            for (var r : results) {
                wins += r.get() ? 1 : 0;
            }
            assertEquals(1, wins);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, f.chain().stream().filter(e -> e.action().equals("approval.decided")).count());
        assertEquals(1, f.chain().stream().filter(e -> e.action().equals("review.vote")).count());
        assertTrue(f.audit.verify(a).intact());
    }

    private static boolean okOrConflict(java.util.concurrent.Callable<?> c) throws Exception {
        try {
            c.call();
            return true;
        } catch (ConflictException e) {
            return false;
        }
    }

    @Test
    void linksForOtherSubjectsAreLeftAlone() {
        assertEquals(ApprovalLinkService.UNATTRIBUTED, "links:unknown");
        assertTrue(f.subjects.read(AssetSubjectReader.subject("nope", 1, null)).isEmpty());
    }
}
