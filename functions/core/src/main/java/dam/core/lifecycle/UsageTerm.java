package dam.core.lifecycle;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A dated term on an asset besides its licence: a <b>talent</b> release (the person shown, whose contract ends on
 * {@code end}) or an <b>offer</b> (a price or promotion the asset advertises, valid until {@code end}). Both are
 * their own records rather than fields of a rights record: each is signed, moved and removed on its own (one model's
 * contract ends while the photo licence runs on) and each drives its own expiry schedules. {@code end} is the last
 * day of use, inclusive, like a rights record's; {@code start} is optional.
 */
public record UsageTerm(String assetId, String kind, String termId, String name, String reference, LocalDate start,
                        LocalDate end, String updatedBy, Instant updatedAt) {

    public UsageTerm {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(termId, "termId");
        Objects.requireNonNull(end, "end");
        if (!ExpiryCheck.TALENT.equals(kind) && !ExpiryCheck.OFFER.equals(kind)) {
            throw new IllegalArgumentException("a usage term is a talent release or an offer, not " + kind);
        }
    }

    /** The moment the term ends: the start of the day after its last day, UTC. */
    public Instant endsAt() {
        return RightsExpiry.endsAt(end);
    }

    public ExpiryPlanner.Dated dated() {
        return new ExpiryPlanner.Dated(assetId, termId, kind, endsAt());
    }

    /** As people read it: "the talent release of Jane Doe", "the offer Spring sale". */
    public String label() {
        return (ExpiryCheck.TALENT.equals(kind) ? "the talent release of " : "the offer ") + "\"" + name + "\"";
    }
}
