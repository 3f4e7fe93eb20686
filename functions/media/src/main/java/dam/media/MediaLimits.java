package dam.media;

/**
 * Limits applied before any decoding. Archive defaults follow Tika's SecureContentHandler (ratio 100 once more
 * than 1 MB has been produced) plus hard caps on total size, entry count and nesting.
 *
 * @param maxPixels          largest width × height accepted (header value, checked before decoding)
 * @param maxSide            largest single dimension accepted
 * @param maxCompressionRatio inflated bytes / archive bytes above which an archive is a bomb
 * @param ratioThreshold     inflated bytes below which the ratio is not judged
 * @param maxInflatedBytes   absolute cap on bytes inflated from an archive (all entries, all levels)
 * @param maxEntries         cap on archive entries (all levels)
 * @param maxNesting         archives inside archives allowed this deep
 */
public record MediaLimits(long maxPixels, int maxSide, double maxCompressionRatio, long ratioThreshold,
                          long maxInflatedBytes, int maxEntries, int maxNesting) {

    public static final MediaLimits DEFAULT = new MediaLimits(
            150_000_000L, 30_000, 100, 1_000_000, 4L << 30, 10_000, 2);

    public MediaLimits {
        if (maxPixels <= 0 || maxSide <= 0 || maxCompressionRatio <= 1 || maxEntries <= 0 || maxNesting < 0) {
            throw new IllegalArgumentException("media limits must be positive");
        }
    }

    /** Throws PIXEL_BOMB if a header declares more than allowed. */
    public void checkPixels(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new MediaException(ReasonCode.CORRUPT, "image header declares " + width + "×" + height);
        }
        if (width > maxSide || height > maxSide || (long) width * height > maxPixels) {
            throw new MediaException(ReasonCode.PIXEL_BOMB, "image header declares " + width + "×" + height
                    + " pixels; the limit is " + maxPixels + " pixels and " + maxSide + " per side");
        }
    }
}
