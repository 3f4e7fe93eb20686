package dam.core.lifecycle;

import dam.core.library.RightsRecord;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * When a rights record ends as an instant: its {@code end} date is the last day of use (inclusive), so it expires at
 * the start of the next day, UTC — the moment downloads start answering "expired" ({@link RightsRecord#validOn}).
 */
public final class RightsExpiry {

    private RightsExpiry() {
    }

    /** Null for a perpetual record (no end). */
    public static Instant endsAt(LocalDate end) {
        return end == null ? null : end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public static Instant endsAt(RightsRecord record) {
        return endsAt(record.end());
    }

    public static ExpiryPlanner.Dated dated(RightsRecord r) {
        return new ExpiryPlanner.Dated(r.assetId(), r.rightsId(), ExpiryCheck.RIGHTS, endsAt(r));
    }
}
