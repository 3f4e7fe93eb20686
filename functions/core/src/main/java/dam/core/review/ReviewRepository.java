package dam.core.review;

import dam.core.audit.AuditEntry;

import java.util.List;
import java.util.Optional;

/**
 * Port: reviews and their annotations. Every write stores one item with its audit entry in one atomic step: the item
 * only if its stored revision is still {@code revision - 1} (0 = new), the entry only if its sequence number is still
 * free in the asset's review chain ({@link Review#chain}) — the chain the approval links append to as well.
 */
public interface ReviewRepository {

    enum Write {
        DONE,
        /** The item changed since it was read: nothing stored. */
        STALE,
        /** Someone appended to the audit chain first: nothing stored. */
        CHAIN_MOVED
    }

    Optional<Review> find(String assetId);

    Write save(Review review, AuditEntry audit);

    /** Every annotation of the asset, oldest first. */
    List<Annotation> annotations(String assetId);

    Optional<Annotation> annotation(String assetId, String id);

    Write save(Annotation annotation, AuditEntry audit);
}
