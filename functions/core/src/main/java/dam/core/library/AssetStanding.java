package dam.core.library;

import dam.core.asset.Asset;
import dam.core.auth.Principal;
import dam.core.brief.BriefRepository;
import dam.core.review.Review;
import dam.core.review.ReviewRepository;
import dam.core.review.ReviewStatus;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an asset stands for the library, read from its actual state: archived → expired (the asset's usage rights
 * date has passed) → its review's outcome (approved by {@code closeRound}: approved; a round running: in review;
 * anything else or no review yet: draft). The same rule as the search projection, so search and every other read
 * agree. The brief team of a draft is its uploader, the review's participants and the brief's team.
 */
public final class AssetStanding implements LibraryAccess.Standing {

    private final ReviewRepository reviews;
    private final BriefRepository briefs;
    private final Clock clock;

    public AssetStanding(ReviewRepository reviews, BriefRepository briefs, Clock clock) {
        this.reviews = Objects.requireNonNull(reviews);
        this.briefs = Objects.requireNonNull(briefs);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The rule itself, on data already read. */
    public static Visibility visibility(Asset a, Review review, boolean archived, LocalDate today) {
        if (archived) {
            return Visibility.ARCHIVED;
        }
        LocalDate until = a.details().rightsExpireOn();
        if (until != null && today.isAfter(until)) {
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
        // Archiving has no writer yet; the flag joins here when it has (the search projection reads archivedAt).
        Visibility v = visibility(a, review.orElse(null), false, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        boolean team = false;
        if (v.teamOnly()) {
            String user = p.userId();
            team = user.equalsIgnoreCase(a.createdBy()) || review.map(r -> r.participant(user)).orElse(false)
                    || a.briefId() != null && briefs.find(a.briefId()).map(b -> b.isTeamMember(user)).orElse(false);
        }
        return new LibraryAccess.Place(v, team);
    }
}
