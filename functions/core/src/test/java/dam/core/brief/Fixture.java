package dam.core.brief;

import dam.core.memory.InMemoryBriefRepository;
import dam.core.memory.InMemoryReminderScheduler;
import dam.core.memory.RecordingEventPublisher;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A brief service on in-memory ports with a fixed clock (today = 2026-06-01) and predictable ids. */
final class Fixture {

    static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

    final InMemoryBriefRepository repo = new InMemoryBriefRepository();
    final RecordingEventPublisher events = new RecordingEventPublisher();
    final InMemoryReminderScheduler scheduler = new InMemoryReminderScheduler();
    final AtomicInteger seq = new AtomicInteger();
    final BriefService service;

    Fixture() {
        this(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    Fixture(Clock clock) {
        service = new BriefService(repo, events, scheduler, clock, () -> "b" + seq.incrementAndGet(),
                DisclaimerRules.defaults());
    }

    static BriefInput valid() {
        return new BriefInput("Summer sale 2026", List.of("Drive store visits"), "Everything 20% off",
                "Families in cities", List.of("social", "web"), List.of("DE", "FR"),
                List.of(new BriefInput.DeliverableInput("social", "1080x1350 JPEG", "feed post", 3)),
                List.of("logo", "legal line"), new BriefInput.BrandInput("Acme", "https://brand.acme.example/guide"),
                "alice", "2026-07-15", List.of("summer"), List.of("price"), List.of(),
                new BriefInput.BudgetInput("EUR", List.of(new BriefInput.BudgetLineInput(null, "Photo shoot",
                        new BigDecimal("12000.50")))),
                List.of(new BriefInput.MemberInput("bob", "creator"), new BriefInput.MemberInput("carol", "legal")),
                List.of(new BriefInput.ApproverInput("brief", "dana@acme.example"),
                        new BriefInput.ApproverInput("fine_print", "carol@acme.example")));
    }

    Brief create() {
        return service.create(new CreateBriefCommand("cmd-" + seq.get(), "alice", valid())).brief();
    }

    /** {@link #valid()} with the non-null fields of {@code changes} replaced. */
    static BriefInput validWith(BriefInput changes) {
        return valid().overlay(changes);
    }

    static Changes changes() {
        return new Changes();
    }

    /** Builds a sparse {@link BriefInput} (null = not set) for updates and variations. */
    static final class Changes {
        private String title;
        private List<String> channels;
        private List<String> regions;
        private String dueDate;
        private List<String> claims;
        private BriefInput.BudgetInput budget;
        private List<BriefInput.MilestoneInput> milestones;
        private List<BriefInput.DeliverableInput> deliverables;

        Changes title(String v) { title = v; return this; }
        Changes channels(String... v) { channels = List.of(v); return this; }
        Changes regions(String... v) { regions = List.of(v); return this; }
        Changes dueDate(String v) { dueDate = v; return this; }
        Changes claims(String... v) { claims = List.of(v); return this; }
        Changes deliverables(List<BriefInput.DeliverableInput> v) { deliverables = v; return this; }
        Changes milestones(List<BriefInput.MilestoneInput> v) { milestones = v; return this; }
        Changes budget(String currency, BigDecimal... amounts) {
            budget = new BriefInput.BudgetInput(currency, java.util.Arrays.stream(amounts)
                    .map(a -> new BriefInput.BudgetLineInput(null, "line", a)).toList());
            return this;
        }

        BriefInput build() {
            return new BriefInput(title, null, null, null, channels, regions, deliverables, null, null, null, dueDate,
                    null, claims, milestones, budget, null);
        }
    }
}
