package dam.core.asset;

/** A stored derivative: {@code name} (thumbnail, preview, web), its key in the derivatives bucket, size. */
public record Rendition(String name, String key, int width, int height, long bytes, String contentType) {
}
