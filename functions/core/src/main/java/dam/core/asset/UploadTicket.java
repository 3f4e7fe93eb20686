package dam.core.asset;

/** Answer to an upload request: the asset, the new version (state uploading) and how to send its bytes. */
public record UploadTicket(Asset asset, AssetVersion version, UploadPlan plan, boolean created) {
}
