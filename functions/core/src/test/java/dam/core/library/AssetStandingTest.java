package dam.core.library;

import dam.core.NotFoundException;
import dam.core.ForbiddenException;
import dam.core.asset.Asset;
import dam.core.asset.AssetDetails;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.memory.InMemoryApprovalLinks;
import dam.core.memory.InMemoryBriefRepository;
import dam.core.memory.InMemoryReviewRepository;
import dam.core.review.Outcome;
import dam.core.review.Review;
import dam.core.review.ReviewRepository;
import dam.core.review.ReviewStatus;
import dam.core.review.Round;
import dam.core.review.StageRule;
import dam.core.review.StageSpec;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Visibility from the asset's real state: its review decides draft / in review / approved; rights dates expire. */
class AssetStandingTest {

    private static final Instant T = Instant.parse("2026-06-01T10:00:00Z");
    private static final Principal UPLOADER = user("cara@acme.example", Role.CREATOR);
    private static final Principal REVIEWER = user("rex@acme.example", Role.REVIEWER);
    private static final Principal VIEWER = user("vic@acme.example", Role.VIEWER);
    private static final Principal ADMIN = user("ada@acme.example", Role.ADMIN);

    private final InMemoryApprovalLinks links = new InMemoryApprovalLinks();
    private final InMemoryReviewRepository reviews = new InMemoryReviewRepository(links);
    private final InMemoryAssetRepository assets = new InMemoryAssetRepository();
    private final LibraryAccess access = new LibraryAccess(new AssetStanding(assets, reviews,
            new InMemoryBriefRepository(), Clock.fixed(T, ZoneOffset.UTC)));
    private String prevHash;
    private long seq;

    private static Principal user(String id, Role role) {
        return new Principal(id, id, Set.of(role), Set.of("Acme"));
    }

    private static Asset asset(String id, LocalDate rightsExpireOn) {
        return new Asset(id, "Acme", "b1", null, null, "photo.jpg", null, List.of(), List.of(), "cara@acme.example",
                T, T, 1, 1, "h", new AssetDetails(null, null, null, null, rightsExpireOn));
    }

    private void review(String assetId, ReviewStatus status) {
        long revision = reviews.find(assetId).map(Review::revision).orElse(0L) + 1;
        Review r = new Review(assetId, "b1", "Acme", "photo", "cara@acme.example", "mia@acme.example", status,
                List.of(new StageSpec("brand", StageRule.ALL, List.of("rex@acme.example"), "mia@acme.example",
                        Duration.ofDays(2))),
                List.of(new Round(1, 1, "sha", T, List.of(), status == ReviewStatus.APPROVED ? Outcome.APPROVED
                        : Outcome.PENDING, null)), null, T, T, revision);
        AuditEntry e = AuditChain.next(prevHash, Review.chain(assetId), ++seq, T, "workflow", "review", status.code());
        prevHash = e.hash();
        assertThat(reviews.save(r, e)).isEqualTo(ReviewRepository.Write.DONE);
    }

    @Test
    void theRuleFollowsTheReviewThenRightsThenArchive() {
        LocalDate today = LocalDate.of(2026, 6, 1);
        Asset a = asset("a1", null);
        assertThat(AssetStanding.visibility(a, null, false, today)).isEqualTo(Visibility.DRAFT);
        review("a1", ReviewStatus.IN_REVIEW);
        assertThat(AssetStanding.visibility(a, reviews.find("a1").orElseThrow(), false, today))
                .isEqualTo(Visibility.IN_REVIEW);
        review("a1", ReviewStatus.APPROVED);
        Review approved = reviews.find("a1").orElseThrow();
        assertThat(AssetStanding.visibility(a, approved, false, today)).isEqualTo(Visibility.APPROVED);
        assertThat(AssetStanding.visibility(asset("a1", today.minusDays(1)), approved, false, today))
                .isEqualTo(Visibility.EXPIRED);
        assertThat(AssetStanding.visibility(asset("a1", today), approved, false, today))
                .as("the last day is still usable").isEqualTo(Visibility.APPROVED);
        assertThat(AssetStanding.visibility(a, approved, true, today)).isEqualTo(Visibility.ARCHIVED);
        assertThat(AssetStanding.visibility(a, approved, false, true, today)).as("T-0 expired its versions")
                .isEqualTo(Visibility.EXPIRED);
    }

    @Test
    void anAssetWhoseVersionsTheExpiryJobRetiredIsExpired() {
        Asset a = asset("a4", null);
        AuditEntry e = AuditChain.next(null, "a4", 1, T, "cara", "asset.created", "test");
        Asset stored = new Asset("a4", "Acme", "b1", null, null, "photo.jpg", null, List.of(), List.of(),
                "cara@acme.example", T, T, 1, 1, e.hash());
        assets.save(stored, version("a4", VersionState.READY), e, null);
        review("a4", ReviewStatus.APPROVED);
        access.requireRead(VIEWER, a);
        AuditEntry e2 = AuditChain.next(e.hash(), "a4", 2, T, "expiry", "asset.expired", "T-0");
        assets.save(new Asset("a4", "Acme", "b1", null, null, "photo.jpg", null, List.of(), List.of(),
                "cara@acme.example", T, T, 2, 1, e2.hash()), version("a4", VersionState.EXPIRED), e2, null);
        assertThatThrownBy(() -> access.requireRead(VIEWER, a)).isInstanceOf(NotFoundException.class);
        assertThat(access.visibility(ADMIN, a)).isEqualTo(Visibility.EXPIRED);
    }

    private static AssetVersion version(String id, VersionState state) {
        return new AssetVersion(id, 1, state, List.of(), "cara@acme.example", "originals/" + id + "/1/p.jpg", "p.jpg",
                "image/jpeg", 10, null, T, T, null, "x", "image/jpeg", 10L, "sha", null, null, null, null, null, null,
                null);
    }

    @Test
    void aDraftIsSeenOnlyByItsTeamAndAnApprovedAssetByItsBrand() {
        Asset a = asset("a2", null);
        access.requireDownload(UPLOADER, a);
        assertThatThrownBy(() -> access.requireRead(VIEWER, a)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> access.requireRead(REVIEWER, a)).as("not a participant yet")
                .isInstanceOf(NotFoundException.class);
        access.requireRead(ADMIN, a);

        review("a2", ReviewStatus.IN_REVIEW);
        access.requireRead(REVIEWER, a);
        access.require(REVIEWER, Action.APPROVE, a);
        assertThatThrownBy(() -> access.requireRead(VIEWER, a)).isInstanceOf(NotFoundException.class);
        assertThat(access.decide(UPLOADER, Action.SHARE, a).allowed()).isFalse();

        review("a2", ReviewStatus.APPROVED);
        access.requireDownload(VIEWER, a);
        assertThat(access.visibility(VIEWER, a)).isEqualTo(Visibility.APPROVED);
        assertThatThrownBy(() -> access.require(REVIEWER, Action.APPROVE, a)).isInstanceOf(ForbiddenException.class);
        Principal zest = new Principal("oscar", "oscar", Set.of(Role.BRAND_MANAGER), Set.of("Zest"));
        assertThatThrownBy(() -> access.requireRead(zest, a)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void expiredAssetsAreHiddenExceptFromAdmins() {
        Asset a = asset("a3", LocalDate.of(2026, 5, 31));
        review("a3", ReviewStatus.APPROVED);
        assertThatThrownBy(() -> access.requireRead(VIEWER, a)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> access.requireRead(UPLOADER, a)).isInstanceOf(NotFoundException.class);
        access.requireRead(ADMIN, a);
        assertThatThrownBy(() -> access.requireDownload(ADMIN, a)).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void anExternalSeesApprovedAssetsOfTheCollectionsItWasGivenAndNothingElse() {
        Set<String> items = Set.of("c1/a5");
        LibraryAccess scoped = new LibraryAccess(new AssetStanding(assets, reviews, new InMemoryBriefRepository(),
                id -> false, (collection, asset) -> items.contains(collection + "/" + asset),
                Clock.fixed(T, ZoneOffset.UTC)));
        Principal given = Principal.fromClaims(java.util.Map.of("sub", "eve@agency.example",
                "cognito:groups", "[external]", "custom:collections", "[\"c1\",\"c9\"]"));
        Principal other = Principal.fromClaims(java.util.Map.of("sub", "ed@agency.example",
                "cognito:groups", "[external]", "custom:collections", "c2"));
        assertThat(given.collections()).containsExactly("c1", "c9");
        Asset inC1 = asset("a5", null);
        Asset elsewhere = asset("a6", null);
        review("a5", ReviewStatus.APPROVED);
        prevHash = null; // the next asset's review chain starts afresh
        seq = 0;
        review("a6", ReviewStatus.APPROVED);

        scoped.requireRead(given, inC1);
        scoped.requireDownload(given, inC1);
        assertThatThrownBy(() -> scoped.require(given, Action.EDIT, inC1)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> scoped.requireRead(given, elsewhere)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scoped.requireRead(other, inC1)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> access.requireRead(given, inC1)).as("a store that knows no memberships")
                .isInstanceOf(NotFoundException.class);
    }
}
