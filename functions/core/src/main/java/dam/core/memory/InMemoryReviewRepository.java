package dam.core.memory;

import dam.core.approval.ApprovalLinkRepository;
import dam.core.audit.AuditEntry;
import dam.core.review.Annotation;
import dam.core.review.Review;
import dam.core.review.ReviewRepository;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ReviewRepository} in memory. Audit entries go to the given {@link InMemoryApprovalLinks}' chains (the chain a
 * review shares with its asset's approval links); each write holds that store's lock, so item and entry are stored
 * together or not at all, with the same conditions as DynamoDB.
 */
public final class InMemoryReviewRepository implements ReviewRepository {

    private final InMemoryApprovalLinks links;
    private final Map<String, Review> reviews = new HashMap<>();
    private final Map<String, Annotation> annotations = new HashMap<>();

    public InMemoryReviewRepository(InMemoryApprovalLinks links) {
        this.links = links;
    }

    @Override
    public Optional<Review> find(String assetId) {
        synchronized (links) {
            return Optional.ofNullable(reviews.get(assetId));
        }
    }

    @Override
    public Write save(Review review, AuditEntry audit) {
        synchronized (links) {
            Review stored = reviews.get(review.assetId());
            if ((stored == null ? 0 : stored.revision()) != review.revision() - 1) {
                return Write.STALE;
            }
            if (links.append(audit) != ApprovalLinkRepository.Write.DONE) {
                return Write.CHAIN_MOVED;
            }
            reviews.put(review.assetId(), review);
            return Write.DONE;
        }
    }

    @Override
    public List<Annotation> annotations(String assetId) {
        synchronized (links) {
            return annotations.values().stream().filter(a -> a.assetId().equals(assetId))
                    .sorted(Comparator.comparing(Annotation::createdAt).thenComparing(Annotation::id)).toList();
        }
    }

    @Override
    public Optional<Annotation> annotation(String assetId, String id) {
        synchronized (links) {
            return Optional.ofNullable(annotations.get(assetId + "/" + id));
        }
    }

    @Override
    public Write save(Annotation a, AuditEntry audit) {
        synchronized (links) {
            Annotation stored = annotations.get(a.assetId() + "/" + a.id());
            if ((stored == null ? 0 : stored.revision()) != a.revision() - 1) {
                return Write.STALE;
            }
            if (links.append(audit) != ApprovalLinkRepository.Write.DONE) {
                return Write.CHAIN_MOVED;
            }
            annotations.put(a.assetId() + "/" + a.id(), a);
            return Write.DONE;
        }
    }
}
