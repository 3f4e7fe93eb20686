package dam.core.asset;

import java.util.List;

/**
 * Detail of "Asset Version Ingested" / "Asset Version Rejected" (schemas in events/): schema {@code version} plus the
 * version's outcome. {@code state} is ready, rejected or quarantined; {@code reasons} say why it was not ready.
 */
public record AssetEventDetail(int version, String assetId, String brand, String briefId, int versionNumber,
                               String state, String submitter, String originalKey, String detectedType, String sha256,
                               Integer width, Integer height, String standardName, List<Rendition> renditions,
                               List<DuplicateMatch> duplicates, List<String> tags, List<Reason> reasons) {

    public static final int SCHEMA_VERSION = 1;
    public static final String SOURCE = "dam.assets";
    public static final String INGESTED = "Asset Version Ingested";
    public static final String REJECTED = "Asset Version Rejected";

    static AssetEventDetail of(Asset a, AssetVersion v) {
        TechMetadata t = v.tech();
        return new AssetEventDetail(SCHEMA_VERSION, a.id(), a.brand(), a.briefId(), v.number(), v.state().code(),
                v.submitter(), v.originalKey(), v.detectedType(), v.sha256(), t == null ? null : t.displayWidth(),
                t == null ? null : t.displayHeight(), v.standardName(), v.renditions(), v.duplicates(),
                v.tags().stream().map(tag -> tag.kind() + ":" + tag.value()).distinct().toList(), v.reasons());
    }
}
