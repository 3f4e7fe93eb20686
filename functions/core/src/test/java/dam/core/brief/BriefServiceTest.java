package dam.core.brief;

import dam.core.ConflictException;
import dam.core.DomainException;
import dam.core.FieldError;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.audit.AuditChain;
import dam.core.event.OutboundEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BriefServiceTest {

    private final Fixture f = new Fixture();

    @Test
    void createStoresADraftAuditsItAndPublishesBriefCreated() {
        BriefResult r = f.service.create(new CreateBriefCommand("evt-1", "alice", Fixture.valid()));

        assertTrue(r.applied());
        Brief b = r.brief();
        assertEquals("b1", b.id());
        assertEquals(1, b.version());
        assertEquals(BriefStatus.DRAFT, b.status());
        assertEquals(Set.of(Channel.SOCIAL, Channel.WEB), b.channels());
        assertEquals(LocalDate.parse("2026-07-15"), b.dueDate());
        assertEquals(new BigDecimal("12000.50"), b.budget().total());
        assertEquals(ApprovalState.NOT_SUBMITTED, b.budget().approval());
        assertEquals(Fixture.NOW, b.createdAt());
        assertEquals(b, f.repo.find("b1").orElseThrow());

        List<OutboundEvent> events = f.events.events();
        assertEquals(1, events.size());
        assertEquals("dam.briefs", events.get(0).source());
        assertEquals("Brief Created", events.get(0).detailType());
        assertEquals(new BriefEventDetail(1, b), events.get(0).detail());

        var audit = f.service.audit("b1");
        assertEquals(1, audit.size());
        assertEquals("brief.created", audit.get(0).action());
        assertEquals(b.auditHash(), audit.get(0).hash());
        assertEquals(-1, AuditChain.firstBroken(audit));
    }

    @Test
    void sameCommandIdTwiceGivesOneBrief() {
        Brief first = f.service.create(new CreateBriefCommand("evt-7", "alice", Fixture.valid())).brief();
        BriefResult again = f.service.create(new CreateBriefCommand("evt-7", "alice", Fixture.valid()));

        assertFalse(again.applied());
        assertEquals(first, again.brief());
        assertEquals(1, f.repo.size());
        // The replay re-publishes (at-least-once) the same brief rather than a second one.
        assertEquals(List.of(first.id(), first.id()), f.events.ofType("Brief Created").stream()
                .map(e -> ((BriefEventDetail) e.detail()).brief().id()).toList());

        f.service.create(new CreateBriefCommand("evt-8", "alice", Fixture.valid()));
        assertEquals(2, f.repo.size());
    }

    @Test
    void missingRequiredFieldsAreAllListedAndNothingIsStored() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> f.service.create(new CreateBriefCommand("c", "alice", BriefInput.empty())));

        assertEquals(Set.of("title", "channels", "regions", "brand", "requester", "dueDate"),
                fields(e));
        assertTrue(e.errors().stream().allMatch(x -> x.code().equals(FieldError.Codes.REQUIRED)));
        assertNothingWritten();
    }

    @Test
    void unknownChannelPastDueDateNegativeBudgetAndHugeTitleAreFieldErrors() {
        String megabyte = "x".repeat(1024 * 1024);
        BriefInput bad = Fixture.validWith(Fixture.changes().title(megabyte).channels("web", "tiktok")
                .deliverables(List.of()).dueDate("2026-05-31").budget("EUR", new BigDecimal("-5")).build());

        ValidationException e = assertThrows(ValidationException.class,
                () -> f.service.create(new CreateBriefCommand("c", "alice", bad)));

        assertEquals(List.of(
                        new FieldErrorKey("title", "too_long"),
                        new FieldErrorKey("channels[1]", "unknown_value"),
                        new FieldErrorKey("dueDate", "in_past"),
                        new FieldErrorKey("budget.lines[0].amount", "negative")),
                e.errors().stream().map(x -> new FieldErrorKey(x.field(), x.code())).toList());
        assertFalse(e.getMessage().contains(megabyte.substring(0, 100)), "the huge value must not be echoed");
        assertTrue(e.errors().stream().noneMatch(x -> x.message().length() > 300));
        assertNothingWritten();
    }

    @Test
    void htmlAndScriptAreKeptAsPlainText() {
        String title = "<script>alert('x')</script> <b>Sale</b> & more";
        Brief b = f.service.create(new CreateBriefCommand("c", "alice",
                Fixture.validWith(Fixture.changes().title(title).build()))).brief();
        assertEquals(title, b.title());
    }

    @Test
    void deliverableChannelMustBeOneOfTheBriefChannels() {
        BriefInput bad = Fixture.validWith(Fixture.changes().channels("web").build()); // deliverable is social
        ValidationException e = assertThrows(ValidationException.class,
                () -> f.service.create(new CreateBriefCommand("c", "alice", bad)));
        assertEquals(Set.of("deliverables[0].channel"), fields(e));
    }

    @Test
    void updateBumpsVersionRecomputesDisclaimersAndExtendsTheAuditChain() {
        Brief b = f.create();
        assertEquals(List.of("price-eu-vat"), ruleIds(b));

        Brief changed = f.service.update(new UpdateBriefCommand("u1", "bob", b.id(), 1,
                Fixture.changes().claims("price", "health").regions("US").build())).brief();

        assertEquals(2, changed.version());
        assertEquals(List.of("health-any", "price-us-tax"), ruleIds(changed));
        assertTrue(changed.legalApprovalRequired());
        assertEquals(b.title(), changed.title(), "unset fields stay unchanged");
        assertEquals("Brief Changed", f.events.events().get(1).detailType());
        var audit = f.service.audit(b.id());
        assertEquals(List.of(1L, 2L), audit.stream().map(a -> a.seq()).toList());
        assertEquals(audit.get(0).hash(), audit.get(1).prevHash());
        assertEquals(changed.auditHash(), audit.get(1).hash());
        assertEquals(-1, AuditChain.firstBroken(audit));
    }

    @Test
    void staleVersionIsAConflictAndWritesNothing() {
        Brief b = f.create();
        f.service.update(new UpdateBriefCommand(null, "bob", b.id(), 1, Fixture.changes().title("v2").build()));

        for (String commandId : new String[]{null, "late"}) {
            ConflictException e = assertThrows(ConflictException.class, () -> f.service.update(
                    new UpdateBriefCommand(commandId, "bob", b.id(), 1, Fixture.changes().title("v3").build())));
            assertEquals("conflict", e.errors().get(0).code());
        }
        Brief now = f.service.get(b.id());
        assertEquals("v2", now.title());
        assertEquals(2, now.version());
        assertEquals(2, f.service.audit(b.id()).size());
    }

    @Test
    void replayedUpdateCommandIsAppliedOnce() {
        Brief b = f.create();
        UpdateBriefCommand cmd = new UpdateBriefCommand("u-1", "bob", b.id(), 1, Fixture.changes().title("v2").build());
        assertTrue(f.service.update(cmd).applied());
        BriefResult replay = f.service.update(cmd);
        assertFalse(replay.applied());
        assertEquals(2, replay.brief().version());
        assertEquals(2, f.service.audit(b.id()).size());
    }

    @Test
    void invalidUpdateWritesNothing() {
        Brief b = f.create();
        assertThrows(ValidationException.class, () -> f.service.update(new UpdateBriefCommand(null, "bob", b.id(), 1,
                Fixture.changes().title(" ").build())));
        assertEquals(b, f.service.get(b.id()));
        assertEquals(1, f.events.events().size());
    }

    @Test
    void unknownBriefIsNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> f.service.update(
                new UpdateBriefCommand(null, "bob", "nope", 1, Fixture.changes().title("x").build())));
        assertEquals("briefId", e.errors().get(0).field());
    }

    @Test
    void oldDueDateMayStayWhenOtherFieldsChange() {
        Fixture later = new Fixture(java.time.Clock.fixed(Fixture.NOW.plus(java.time.Duration.ofDays(60)),
                java.time.ZoneOffset.UTC));
        // Created when 2026-07-15 was in the future, edited after it passed.
        Brief b = f.create();
        later.repo.create(b, f.service.audit(b.id()).get(0), null);
        Brief changed = later.service.update(new UpdateBriefCommand(null, "bob", b.id(), 1,
                Fixture.changes().title("after the date").build())).brief();
        assertEquals(LocalDate.parse("2026-07-15"), changed.dueDate());
        DomainException e = assertThrows(ValidationException.class, () -> later.service.update(
                new UpdateBriefCommand(null, "bob", b.id(), 2, Fixture.changes().dueDate("2026-07-20").build())));
        assertEquals("in_past", e.errors().get(0).code());
    }

    @Test
    void actorIsRequired() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> f.service.create(new CreateBriefCommand("c", " ", Fixture.valid())));
        assertEquals(Set.of("actor"), fields(e));
    }

    private record FieldErrorKey(String field, String code) {
    }

    private static Set<String> fields(DomainException e) {
        return Set.copyOf(e.errors().stream().map(FieldError::field).toList());
    }

    private static List<String> ruleIds(Brief b) {
        return b.disclaimers().stream().map(AppliedDisclaimer::ruleId).toList();
    }

    private void assertNothingWritten() {
        assertEquals(0, f.repo.size());
        assertTrue(f.events.events().isEmpty());
        assertTrue(f.scheduler.schedules().isEmpty());
    }
}
