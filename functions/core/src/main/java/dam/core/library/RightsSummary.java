package dam.core.library;

import java.time.LocalDate;

/**
 * What search and expiry need of an asset's rights, stored with every change: the status on the day of the change,
 * the earliest start and the latest end over its records (null end = perpetual). A reader recomputes the status for
 * another day from {@code validFrom}/{@code validUntil} (see {@link #statusOn}).
 */
public record RightsSummary(String assetId, RightsStatus status, LocalDate validFrom, LocalDate validUntil,
                            int records) {

    /** Status on {@code day} from the summary alone (exact for one record, a bound for several). */
    public RightsStatus statusOn(LocalDate day) {
        if (records == 0) {
            return RightsStatus.NONE;
        }
        if (validFrom != null && validFrom.isAfter(day)) {
            return RightsStatus.PENDING;
        }
        if (validUntil == null) {
            return RightsStatus.ACTIVE;
        }
        if (validUntil.isBefore(day)) {
            return RightsStatus.EXPIRED;
        }
        return validUntil.isAfter(day.plusDays(RightsStatus.EXPIRING_DAYS)) ? RightsStatus.ACTIVE
                : RightsStatus.EXPIRING;
    }
}
