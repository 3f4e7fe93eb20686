package dam.core.auth;

import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.brief.Brief;
import dam.core.brief.BriefInput;
import dam.core.brief.BriefService;
import dam.core.brief.BriefStatus;
import dam.core.brief.Comment;
import dam.core.brief.CommentService;
import dam.core.brief.DisclaimerRules;
import dam.core.memory.InMemoryBriefIndex;
import dam.core.memory.InMemoryBriefRepository;
import dam.core.memory.InMemoryCommentRepository;
import dam.core.memory.InMemoryReminderScheduler;
import dam.core.memory.RecordingEventPublisher;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecuredBriefsTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-01T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };
    private final AtomicInteger ids = new AtomicInteger();
    private final InMemoryBriefRepository repo = new InMemoryBriefRepository();
    private final SecuredBriefs briefs = new SecuredBriefs(
            new BriefService(repo, new RecordingEventPublisher(), new InMemoryReminderScheduler(), clock,
                    () -> "b" + ids.incrementAndGet(), DisclaimerRules.defaults()),
            new CommentService(repo, new InMemoryCommentRepository(), clock, () -> "c" + ids.incrementAndGet()),
            new InMemoryBriefIndex(repo));

    private static final Principal ALICE = user("alice", "[creator]", "Acme");
    private static final Principal BOB = user("bob", "[creator]", "");
    private static final Principal MALLORY = user("mallory", "[creator]", "Acme");
    private static final Principal MANAGER = user("mia", "[brand-manager]", "Acme");
    private static final Principal OTHER_MANAGER = user("oscar", "[brand-manager]", "Zest");
    private static final Principal VIEWER = user("vic", "[viewer]", "Acme");

    private static Principal user(String sub, String groups, String brands) {
        return Principal.fromClaims(Map.of("sub", sub, "cognito:groups", groups, "custom:brands", brands));
    }

    private static BriefInput input(String brand, String requester) {
        return new BriefInput("Summer sale", List.of("Drive visits"), "20% off", "Families", List.of("web"),
                List.of("DE"), List.of(new BriefInput.DeliverableInput("web", "banner", "1200x627", 1)), List.of(),
                new BriefInput.BrandInput(brand, null), requester, "2026-07-15", List.of(), List.of(),
                List.of(new BriefInput.MilestoneInput(null, "Shoot", "bob", "2026-06-20", false)), null,
                List.of(new BriefInput.MemberInput("bob", "creator")));
    }

    private Brief create(Principal p) {
        return briefs.create(p, null, input("Acme", p.userId())).brief();
    }

    @Test
    void creatingNeedsACreatingRoleAndTheBrandInScope() {
        assertEquals("alice", briefs.create(ALICE, null, input("Acme", "alice")).brief().requester());
        ForbiddenException role = assertThrows(ForbiddenException.class,
                () -> briefs.create(VIEWER, null, input("Acme", "vic")));
        assertTrue(role.getMessage().contains("role"), role.getMessage());
        ForbiddenException scope = assertThrows(ForbiddenException.class,
                () -> briefs.create(ALICE, null, input("Zest", "alice")));
        assertTrue(scope.getMessage().contains("Zest"), scope.getMessage());
        assertThrows(ForbiddenException.class, () -> briefs.create(ALICE, null, input("Acme", "bob")),
                "a creator may not file a brief in someone else's name");
        assertEquals("bob", briefs.create(MANAGER, null, input("Acme", "bob")).brief().requester());
        assertEquals(2, repo.size(), "refused creates stored nothing");
    }

    @Test
    void theSameIdempotencyKeyCreatesOneBriefPerUser() {
        Brief first = briefs.create(ALICE, "key-1", input("Acme", "alice")).brief();
        var again = briefs.create(ALICE, "key-1", input("Acme", "alice"));
        assertFalse(again.applied());
        assertEquals(first.id(), again.brief().id());
        assertTrue(briefs.create(MANAGER, "key-1", input("Acme", "mia")).applied(), "keys are per user");
        assertThrows(ValidationException.class, () -> briefs.create(ALICE, "has space", input("Acme", "alice")));
    }

    @Test
    void outsidersGetNotFoundExactlyLikeAMissingBrief() {
        Brief b = create(ALICE);
        NotFoundException hidden = assertThrows(NotFoundException.class, () -> briefs.get(MALLORY, b.id()));
        NotFoundException missing = assertThrows(NotFoundException.class, () -> briefs.get(MALLORY, "nope"));
        assertEquals(missing.getMessage().replace("nope", b.id()), hidden.getMessage());
        assertThrows(NotFoundException.class, () -> briefs.get(OTHER_MANAGER, b.id()), "other brand's manager");
        assertThrows(NotFoundException.class, () -> briefs.update(MALLORY, b.id(), 1, BriefInput.empty()));
        assertThrows(NotFoundException.class, () -> briefs.comments(VIEWER, b.id()));
        assertEquals(b.id(), briefs.get(BOB, b.id()).id(), "team member");
        assertEquals(b.id(), briefs.get(MANAGER, b.id()).id(), "brand manager in scope");
    }

    @Test
    void teamMembersMaySeeButOnlyManagersChange() {
        Brief b = create(ALICE);
        BriefInput retitle = new BriefInput("New title", null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
        assertThrows(ForbiddenException.class, () -> briefs.update(BOB, b.id(), 1, retitle));
        assertThrows(ForbiddenException.class, () -> briefs.addMember(BOB, b.id(), 1,
                new BriefInput.MemberInput("mallory", "viewer")));
        assertEquals(1, repo.find(b.id()).orElseThrow().version(), "nothing changed");
        assertEquals("New title", briefs.update(ALICE, b.id(), 1, retitle).brief().title());
        assertEquals(3, briefs.update(MANAGER, b.id(), 2, retitle).brief().version());
    }

    @Test
    void changingTheBrandNeedsTheNewBrandInScope() {
        Brief b = create(ALICE);
        BriefInput toZest = new BriefInput(null, null, null, null, null, null, null, null,
                new BriefInput.BrandInput("Zest", null), null, null, null, null, null, null, null);
        assertThrows(ForbiddenException.class, () -> briefs.update(ALICE, b.id(), 1, toZest));
        assertEquals("Acme", repo.find(b.id()).orElseThrow().brand().name());
    }

    @Test
    void milestoneOwnersMayTickTheirMilestoneButNotMoveIt() {
        Brief b = create(ALICE);
        String ms = b.milestones().get(0).id();
        assertThrows(ForbiddenException.class,
                () -> briefs.changeMilestone(BOB, b.id(), 1, ms, null, null, "2026-06-25", null));
        Brief done = briefs.changeMilestone(BOB, b.id(), 1, ms, null, null, null, true).brief();
        assertTrue(done.milestones().get(0).done());
        assertEquals(List.of(), briefs.tasks(BOB), "done milestones are no tasks");
    }

    @Test
    void membersAndBudgetGoThroughTheBriefRules() {
        Brief b = create(ALICE);
        Brief withCarol = briefs.addMember(ALICE, b.id(), 1, new BriefInput.MemberInput("carol", "legal")).brief();
        assertEquals(List.of("bob", "carol"), withCarol.members().stream().map(m -> m.userId()).toList());
        assertThrows(ValidationException.class, () -> briefs.addMember(ALICE, b.id(), 2,
                new BriefInput.MemberInput("dave", "wizard")));
        Brief budgeted = briefs.setBudget(ALICE, b.id(), 2, new BriefInput.BudgetInput("EUR",
                List.of(new BriefInput.BudgetLineInput(null, "Shoot", new BigDecimal("1200.50"))))).brief();
        assertEquals(new BigDecimal("1200.50"), budgeted.budget().total());
        assertThrows(ValidationException.class, () -> briefs.setBudget(ALICE, b.id(), 3, new BriefInput.BudgetInput(
                "EUR", List.of(new BriefInput.BudgetLineInput(null, "Refund", new BigDecimal("-1"))))));
        assertEquals(3, repo.find(b.id()).orElseThrow().version());
    }

    @Test
    void privateCommentsStayPrivateThroughTheFacade() {
        Brief b = create(ALICE);
        briefs.comment(ALICE, b.id(), "for everyone", "group", List.of());
        briefs.comment(ALICE, b.id(), "just me", "private", List.of());
        assertEquals(List.of("for everyone"), briefs.comments(BOB, b.id()).stream().map(Comment::body).toList());
        assertEquals(2, briefs.comments(ALICE, b.id()).size());
    }

    @Test
    void listingPagesThroughVisibleBriefsNewestFirstWithoutGapsOrRepeats() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            now.set(now.get().plus(Duration.ofMinutes(1)));
            mine.add(0, create(ALICE).id());
            now.set(now.get().plus(Duration.ofMinutes(1)));
            create(MALLORY); // hidden from alice
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SecuredBriefs.BriefPage page = briefs.list(ALICE, "draft", 3, cursor);
            assertTrue(page.items().size() <= 3);
            page.items().forEach(x -> seen.add(x.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 20);
        assertEquals(mine, seen);
        assertEquals(14, briefs.list(MANAGER, null, 100, null).items().size(), "manager sees the whole brand");
        assertEquals(List.of(), briefs.list(ALICE, "approved", 10, null).items());
        assertNull(briefs.list(ALICE, "approved", 10, null).nextCursor());
    }

    @Test
    void listingRefusesBadParametersAndTamperedCursors() {
        ValidationException bad = assertThrows(ValidationException.class, () -> briefs.list(ALICE, "lost", 0, null));
        assertEquals(List.of("status", "limit"), bad.errors().stream().map(e -> e.field()).toList());
        for (String cursor : List.of("!!!", "eyJzIjoiZHJhZnQiLCJhIjoiJHdoZXJlIn0", // {"s":"draft","a":"$where"}
                "eyJzIjoiY2xvc2VkIn0")) {                                        // {"s":"closed"} under status=draft
            ValidationException e = assertThrows(ValidationException.class,
                    () -> briefs.list(ALICE, "draft", 10, cursor), cursor);
            assertEquals("cursor", e.errors().get(0).field());
        }
    }

    @Test
    void tasksAreTheCallersOpenMilestonesSoonestFirst() {
        Brief one = create(ALICE);
        Brief two = briefs.create(ALICE, null, new BriefInput("Autumn", List.of("x"), "y", "z", List.of("web"),
                List.of("DE"), List.of(new BriefInput.DeliverableInput("web", "banner", "1200x627", 1)), List.of(),
                new BriefInput.BrandInput("Acme", null), "alice", "2026-09-15", List.of(), List.of(),
                List.of(new BriefInput.MilestoneInput(null, "Brief agency", "bob", "2026-06-10", false),
                        new BriefInput.MilestoneInput(null, "Sign off", "alice", "2026-06-12", false)), null,
                List.of(new BriefInput.MemberInput("bob", "creator")))).brief();
        List<SecuredBriefs.Task> tasks = briefs.tasks(BOB);
        assertEquals(List.of("Brief agency", "Shoot"), tasks.stream().map(SecuredBriefs.Task::name).toList());
        assertEquals(List.of(two.id(), one.id()), tasks.stream().map(SecuredBriefs.Task::briefId).toList());
        assertEquals(List.of("Sign off"), briefs.tasks(ALICE).stream().map(SecuredBriefs.Task::name).toList());
        assertEquals(List.of(), briefs.tasks(MALLORY));
        assertEquals(BriefStatus.DRAFT, tasks.get(0).briefStatus());
    }
}
