package dam.core.library;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One usage-rights record of an asset (a licence, a talent release bundle, an agency contract): valid from
 * {@code start} to {@code end} inclusive (null end = perpetual), in {@code territories} (ISO 3166 codes or WW) and
 * {@code channels}; cost and where the document is kept.
 */
public record RightsRecord(String assetId, String rightsId, String licenceType, List<String> territories,
                           List<String> channels, LocalDate start, LocalDate end, List<String> talentReleases,
                           BigDecimal costAmount, String costCurrency, String source, String documentUrl,
                           String updatedBy, Instant updatedAt) {

    public RightsRecord {
        territories = territories == null ? List.of() : List.copyOf(territories);
        channels = channels == null ? List.of() : List.copyOf(channels);
        talentReleases = talentReleases == null ? List.of() : List.copyOf(talentReleases);
    }

    public boolean validOn(LocalDate day) {
        return !start.isAfter(day) && (end == null || !end.isBefore(day));
    }
}
