package dam.core.library;

import com.fasterxml.jackson.annotation.JsonValue;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * An asset's usage-rights status from its rights records on a day: none (no records), active, expiring (every
 * record valid today ends within {@value #EXPIRING_DAYS} days), expired (records, none valid today, some ended),
 * pending (records, none started yet). Downloads and shares are refused while expired or pending.
 */
public enum RightsStatus {
    NONE, ACTIVE, EXPIRING, EXPIRED, PENDING;

    public static final int EXPIRING_DAYS = 30;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean blocksUse() {
        return this == EXPIRED || this == PENDING;
    }

    public static RightsStatus of(List<RightsRecord> records, LocalDate today) {
        if (records.isEmpty()) {
            return NONE;
        }
        List<RightsRecord> valid = records.stream().filter(r -> r.validOn(today)).toList();
        if (valid.isEmpty()) {
            return records.stream().anyMatch(r -> r.end() != null && r.end().isBefore(today)) ? EXPIRED : PENDING;
        }
        boolean lasting = valid.stream().anyMatch(r -> r.end() == null
                || r.end().isAfter(today.plusDays(EXPIRING_DAYS)));
        return lasting ? ACTIVE : EXPIRING;
    }
}
