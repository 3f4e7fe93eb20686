package dam.core.asset;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One version of an asset. The original lives at {@code originalKey} = {@code originals/<asset>/<n>/<fileName>} —
 * {@code fileName} is sanitised to one safe segment, so no user-supplied path ever reaches a key. Processing results
 * (type, hashes, metadata, quality, tags, renditions, duplicates, standard name) are filled in by the ingest steps.
 * {@code claimedBy} is the ingest execution that owns the processing (a second delivery of the same upload event
 * finds it claimed and stops).
 */
public record AssetVersion(String assetId, int number, VersionState state, List<Reason> reasons, String submitter,
                           String originalKey, String fileName, String declaredContentType, long declaredSize,
                           String uploadId, Instant createdAt, Instant updatedAt, Instant uploadExpiresAt,
                           String claimedBy, String detectedType, Long size, String sha256, String phash,
                           TechMetadata tech, List<QualityResult> quality, List<Tag> tags,
                           List<Rendition> renditions, List<DuplicateMatch> duplicates, String standardName) {

    public AssetVersion {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(state, "state");
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        quality = quality == null ? List.of() : List.copyOf(quality);
        tags = tags == null ? List.of() : List.copyOf(tags);
        renditions = renditions == null ? List.of() : List.copyOf(renditions);
        duplicates = duplicates == null ? List.of() : List.copyOf(duplicates);
    }

    static AssetVersion uploading(String assetId, int number, String submitter, String key, String fileName,
                                  String contentType, long size, String uploadId, Instant now, Instant expires) {
        return new AssetVersion(assetId, number, VersionState.UPLOADING, List.of(), submitter, key, fileName,
                contentType, size, uploadId, now, now, expires, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    AssetVersion state(VersionState s, List<Reason> why, Instant at) {
        return new AssetVersion(assetId, number, s, why, submitter, originalKey, fileName, declaredContentType,
                declaredSize, uploadId, createdAt, at, uploadExpiresAt, claimedBy, detectedType, size, sha256, phash,
                tech, quality, tags, renditions, duplicates, standardName);
    }

    AssetVersion claimed(String execution, Instant at) {
        return new AssetVersion(assetId, number, VersionState.PROCESSING, List.of(), submitter, originalKey, fileName,
                declaredContentType, declaredSize, uploadId, createdAt, at, uploadExpiresAt, execution, detectedType,
                size, sha256, phash, tech, quality, tags, renditions, duplicates, standardName);
    }

    AssetVersion sniffed(String type, long bytes, String sha, Instant at) {
        return new AssetVersion(assetId, number, state, reasons, submitter, originalKey, fileName, declaredContentType,
                declaredSize, uploadId, createdAt, at, uploadExpiresAt, claimedBy, type, bytes, sha, phash, tech,
                quality, tags, renditions, duplicates, standardName);
    }

    AssetVersion described(TechMetadata meta, String perceptualHash, Instant at) {
        return new AssetVersion(assetId, number, state, reasons, submitter, originalKey, fileName, declaredContentType,
                declaredSize, uploadId, createdAt, at, uploadExpiresAt, claimedBy, detectedType, size, sha256,
                perceptualHash, meta, quality, tags, renditions, duplicates, standardName);
    }

    AssetVersion withQuality(List<QualityResult> results, Instant at) {
        return new AssetVersion(assetId, number, state, reasons, submitter, originalKey, fileName, declaredContentType,
                declaredSize, uploadId, createdAt, at, uploadExpiresAt, claimedBy, detectedType, size, sha256, phash,
                tech, results, tags, renditions, duplicates, standardName);
    }

    AssetVersion withTags(List<Tag> newTags, Instant at) {
        return new AssetVersion(assetId, number, state, reasons, submitter, originalKey, fileName, declaredContentType,
                declaredSize, uploadId, createdAt, at, uploadExpiresAt, claimedBy, detectedType, size, sha256, phash,
                tech, quality, newTags, renditions, duplicates, standardName);
    }

    AssetVersion withRenditions(List<Rendition> list, Instant at) {
        return new AssetVersion(assetId, number, state, reasons, submitter, originalKey, fileName, declaredContentType,
                declaredSize, uploadId, createdAt, at, uploadExpiresAt, claimedBy, detectedType, size, sha256, phash,
                tech, quality, tags, list, duplicates, standardName);
    }

    AssetVersion withDuplicates(List<DuplicateMatch> list, Instant at) {
        return new AssetVersion(assetId, number, state, reasons, submitter, originalKey, fileName, declaredContentType,
                declaredSize, uploadId, createdAt, at, uploadExpiresAt, claimedBy, detectedType, size, sha256, phash,
                tech, quality, tags, renditions, list, standardName);
    }

    AssetVersion named(String name, Instant at) {
        return new AssetVersion(assetId, number, state, reasons, submitter, originalKey, fileName, declaredContentType,
                declaredSize, uploadId, createdAt, at, uploadExpiresAt, claimedBy, detectedType, size, sha256, phash,
                tech, quality, tags, renditions, duplicates, name);
    }

    /** Tags from one source, e.g. the AI tags an ingest step replaces as a set. */
    public List<Tag> tags(Tag.Source source) {
        return tags.stream().filter(t -> t.source() == source).toList();
    }

    /** An upload that never arrived before its link expired reads as such (the version itself stays uploading). */
    public boolean uploadExpired(Instant now) {
        return state == VersionState.UPLOADING && uploadExpiresAt != null && now.isAfter(uploadExpiresAt);
    }
}
