package dam.core.analytics;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened which a report counts, as the aggregator receives it. {@code id} is deterministic for the
 * happening (the usage event's id, the audit entry's key, "version 3 of asset a became ready"), so a redelivery has the
 * same id and is applied once.
 */
public sealed interface Fact {

    String id();

    Instant at();

    /** A use (view, download, share-link use, placement, search). */
    record Use(String id, UsageEvent event) implements Fact {
        public Use {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(event, "event");
        }

        public Instant at() {
            return event.at();
        }
    }

    /** An asset was created: it enters its brand's catalogue (the "never used" report's population). */
    record Catalogued(String id, String assetId, String brand, String title, Instant at) implements Fact {
    }

    /** A version became ready: its bytes (original and renditions) count towards its brand's storage. */
    record Stored(String id, String assetId, long bytes, Instant at) implements Fact {
    }

    /** A brief went to approval. */
    record BriefSubmitted(String id, String briefId, String brand, Instant at) implements Fact {
    }

    /** A brief was approved (the approval cycle ends). */
    record BriefApproved(String id, String briefId, String brand, String title, Instant at) implements Fact {
    }

    /** An asset's review approved a version after {@code rounds} rounds. */
    record AssetApproved(String id, String assetId, String brand, int version, int rounds, Instant at)
            implements Fact {
    }

    /** A reviewer decided on an approval link issued at {@code issuedAt}. */
    record ReviewerDecided(String id, String assetId, String reviewer, String decision, Instant issuedAt,
                           Instant at) implements Fact {
    }
}
