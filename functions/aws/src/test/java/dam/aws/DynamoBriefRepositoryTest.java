package dam.aws;

import dam.core.ConflictException;
import dam.core.audit.AuditChain;
import dam.core.brief.Brief;
import dam.core.brief.BriefInput;
import dam.core.brief.BriefService;
import dam.core.brief.BriefStatus;
import dam.core.brief.CommentService;
import dam.core.brief.CreateBriefCommand;
import dam.core.brief.DisclaimerRules;
import dam.core.brief.UpdateBriefCommand;
import dam.core.json.Json;
import dam.core.memory.InMemoryReminderScheduler;
import dam.core.memory.RecordingEventPublisher;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The brief service end to end on the DynamoDB adapter (over {@link FakeDynamoDb}). */
class DynamoBriefRepositoryTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);

    private final FakeDynamoDb db = new FakeDynamoDb("dam");
    private final DynamoBriefRepository repo = new DynamoBriefRepository(db, "dam", Json.mapper(), CLOCK);
    private final AtomicInteger ids = new AtomicInteger();
    private final BriefService service = new BriefService(repo, new RecordingEventPublisher(),
            new InMemoryReminderScheduler(), CLOCK, () -> "id" + ids.incrementAndGet(), DisclaimerRules.defaults());

    static BriefInput input() {
        return new BriefInput("Launch <b>now</b>", List.of("Awareness"), null, null, List.of("web", "ooh"),
                List.of("US"), List.of(new BriefInput.DeliverableInput("ooh", "48-sheet", null, 2)), List.of(),
                new BriefInput.BrandInput("Acme", null), "alice", "2026-09-01", List.of(), List.of("price", "finance"),
                List.of(new BriefInput.MilestoneInput(null, "Concepts", "bob", "2026-07-01", false)),
                new BriefInput.BudgetInput("USD", List.of(new BriefInput.BudgetLineInput(null, "Media",
                        new BigDecimal("1000.25")))),
                List.of(new BriefInput.MemberInput("bob", "creator")),
                List.of(new BriefInput.ApproverInput("brief", "dana@acme.example"),
                        new BriefInput.ApproverInput("fine_print", "legal@acme.example")));
    }

    @Test
    void createWritesBriefAuditAndCommandInOneTransactionAndReadsBackEqual() {
        Brief b = service.create(new CreateBriefCommand("evt-1", "alice", input())).brief();

        assertEquals(1, db.transactions.size());
        assertEquals(3, db.transactions.get(0).transactItems().size());
        var meta = db.item("BRIEF#id1", "META");
        assertEquals("1", meta.get("version").n());
        assertEquals("draft", meta.get("status").s());
        assertEquals("BRIEFS#draft", meta.get("GSI1PK").s());
        assertEquals("2026-06-01T10:00:00Z#id1", meta.get("GSI1SK").s());
        var audit = db.item("BRIEF#id1", "AUDIT#0000000001");
        assertEquals(AuditChain.GENESIS, audit.get("prevHash").s());
        assertEquals(b.auditHash(), audit.get("hash").s());
        var cmd = db.item("CMD#evt-1", "META");
        assertEquals("id1", cmd.get("briefId").s());
        assertEquals(Instant.parse("2026-07-06T10:00:00Z").getEpochSecond(), Long.parseLong(cmd.get("ttl").n()));

        Brief read = repo.find("id1").orElseThrow();
        assertEquals(b, read);
        assertEquals(List.of("finance-us-risk", "price-us-tax"), read.disclaimers().stream()
                .map(d -> d.ruleId()).toList());
    }

    @Test
    void sameCommandTwiceStoresOneBriefWithOrWithoutOldItemInTheCancellation() {
        for (boolean returnsOld : new boolean[]{true, false}) {
            db.returnOldItemOnConditionFailure = returnsOld;
            String cmd = "evt-" + returnsOld;
            Brief first = service.create(new CreateBriefCommand(cmd, "alice", input())).brief();
            int before = db.size();
            var again = service.create(new CreateBriefCommand(cmd, "alice", input()));
            assertFalse(again.applied());
            assertEquals(first, again.brief());
            assertEquals(before, db.size());
        }
    }

    @Test
    void updateChecksVersionAndExtendsTheChain() {
        Brief b = service.create(new CreateBriefCommand(null, "alice", input())).brief();
        Brief v2 = service.transition(b.id(), 1, BriefStatus.SUBMITTED, "alice", "t-1").brief();
        assertEquals(2, v2.version());
        assertEquals(v2, repo.find(b.id()).orElseThrow());

        assertFalse(service.transition(b.id(), 1, BriefStatus.SUBMITTED, "alice", "t-1").applied(),
                "a replayed command is not a conflict");
        assertThrows(ConflictException.class, () -> service.update(new UpdateBriefCommand("u-9", "bob", b.id(), 1,
                new BriefInput("stale", null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null))));
        assertEquals(v2, repo.find(b.id()).orElseThrow(), "nothing of the stale update was written");
        assertEquals(null, db.item("CMD#u-9", "META"), "the stale command is not marked applied");

        var chain = repo.audit(b.id());
        assertEquals(List.of(1L, 2L), chain.stream().map(a -> a.seq()).toList());
        assertEquals(-1, AuditChain.firstBroken(chain));
        assertEquals(List.of("brief.created", "brief.status.submitted"), chain.stream().map(a -> a.action()).toList());
    }

    @Test
    void linkingBriefsWritesBothBriefsAndAuditsInOneTransaction() {
        Brief a = service.create(new CreateBriefCommand(null, "alice", input())).brief();
        Brief b = service.create(new CreateBriefCommand(null, "alice", input())).brief();
        int before = db.transactions.size();

        Brief linked = service.link(a.id(), 1, "alice", "brief", b.id()).brief();

        assertEquals(before + 1, db.transactions.size());
        assertEquals(4, db.transactions.get(before).transactItems().size());
        assertEquals(linked, repo.find(a.id()).orElseThrow());
        Brief other = repo.find(b.id()).orElseThrow();
        assertEquals(2, other.version());
        assertTrue(other.linksTo(dam.core.brief.BriefLink.Kind.BRIEF, a.id()));
        assertEquals(-1, AuditChain.firstBroken(repo.audit(b.id())));
    }

    @Test
    void aPairWriteWithEitherVersionStaleStoresNothing() {
        Brief a = service.create(new CreateBriefCommand(null, "alice", input())).brief();
        Brief b = service.create(new CreateBriefCommand(null, "alice", input())).brief();
        Brief bMoved = service.link(b.id(), 1, "alice", "asset", "asset-7").brief();
        Brief aMoved = service.link(a.id(), 1, "alice", "asset", "asset-8").brief();
        int items = db.size();

        // b is no longer at version 1: the whole pair (a at its real version included) is refused.
        var auditA = AuditChain.next(aMoved.auditHash(), a.id(), 3, CLOCK.instant(), "alice", "x", null);
        var auditB = AuditChain.next(bMoved.auditHash(), b.id(), 3, CLOCK.instant(), "alice", "x", null);
        var e = assertThrows(ConflictException.class, () -> repo.updatePair(aMoved, 2, auditA, b, 1, auditB));
        assertEquals("targetId", e.errors().get(0).field());
        assertEquals(items, db.size());
        assertEquals(aMoved, repo.find(a.id()).orElseThrow());
        assertEquals(bMoved, repo.find(b.id()).orElseThrow());
    }

    @Test
    void unknownBriefIsEmpty() {
        assertTrue(repo.find("nope").isEmpty());
    }

    @Test
    void commentsRoundTripAndStayPrivate() {
        Brief b = service.create(new CreateBriefCommand(null, "alice", input())).brief();
        CommentService comments = new CommentService(repo, new DynamoCommentRepository(db, "dam", Json.mapper()),
                CLOCK, () -> "c" + ids.incrementAndGet());
        comments.add(b.id(), "alice", "<script>x</script> for all", "group", List.of());
        comments.add(b.id(), "alice", "alice only", "private", List.of());
        assertEquals(List.of("<script>x</script> for all", "alice only"),
                comments.list(b.id(), "alice").stream().map(c -> c.body()).toList());
        assertEquals(List.of("<script>x</script> for all"),
                comments.list(b.id(), "bob").stream().map(c -> c.body()).toList());
    }
}
