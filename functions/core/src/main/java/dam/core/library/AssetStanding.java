package dam.core.library;

import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.auth.Principal;
import dam.core.brief.BriefRepository;
import dam.core.review.Review;
import dam.core.review.ReviewRepository;
import dam.core.review.ReviewStatus;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Where an asset stands for the library, read from its actual state: archived → expired (the asset's usage rights
 * date has passed, or the expiry job retired its versions at T-0: none ready, some expired) → its review's outcome (approved by {@code closeRound}: approved; a round running: in review;
 * anything else or no review yet: draft). The same rule as the search projection, so search and every other read
 * agree. The brief team of a draft is its uploader, the review's participants and the brief's team.
 */
public final class AssetStanding implements LibraryAccess.Standing {

    private final AssetRepository assets;
    private final ReviewRepository reviews;
    private final BriefRepository briefs;
    private final Predicate<String> archived;
    private final BiPredicate<String, String> inCollection;
    private final Clock clock;

    /** Without archiving (nothing is ever archived). */
    public AssetStanding(AssetRepository assets, ReviewRepository reviews, BriefRepository briefs, Clock clock) {
        this(assets, reviews, briefs, id -> false, clock);
    }

    /** @param archived whether an asset is archived (or being restored) — the lifecycle store's answer */
    public AssetStanding(AssetRepository assets, ReviewRepository reviews, BriefRepository briefs,
                         Predicate<String> archived, Clock clock) {
        this(assets, reviews, briefs, archived, (collection, asset) -> false, clock);
    }

    /** @param inCollection whether (collectionId, assetId) is an item — asked only for a caller's given collections */
    public AssetStanding(AssetRepository assets, ReviewRepository reviews, BriefRepository briefs,
                         Predicate<String> archived, BiPredicate<String, String> inCollection, Clock clock) {
        this.inCollection = Objects.requireNonNull(inCollection);
        this.assets = Objects.requireNonNull(assets);
        this.reviews = Objects.requireNonNull(reviews);
        this.briefs = Objects.requireNonNull(briefs);
        this.archived = Objects.requireNonNull(archived);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The rule itself, on data already read. */
    public static Visibility visibility(Asset a, Review review, boolean archived, LocalDate today) {
        return visibility(a, review, archived, false, today);
    }

    /** @param versionsExpired the asset has no ready version and the expiry job expired at least one */
    public static Visibility visibility(Asset a, Review review, boolean archived, boolean versionsExpired,
                                        LocalDate today) {
        if (archived) {
            return Visibility.ARCHIVED;
        }
        LocalDate until = a.details().rightsExpireOn();
        if (versionsExpired || until != null && today.isAfter(until)) {
            return Visibility.EXPIRED;
        }
        if (review == null) {
            return Visibility.DRAFT;
        }
        return review.status() == ReviewStatus.APPROVED ? Visibility.APPROVED
                : review.status() == ReviewStatus.IN_REVIEW ? Visibility.IN_REVIEW : Visibility.DRAFT;
    }

    @Override
    public LibraryAccess.Place place(Principal p, Asset a) {
        Optional<Review> review = reviews.find(a.id());
        List<AssetVersion> versions = assets.versions(a.id());
        boolean versionsExpired = versions.stream().noneMatch(x -> x.state() == VersionState.READY)
                && versions.stream().anyMatch(x -> x.state() == VersionState.EXPIRED);
        Visibility v = visibility(a, review.orElse(null), archived.test(a.id()), versionsExpired,
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        boolean team = false;
        if (v.teamOnly()) {
            String user = p.userId();
            team = user.equalsIgnoreCase(a.createdBy()) || review.map(r -> r.participant(user)).orElse(false)
                    || a.briefId() != null && briefs.find(a.briefId()).map(b -> b.isTeamMember(user)).orElse(false);
        }
        Set<String> given = p.collections().stream().filter(c -> inCollection.test(c, a.id()))
                .collect(Collectors.toSet());
        return new LibraryAccess.Place(v, team, given);
    }
}
