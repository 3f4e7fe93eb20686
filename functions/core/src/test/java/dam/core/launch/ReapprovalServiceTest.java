package dam.core.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dam.core.ForbiddenException;
import dam.core.ValidationException;
import dam.core.lifecycle.LifecycleFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReapprovalServiceTest {

    private final LifecycleFixture f = new LifecycleFixture();
    private final List<String> started = new ArrayList<>();
    private final ReapprovalRounds rounds = (request, asset, version, reason) -> {
        started.add(request + " v" + version);
        return "run-" + started.size();
    };
    private final ReapprovalService service = new ReapprovalService(f.assets, f.placements, rounds, f.events,
            f.ledger, f.clock);

    private Placement place(String asset, String target) {
        return f.launch.register(asset, new PlacementInput("web", target, null), "partner.cms", "ed@acme.example")
                .placement();
    }

    @Test
    void aPlacementIsDueAfterTheDefaultAgeAndStartsOneRound() {
        String a = f.asset("a1", true);
        Placement p = place(a, "home");
        assertThat(p.reviewDueAt()).isEqualTo(p.publishedAt().plus(Duration.ofDays(180)));
        assertThat(service.due(a, p.id()).status()).as("not yet").isEqualTo(ReapprovalService.Status.SKIPPED);
        assertThat(started).isEmpty();

        f.advance(Duration.ofDays(180));
        assertThat(f.placements.dueForReapproval(f.clock.instant())).extracting(Placement::id).containsExactly(p.id());
        ReapprovalService.Outcome o = service.due(a, p.id());
        assertThat(o.status()).isEqualTo(ReapprovalService.Status.REVIEW_STARTED);
        assertThat(o.detail()).isEqualTo("run-1");
        assertThat(started).containsExactly("reapproval#a1#" + p.id() + " v1");
        Placement stored = f.placements.placements(a).get(0);
        assertThat(stored.reapproval().action()).isEqualTo(ReapprovalPolicy.REVIEW);
        assertThat(stored.reapproval().detail()).isEqualTo("run-1");
        assertThat(f.placements.dueForReapproval(f.clock.instant())).isEmpty();

        assertThat(service.due(a, p.id()).status()).as("sweep twice").isEqualTo(ReapprovalService.Status.SKIPPED);
        assertThat(started).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRetiringBrandAsksForThePlacementToBeTakenDownOnce() {
        String a = f.asset("a2", true);
        f.launch.saveReapprovalPolicy(LifecycleFixture.MANAGER, "Acme", 30, ReapprovalPolicy.RETIRE);
        Placement p = place(a, "banner");
        assertThat(p.reviewDueAt()).isEqualTo(p.publishedAt().plus(Duration.ofDays(30)));
        f.advance(Duration.ofDays(31));
        assertThat(service.due(a, p.id()).status()).isEqualTo(ReapprovalService.Status.RETIRED);
        assertThat(service.due(a, p.id()).status()).isEqualTo(ReapprovalService.Status.SKIPPED);
        var unpublish = f.events.ofType(ReapprovalService.UNPUBLISH_REQUESTED);
        assertThat(unpublish).hasSize(1);
        assertThat((Map<String, Object>) unpublish.get(0).detail()).containsEntry("kind", "placement-age")
                .containsEntry("placementId", p.id()).containsEntry("subjectId", p.id())
                .containsEntry("targetId", "banner");
        assertThat(f.placements.placements(a).get(0).reapproval().action()).isEqualTo(ReapprovalPolicy.RETIRE);
        assertThat(started).isEmpty();
    }

    @Test
    void aRerunAfterTheEventWasSentButNotRecordedSendsNothingTwice() {
        String a = f.asset("a3", true);
        f.launch.saveReapprovalPolicy(LifecycleFixture.ADMIN, "Acme", 10, ReapprovalPolicy.RETIRE);
        Placement p = place(a, "banner");
        f.advance(Duration.ofDays(10));
        // The first run claimed and sent, then died before recording: the ledger keeps the second run quiet.
        f.ledger.claim("REAPPROVAL#a3#" + p.id() + "#retire", f.clock.instant().plus(Duration.ofDays(1)));
        assertThat(service.due(a, p.id()).status()).isEqualTo(ReapprovalService.Status.RETIRED);
        assertThat(f.events.ofType(ReapprovalService.UNPUBLISH_REQUESTED)).isEmpty();
        assertThat(f.placements.placements(a).get(0).reapproval()).isNotNull();
    }

    @Test
    void policiesAreValidatedAndOnlyForTheBrandsManagers() {
        assertThatThrownBy(() -> f.launch.saveReapprovalPolicy(LifecycleFixture.CREATOR, "Acme", 30, "retire"))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> f.launch.saveReapprovalPolicy(LifecycleFixture.MANAGER, "Zest", 30, "retire"))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> f.launch.saveReapprovalPolicy(LifecycleFixture.MANAGER, "Acme", 0, "archive"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(x -> x.field()).containsExactlyInAnyOrder("ageDays", "action"));
        assertThat(f.launch.reapprovalPolicy("Acme")).isEqualTo(ReapprovalPolicy.defaults("Acme"));
    }

    @Test
    void aPlacedVersionNoLongerReadyIsForgottenWithoutARound() {
        String a = f.asset("a4", true);
        Placement p = place(a, "home");
        var v = f.assets.findVersion(a, 1).orElseThrow();
        var cur = f.assets.find(a).orElseThrow();
        var audit = dam.core.audit.AuditChain.next(cur.auditHash(), a, cur.revision() + 1, f.clock.instant(), "x",
                "asset.expired", "test");
        f.assets.save(new dam.core.asset.Asset(a, "Acme", "brief-1", null, null, "hero.jpg", null, List.of(),
                List.of(), "cara@acme.example", cur.createdAt(), cur.updatedAt(), cur.revision() + 1, 1,
                audit.hash()), new dam.core.asset.AssetVersion(a, 1,
                dam.core.asset.VersionState.EXPIRED, v.reasons(), v.submitter(), v.originalKey(), v.fileName(),
                v.declaredContentType(), v.declaredSize(), v.uploadId(), v.createdAt(), v.updatedAt(),
                v.uploadExpiresAt(), v.claimedBy(), v.detectedType(), v.size(), v.sha256(), v.phash(), v.tech(),
                v.quality(), v.tags(), v.renditions(), v.duplicates(), v.standardName()), audit, null);
        f.advance(Duration.ofDays(181));
        assertThat(service.due(a, p.id()).status()).isEqualTo(ReapprovalService.Status.SKIPPED);
        assertThat(started).isEmpty();
        assertThat(f.placements.placements(a).get(0).reapproval().action()).isEqualTo(ReapprovalService.NOTHING);
        assertThat(f.placements.dueForReapproval(f.clock.instant())).isEmpty();
    }
}
