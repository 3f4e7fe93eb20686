package dam.core.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The daily run of every brand's {@link RetentionPolicy}: for each brand with a policy it reads only the assets whose
 * retention clock (last use: approved, published, expired) is older than the policy's archive age — never the
 * table — and applies the policy to each with fresh facts (a hold, a live placement or a newer use keeps it). Assets
 * waiting on a Glacier restore are re-checked too. One asset's failure is reported and does not stop the others.
 */
public final class RetentionRunner {

    private final ArchiveService service;
    private final LifecycleStore store;
    private final Clock clock;

    public RetentionRunner(ArchiveService service, LifecycleStore store, Clock clock) {
        this.service = Objects.requireNonNull(service);
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
    }

    public record Failure(String assetId, String error) {
    }

    /** What one run did: assets read (candidates), archived, deleted, kept, failed. */
    public record Report(int brands, int candidates, int archived, int deleted, int kept, List<Failure> failures) {
    }

    public Report run() {
        Instant now = clock.instant();
        int brands = 0;
        int candidates = 0;
        int archived = 0;
        int deleted = 0;
        int kept = 0;
        List<Failure> failures = new ArrayList<>();
        for (String brand : store.policyBrands()) {
            RetentionPolicy policy = store.policy(brand).orElse(null);
            if (policy == null) {
                continue;
            }
            brands++;
            for (String assetId : store.idleSince(brand, now.minus(Duration.ofDays(policy.archiveAfterDays())))) {
                candidates++;
                try {
                    switch (service.apply(assetId, policy).action()) {
                        case ARCHIVE -> archived++;
                        case DELETE -> deleted++;
                        case KEEP -> kept++;
                    }
                } catch (RuntimeException e) {
                    failures.add(new Failure(assetId, e.getClass().getSimpleName() + ": " + e.getMessage()));
                }
            }
        }
        return new Report(brands, candidates, archived, deleted, kept, List.copyOf(failures));
    }
}
