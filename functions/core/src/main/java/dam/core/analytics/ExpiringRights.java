package dam.core.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Port: rights records ending on the given days, read from the expiry index (one partition per day and shard). */
public interface ExpiringRights {

    record Entry(String assetId, String rightsId, Instant endsAt) {
    }

    List<Entry> endingBetween(LocalDate firstDay, LocalDate lastDay);
}
