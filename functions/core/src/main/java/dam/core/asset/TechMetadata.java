package dam.core.asset;

import java.util.Map;

/**
 * Technical metadata of an original, read from its header (never by decoding the pixels). Dimensions are as stored;
 * {@link #displayWidth()}/{@link #displayHeight()} honour the EXIF orientation (5–8 swap the axes). Nullable fields are
 * unknown or not applicable (no duration for a photo).
 */
public record TechMetadata(String mediaType, Integer width, Integer height, Integer orientation, String colourSpace,
                           String iccProfile, Double dpiX, Double dpiY, Boolean hasAlpha, Integer pageCount,
                           Long durationMs, String codec, Map<String, String> properties) {

    public TechMetadata {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public static TechMetadata ofImage(String mediaType, int width, int height, int orientation, String colourSpace,
                                       Boolean hasAlpha) {
        return new TechMetadata(mediaType, width, height, orientation, colourSpace, null, null, null, hasAlpha, null,
                null, null, Map.of());
    }

    public boolean hasDimensions() {
        return width != null && height != null && width > 0 && height > 0;
    }

    /** Orientations 5–8 are rotated by 90°: the displayed image is height × width. */
    public boolean rotated() {
        return orientation != null && orientation >= 5 && orientation <= 8;
    }

    public Integer displayWidth() {
        return rotated() ? height : width;
    }

    public Integer displayHeight() {
        return rotated() ? width : height;
    }

    public long pixels() {
        return hasDimensions() ? (long) width * height : 0;
    }
}
