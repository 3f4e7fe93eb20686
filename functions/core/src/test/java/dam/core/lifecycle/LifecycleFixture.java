package dam.core.lifecycle;

import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.launch.PlacementService;
import dam.core.launch.memory.InMemoryPlacementStore;
import dam.core.library.LibraryAccess;
import dam.core.library.RightsInput;
import dam.core.library.RightsService;
import dam.core.library.memory.InMemoryLibraryStore;
import dam.core.lifecycle.memory.InMemoryExpiryScheduler;
import dam.core.lifecycle.memory.InMemoryExpiryStore;
import dam.core.lifecycle.memory.InMemoryUsageTermStore;
import dam.core.memory.InMemoryApprovalLinks;
import dam.core.memory.InMemoryNotificationLedger;
import dam.core.memory.InMemoryReviewRepository;
import dam.core.memory.RecordingEventPublisher;
import dam.core.memory.RecordingMailer;
import dam.core.review.Outcome;
import dam.core.review.Review;
import dam.core.review.ReviewStatus;
import dam.core.review.Round;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** Expiry and launch services on in-memory fakes with a settable clock (shared by the lifecycle and launch tests). */
public final class LifecycleFixture {

    public static final Principal MANAGER = user("mia", Role.BRAND_MANAGER);
    public static final Principal LEGAL = user("lena", Role.LEGAL);
    public static final Principal CREATOR = user("cara", Role.CREATOR);
    public static final Principal ADMIN = user("ada", Role.ADMIN);

    public final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-01T10:00:00Z"));
    public final Clock clock = new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };
    public final InMemoryAssetRepository assets = new InMemoryAssetRepository();
    public final InMemoryLibraryStore library = new InMemoryLibraryStore(assets);
    public final RecordingEventPublisher events = new RecordingEventPublisher();
    public final RecordingMailer mailer = new RecordingMailer();
    public final InMemoryNotificationLedger ledger = new InMemoryNotificationLedger();
    public final InMemoryPlacementStore placements = new InMemoryPlacementStore();
    public final InMemoryReviewRepository reviews = new InMemoryReviewRepository(new InMemoryApprovalLinks());
    public final InMemoryExpiryScheduler scheduler = new InMemoryExpiryScheduler();
    public final RightsService rights = new RightsService(assets, library, LibraryAccess.brandLibrary(), events,
            clock);
    public final ExpiryPlanner planner = new ExpiryPlanner(scheduler, clock);
    public final InMemoryUsageTermStore terms = new InMemoryUsageTermStore(assets);
    public final UsageTermService usageTerms = new UsageTermService(assets, terms, LibraryAccess.brandLibrary(),
            events, clock);
    public final ExpiryService expiry = new ExpiryService(assets, library, terms, placements,
            new InMemoryExpiryStore(assets),
            a -> List.of("mia@acme.example"), mailer, ledger, events, clock, "https://dam.example");
    public final PlacementService launch = new PlacementService(assets, reviews, rights, LibraryAccess.brandLibrary(),
            placements, events, clock);

    static Principal user(String id, Role role) {
        return new Principal(id, id + "@acme.example", Set.of(role), Set.of("Acme"));
    }

    public void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    /** An Acme asset owned by cara@acme.example with one ready version, optionally approved in review. */
    public String asset(String id, boolean approved) {
        Instant t = now.get();
        AuditEntry first = AuditChain.next(null, id, 1, t, "cara", "asset.created", "test");
        assets.save(new Asset(id, "Acme", "brief-1", null, null, "hero.jpg", null, List.of(), List.of(),
                "cara@acme.example", t, t, 1, 1, first.hash()), null, first, null);
        AuditEntry second = AuditChain.next(first.hash(), id, 2, t, "cara", "version", "v1");
        assets.save(new Asset(id, "Acme", "brief-1", null, null, "hero.jpg", null, List.of(), List.of(),
                "cara@acme.example", t, t, 2, 1, second.hash()), new AssetVersion(id, 1, VersionState.READY,
                List.of(), "cara", "originals/" + id + "/1/hero.jpg", "hero.jpg", "image/jpeg", 1000, null, t, t, null,
                "exec", "image/jpeg", 1000L, "sha", null, null, null, null, null, null, null), second, null);
        if (approved) {
            Round round = new Round(1, 1, "sha", t, List.of(), Outcome.APPROVED, t);
            Review review = new Review(id, "brief-1", "Acme", "hero", "cara@acme.example", "mia@acme.example",
                    ReviewStatus.APPROVED, List.of(), List.of(round), null, t, t, 1);
            reviews.save(review, AuditChain.next(null, Review.chain(id), 1, t, "mia", "review.approved", "test"));
        }
        return id;
    }

    public static RightsInput licence(String start, String end) {
        return new RightsInput("rights-managed", List.of("WW"), List.of("social", "web"), start, end, List.of(),
                null, null, "Getty", null);
    }
}
