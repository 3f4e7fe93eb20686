package dam.core.launch;

import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.asset.VersionState;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;
import dam.core.notify.NotificationLedger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Always-on content (issue 9): what happens to a placement the daily sweep found past its re-approval date. The
 * brand's {@link ReapprovalPolicy} (read now, so a brand that switched to retire retires) either starts a re-approval
 * round of the placed version ({@link ReapprovalRounds}, idempotent by the placement) or asks for the placement to be
 * taken down ({@value #UNPUBLISH_REQUESTED}, claimed once in the ledger). Then the outcome is recorded on the
 * placement, which leaves the index: a second sweep finds nothing, and a rerun after a crash in between repeats only
 * idempotent steps.
 */
public final class ReapprovalService {

    public static final String SOURCE = "dam.lifecycle";
    public static final String UNPUBLISH_REQUESTED = "Asset Unpublish Requested";
    public static final String KIND = "placement-age";
    /** Recorded when the placed version is no longer ready at its due date. */
    public static final String NOTHING = "none";
    static final Duration KEEP = Duration.ofDays(60);

    private final AssetRepository assets;
    private final PlacementStore store;
    private final ReapprovalRounds rounds;
    private final EventPublisher events;
    private final NotificationLedger ledger;
    private final Clock clock;

    public ReapprovalService(AssetRepository assets, PlacementStore store, ReapprovalRounds rounds,
                             EventPublisher events, NotificationLedger ledger, Clock clock) {
        this.assets = Objects.requireNonNull(assets);
        this.store = Objects.requireNonNull(store);
        this.rounds = Objects.requireNonNull(rounds);
        this.events = Objects.requireNonNull(events);
        this.ledger = Objects.requireNonNull(ledger);
        this.clock = Objects.requireNonNull(clock);
    }

    public enum Status { REVIEW_STARTED, RETIRED, SKIPPED }

    public record Outcome(Status status, String detail) {
    }

    public Outcome due(String assetId, String placementId) {
        Optional<Placement> found = store.placements(assetId).stream().filter(p -> p.id().equals(placementId))
                .findFirst();
        if (found.isEmpty()) {
            return new Outcome(Status.SKIPPED, "placement " + placementId + " of " + assetId + " is gone");
        }
        Placement p = found.get();
        Instant now = clock.instant();
        if (p.reapproval() != null) {
            return new Outcome(Status.SKIPPED, "already handled: " + p.reapproval().action());
        }
        if (p.reviewDueAt() == null || p.reviewDueAt().isAfter(now)) {
            return new Outcome(Status.SKIPPED, "not due before " + p.reviewDueAt());
        }
        Optional<Asset> asset = assets.find(assetId);
        if (asset.isEmpty()) {
            return new Outcome(Status.SKIPPED, "asset " + assetId + " is gone");
        }
        boolean live = assets.findVersion(assetId, p.version()).map(v -> v.state() == VersionState.READY)
                .orElse(false);
        if (!live) {
            // Expired, replaced or withdrawn meanwhile: nothing left to re-approve; recorded so the index forgets it.
            String why = "version " + p.version() + " is no longer ready";
            store.recordReapproval(p.withReapproval(new Placement.Reapproval(NOTHING, now, why)));
            return new Outcome(Status.SKIPPED, why);
        }
        ReapprovalPolicy policy = store.reapprovalPolicy(asset.get().brand())
                .orElseGet(() -> ReapprovalPolicy.defaults(asset.get().brand()));
        String reason = "placement " + p.id() + " (" + p.channel() + (p.targetId() == null ? "" : " " + p.targetId())
                + ") is live since " + p.publishedAt() + ", past the brand's " + policy.ageDays() + " days";
        Outcome outcome;
        if (ReapprovalPolicy.RETIRE.equals(policy.action())) {
            retire(asset.get(), p, reason, now);
            outcome = new Outcome(Status.RETIRED, reason);
        } else {
            String run = rounds.start("reapproval#" + assetId + "#" + p.id(), assetId, p.version(), reason);
            outcome = new Outcome(Status.REVIEW_STARTED, run);
        }
        store.recordReapproval(p.withReapproval(new Placement.Reapproval(policy.action(), now, outcome.detail())));
        return outcome;
    }

    private void retire(Asset a, Placement p, String reason, Instant now) {
        String key = "REAPPROVAL#" + a.id() + "#" + p.id() + "#retire";
        if (!ledger.claim(key, now.plus(KEEP))) {
            return; // announced by an earlier run that stopped before recording it
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("version", 1);
        d.put("assetId", a.id());
        d.put("brand", a.brand());
        d.put("kind", KIND);
        d.put("subjectId", p.id());
        d.put("placementId", p.id());
        d.put("channel", p.channel());
        if (p.targetId() != null) {
            d.put("targetId", p.targetId());
        }
        if (p.url() != null) {
            d.put("url", p.url());
        }
        d.put("assetVersion", p.version());
        d.put("reason", reason);
        d.put("requestedAt", now.toString());
        try {
            events.publish(new OutboundEvent(SOURCE, UNPUBLISH_REQUESTED, d));
        } catch (RuntimeException e) {
            ledger.release(key);
            throw e;
        }
    }
}
