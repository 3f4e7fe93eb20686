package dam.core.library;

/**
 * A validated conversion for the renderer: read {@code sourceKey} (originals bucket), write {@code key} (derivatives
 * bucket) in {@code format}. {@code mode} "crop" = exactly width×height around the focal point ({@code focal} null =
 * the renderer detects one and records it), "fit" = long edge scaled so it fits width×height (0 = unbounded on that
 * side), never upscaled.
 */
public record DerivativeSpec(String assetId, int version, String sourceKey, String sourceType, String key,
                             String format, String mode, String presetName, int width, int height, Focal focal) {

    public static final String CROP = "crop";
    public static final String FIT = "fit";
}
