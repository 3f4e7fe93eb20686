package dam.core.asset;

import java.time.Instant;
import java.util.List;

/**
 * An asset: what a creator submits versions of. {@code displayName} is the sanitised name people see;
 * {@code revision} is the optimistic-concurrency counter and the sequence number of the latest audit entry (every
 * change of the asset or one of its versions bumps it). {@code keywords}/{@code categories} are controlled vocabulary
 * terms (user tags after synonym mapping).
 */
public record Asset(String id, String brand, String briefId, String campaign, String channel, String displayName,
                    String description, List<String> keywords, List<String> categories, String createdBy,
                    Instant createdAt, Instant updatedAt, long revision, int latestVersion, String auditHash,
                    AssetDetails details) {

    public Asset {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        categories = categories == null ? List.of() : List.copyOf(categories);
        details = details == null ? AssetDetails.NONE : details;
    }

    /** An asset without user details (dates, usage rights) yet. */
    public Asset(String id, String brand, String briefId, String campaign, String channel, String displayName,
                 String description, List<String> keywords, List<String> categories, String createdBy,
                 Instant createdAt, Instant updatedAt, long revision, int latestVersion, String auditHash) {
        this(id, brand, briefId, campaign, channel, displayName, description, keywords, categories, createdBy,
                createdAt, updatedAt, revision, latestVersion, auditHash, AssetDetails.NONE);
    }

    Asset next(Instant at, String hash, int latest) {
        return new Asset(id, brand, briefId, campaign, channel, displayName, description, keywords, categories,
                createdBy, createdAt, at, revision + 1, latest, hash, details);
    }

    Asset withMetadata(String newDescription, List<String> newKeywords, List<String> newCategories,
                       AssetDetails newDetails, Instant at, String hash) {
        return new Asset(id, brand, briefId, campaign, channel, displayName, newDescription, newKeywords,
                newCategories, createdBy, createdAt, at, revision + 1, latestVersion, hash, newDetails);
    }
}
