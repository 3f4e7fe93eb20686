package dam.core.approval;

import dam.core.testing.MutableClock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.memory.InMemoryApprovalLinks;
import dam.core.memory.RecordingTaskCallbacks;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApprovalLinkServiceTest {

    static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    static final String TOKEN = "task-token-secret-1";

    final MutableClock clock = new MutableClock(NOW);
    final InMemoryApprovalLinks repo = new InMemoryApprovalLinks();
    final RecordingTaskCallbacks callbacks = new RecordingTaskCallbacks();
    final Subjects subjects = new Subjects();
    final ApprovalLinkService service = new ApprovalLinkService(repo, callbacks, subjects, clock, new SecureRandom());
    final Subject brief = new Subject("brief", "b1", 2, null);

    /** Subjects whose current state the test sets. */
    static final class Subjects implements SubjectReader {
        final Map<String, SubjectState> states = new HashMap<>();

        void put(Subject s, long version, String sha) {
            states.put(s.auditKey(), new SubjectState(version, sha, "Summer <sale>",
                    List.of(new SubjectState.Section("Objectives", List.of("Drive visits")))));
        }

        @Override
        public Optional<SubjectState> read(Subject subject) {
            return Optional.ofNullable(states.get(subject.auditKey()));
        }
    }

    ApprovalLinkService.Issued issue() {
        subjects.put(brief, 2, null);
        return service.issue(brief, "dana@acme.example", "brief", TOKEN, NOW.plus(Duration.ofDays(3)));
    }

    List<String> actions(Subject s) {
        return service.audit(s).stream().map(AuditEntry::action).toList();
    }

    @Test
    void issueStoresOnlyTheHashOfA256BitNonce() {
        var issued = issue();

        assertTrue(issued.nonce().matches("[A-Za-z0-9_-]{43}"), issued.nonce()); // 32 bytes base64url
        ApprovalLink stored = repo.all().get(0);
        assertEquals(ApprovalLinkService.sha256(issued.nonce()), stored.nonceHash());
        assertFalse(stored.toString().contains(issued.nonce()));
        assertFalse(stored.toString().contains(TOKEN), "toString never shows the task token");
        assertFalse(stored.toString().contains(stored.csrf()), "nor the CSRF value");
        assertEquals(LinkState.PENDING, stored.state());
        assertEquals(TOKEN, stored.taskToken());
        assertNotEquals(issued.nonce(), stored.csrf());
        assertEquals(List.of("approval.requested"), actions(brief));
        assertFalse(service.audit(brief).get(0).detail().contains(issued.nonce()));
        assertFalse(service.audit(brief).get(0).detail().contains(TOKEN));

        assertNotEquals(issued.nonce(), issue().nonce(), "every link gets its own nonce");
    }

    @Test
    void issueRefusesExpiryInThePastOrTooFarAhead() {
        subjects.put(brief, 2, null);
        assertThrows(IllegalArgumentException.class, () -> service.issue(brief, "d@x.example", "brief", TOKEN, NOW));
        assertThrows(IllegalArgumentException.class, () -> service.issue(brief, "d@x.example", "brief", TOKEN,
                NOW.plus(Duration.ofDays(31))));
        assertThrows(IllegalArgumentException.class, () -> service.issue(brief, "d@x.example", "brief", " ",
                NOW.plus(Duration.ofDays(1))));
        assertTrue(repo.all().isEmpty());
    }

    @Test
    void viewShowsTheConfirmPageAndChangesNothing() {
        var issued = issue();

        for (int i = 0; i < 3; i++) { // a mail scanner may fetch the link several times
            LinkResult r = service.view(issued.nonce());
            assertTrue(r.ok());
            assertEquals("dana@acme.example", r.page().reviewer());
            assertEquals("Summer <sale>", r.page().current().title());
            assertEquals(repo.all().get(0).csrf(), r.page().csrf());
            assertNull(r.page().decision());
        }
        assertEquals(LinkState.PENDING, repo.all().get(0).state());
        assertTrue(callbacks.answers().isEmpty());
        assertEquals(List.of("approval.requested", "approval.viewed", "approval.viewed", "approval.viewed"),
                actions(brief));
    }

    @Test
    void decideStoresTheDecisionOnceAndAnswersTheTask() throws Exception {
        var issued = issue();
        String csrf = service.view(issued.nonce()).page().csrf();
        clock.advance(Duration.ofHours(1));

        LinkResult r = service.decide(issued.nonce(), csrf, "changes", "  Make the logo bigger  ", null);

        assertTrue(r.ok());
        assertTrue(r.taskAnswered());
        assertEquals(Decision.CHANGES, r.page().decision());
        ApprovalLink stored = repo.all().get(0);
        assertEquals(LinkState.DECIDED, stored.state());
        assertEquals("Make the logo bigger", stored.comment());
        assertEquals(NOW.plus(Duration.ofHours(1)), stored.decidedAt());
        assertTrue(stored.notified());
        assertEquals(1, callbacks.answers().size());
        RecordingTaskCallbacks.Answer a = callbacks.answers().get(0);
        assertEquals(TOKEN, a.token());
        JsonNode out = new ObjectMapper().readTree(a.output());
        assertEquals("changes", out.get("decision").asText());
        assertEquals("Make the logo bigger", out.get("comment").asText());
        assertEquals("dana@acme.example", out.get("reviewer").asText());
        assertEquals("b1", out.get("subject").get("id").asText());
        assertEquals(2, out.get("subject").get("version").asLong());

        List<AuditEntry> chain = service.audit(brief);
        assertEquals(List.of("approval.requested", "approval.viewed", "approval.decided"), actions(brief));
        assertTrue(chain.get(2).detail().contains("decision=changes"));
        assertEquals(-1, AuditChain.firstBroken(chain));
    }

    @Test
    void aReplayedPostIsRefusedAsAlreadyDecided() {
        var issued = issue();
        String csrf = repo.all().get(0).csrf();
        assertTrue(service.decide(issued.nonce(), csrf, "approve", null, null).ok());

        LinkResult again = service.decide(issued.nonce(), csrf, "reject", "no", null);
        LinkResult view = service.view(issued.nonce());

        assertEquals(Refusal.ALREADY_DECIDED, again.refusal());
        assertEquals(409, again.refusal().status());
        assertEquals(Refusal.ALREADY_DECIDED, view.refusal());
        assertEquals(Decision.APPROVE, repo.all().get(0).decision());
        assertEquals(1, callbacks.answers().size());
        assertEquals(List.of("approval.requested", "approval.decided", "approval.refused", "approval.refused"),
                actions(brief));
        assertTrue(service.audit(brief).get(2).detail().startsWith("reason=already_decided on=decide"));
    }

    @Test
    void forgedAndMalformedNoncesAreUnknownAndAuditedApart() {
        issue();
        String forged = "A".repeat(43);

        assertEquals(Refusal.UNKNOWN, service.view(forged).refusal());
        assertEquals(Refusal.UNKNOWN, service.decide(forged, "x", "approve", null, null).refusal());
        assertEquals(Refusal.UNKNOWN, service.view("short").refusal());
        assertEquals(Refusal.UNKNOWN, service.view(null).refusal());
        assertEquals(404, Refusal.UNKNOWN.status());

        List<AuditEntry> unknown = repo.audit(ApprovalLinkService.UNATTRIBUTED);
        assertEquals(4, unknown.size());
        assertTrue(unknown.get(0).detail().startsWith("reason=unknown on=view link="));
        assertFalse(unknown.get(0).detail().contains(forged));
        assertEquals(-1, AuditChain.firstBroken(unknown));
        assertEquals(LinkState.PENDING, repo.all().get(0).state());
        assertTrue(callbacks.answers().isEmpty());
    }

    @Test
    void anExpiredLinkIsRefusedForViewAndDecide() {
        var issued = issue();
        String csrf = repo.all().get(0).csrf();
        clock.advance(Duration.ofDays(3)); // expiresAt is exclusive

        assertEquals(Refusal.EXPIRED, service.view(issued.nonce()).refusal());
        assertEquals(Refusal.EXPIRED, service.decide(issued.nonce(), csrf, "approve", null, null).refusal());
        assertEquals(410, Refusal.EXPIRED.status());
        assertEquals(LinkState.PENDING, repo.all().get(0).state());
        assertTrue(callbacks.answers().isEmpty());
        assertEquals(List.of("approval.requested", "approval.refused", "approval.refused"), actions(brief));
    }

    @Test
    void aLinkForAnOlderVersionOrOtherContentIsSuperseded() {
        var issued = issue();
        String csrf = repo.all().get(0).csrf();
        subjects.put(brief, 3, null);

        assertEquals(Refusal.SUPERSEDED, service.view(issued.nonce()).refusal());
        assertEquals(Refusal.SUPERSEDED, service.decide(issued.nonce(), csrf, "approve", null, null).refusal());
        assertTrue(service.audit(brief).get(1).detail().contains("current=v3"));

        Subject asset = new Subject("asset", "a1", 1, "a".repeat(64));
        subjects.put(asset, 1, "b".repeat(64)); // same version number, different file
        var assetLink = service.issue(asset, "r@x.example", "review", "t2", NOW.plus(Duration.ofDays(1)));
        assertEquals(Refusal.SUPERSEDED, service.view(assetLink.nonce()).refusal());
        subjects.states.remove(asset.auditKey()); // deleted subject
        assertEquals(Refusal.SUPERSEDED, service.view(assetLink.nonce()).refusal());

        assertTrue(repo.all().stream().allMatch(l -> l.state() == LinkState.PENDING));
        assertTrue(callbacks.answers().isEmpty());
    }

    @Test
    void aWrongCsrfValueOrAnotherSignedInReviewerIsForbidden() {
        var issued = issue();
        String csrf = repo.all().get(0).csrf();

        assertEquals(Refusal.BAD_CSRF, service.decide(issued.nonce(), "forged", "approve", null, null).refusal());
        assertEquals(Refusal.BAD_CSRF, service.decide(issued.nonce(), null, "approve", null, null).refusal());
        assertEquals(Refusal.WRONG_REVIEWER, service.decide(issued.nonce(), csrf, "approve", null,
                "mallory@acme.example").refusal());
        assertEquals(403, Refusal.BAD_CSRF.status());
        assertEquals(LinkState.PENDING, repo.all().get(0).state());

        assertTrue(service.decide(issued.nonce(), csrf, "approve", null, "DANA@acme.example").ok(),
                "the reviewer, signed in, may decide");
    }

    @Test
    void incompleteDecisionsAreRefusedWithTheReason() {
        var issued = issue();
        String csrf = repo.all().get(0).csrf();

        LinkResult unknown = service.decide(issued.nonce(), csrf, "maybe", null, null);
        LinkResult noComment = service.decide(issued.nonce(), csrf, "reject", "   ", null);
        LinkResult tooLong = service.decide(issued.nonce(), csrf, "approve", "x".repeat(2001), null);

        assertEquals(Refusal.INVALID, unknown.refusal());
        assertTrue(unknown.detail().contains("approve"));
        assertEquals(Refusal.INVALID, noComment.refusal());
        assertTrue(noComment.detail().contains("comment is required"));
        assertEquals(Refusal.INVALID, tooLong.refusal());
        assertTrue(tooLong.detail().contains("2001"));
        assertEquals(LinkState.PENDING, repo.all().get(0).state());
        assertTrue(callbacks.answers().isEmpty());
    }

    @Test
    void aFailedCallbackIsRetriedOnTheNextUseOfTheLink() {
        var issued = issue();
        String csrf = repo.all().get(0).csrf();
        callbacks.failNext(new RuntimeException("states unavailable"));

        LinkResult r = service.decide(issued.nonce(), csrf, "approve", null, null);

        assertTrue(r.ok(), "the decision is stored even though the task could not be told");
        assertFalse(r.taskAnswered());
        assertFalse(repo.all().get(0).notified());
        assertTrue(callbacks.answers().isEmpty());

        assertEquals(Refusal.ALREADY_DECIDED, service.view(issued.nonce()).refusal());
        assertEquals(1, callbacks.answers().size(), "the view retried the callback");
        assertTrue(repo.all().get(0).notified());
        service.view(issued.nonce());
        assertEquals(1, callbacks.answers().size(), "and not again once delivered");
    }

    @Test
    void aRetriedCallbackTellsTheListenerFirstSoTheWorkflowNeverMovesOnBeforeTheVoteIsRecorded() {
        List<String> told = new ArrayList<>();
        ApprovalLinkService s = new ApprovalLinkService(repo, callbacks, subjects, clock, new SecureRandom(),
                link -> told.add(link.decision().code() + "@answers=" + callbacks.answers().size()));
        var issued = issue();
        String csrf = repo.all().get(0).csrf();
        callbacks.failNext(new RuntimeException("states unavailable"));
        s.decide(issued.nonce(), csrf, "approve", null, null);

        s.view(issued.nonce());

        assertEquals(List.of("approve@answers=0", "approve@answers=0"), told,
                "the listener heard the decision again before the retried callback reached the task");
        assertEquals(1, callbacks.answers().size());
    }

    @Test
    void aDecisionForATaskThatNoLongerWaitsIsKeptButNotRetried() {
        var issued = issue();
        callbacks.gone(TOKEN);

        LinkResult r = service.decide(issued.nonce(), repo.all().get(0).csrf(), "approve", null, null);

        assertTrue(r.ok());
        assertFalse(r.taskAnswered());
        assertTrue(repo.all().get(0).notified());
    }

    @RepeatedTest(20)
    void twoConcurrentDecisionsOnOneLinkLeaveExactlyOne() throws Exception {
        var issued = issue();
        String csrf = repo.all().get(0).csrf();
        // Both requests read the link as pending before either writes: the conditional write must pick one.
        CyclicBarrier bothRead = new CyclicBarrier(2);
        BarrierRepo racing = new BarrierRepo(repo, bothRead);
        ApprovalLinkService s = new ApprovalLinkService(racing, callbacks, subjects, clock, new SecureRandom());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<LinkResult> a = pool.submit(() -> s.decide(issued.nonce(), csrf, "approve", null, null));
            Future<LinkResult> b = pool.submit(() -> s.decide(issued.nonce(), csrf, "reject", "no", null));
            List<LinkResult> results = List.of(a.get(10, TimeUnit.SECONDS), b.get(10, TimeUnit.SECONDS));

            assertEquals(1, results.stream().filter(LinkResult::ok).count(), results.toString());
            assertEquals(1, results.stream().filter(x -> x.refusal() == Refusal.ALREADY_DECIDED).count());
            assertEquals(1, callbacks.answers().size());
            Decision winner = results.stream().filter(LinkResult::ok).findFirst().orElseThrow().page().decision();
            assertEquals(winner, repo.all().get(0).decision());
            List<AuditEntry> chain = service.audit(brief);
            assertEquals(1, chain.stream().filter(e -> e.action().equals("approval.decided")).count());
            assertEquals(-1, AuditChain.firstBroken(chain));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Delegates, but holds the first two link reads until both have happened. */
    static final class BarrierRepo implements ApprovalLinkRepository {
        private final ApprovalLinkRepository d;
        private final CyclicBarrier barrier;
        private final List<Thread> waited = new ArrayList<>();

        BarrierRepo(ApprovalLinkRepository d, CyclicBarrier barrier) {
            this.d = d;
            this.barrier = barrier;
        }

        @Override
        public List<ApprovalLink> pendingFor(String reviewer, Instant now, int limit) {
            return d.pendingFor(reviewer, now, limit);
        }

        @Override
        public Optional<ApprovalLink> find(String nonceHash) {
            Optional<ApprovalLink> l = d.find(nonceHash);
            boolean first;
            synchronized (waited) {
                first = !waited.contains(Thread.currentThread()) && waited.size() < 2;
                if (first) {
                    waited.add(Thread.currentThread());
                }
            }
            if (first) {
                try {
                    barrier.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return l;
        }

        @Override
        public Write create(ApprovalLink link, AuditEntry audit) {
            return d.create(link, audit);
        }

        @Override
        public Write decide(String h, Decision dec, String c, Instant at, AuditEntry audit) {
            return d.decide(h, dec, c, at, audit);
        }

        @Override
        public void markNotified(String h) {
            d.markNotified(h);
        }

        @Override
        public Write append(AuditEntry audit) {
            return d.append(audit);
        }

        @Override
        public Optional<AuditEntry> auditHead(String chain) {
            return d.auditHead(chain);
        }

        @Override
        public List<AuditEntry> audit(String chain) {
            return d.audit(chain);
        }
    }
}
