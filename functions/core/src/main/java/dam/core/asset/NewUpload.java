package dam.core.asset;

/**
 * A file the client is about to upload: its name as the user has it (sanitised here), declared type and size.
 * {@code commandId} (nullable; e.g. an Idempotency-Key header) makes a repeated request return the same version.
 */
public record NewUpload(String fileName, String contentType, Long size, String commandId) {
}
