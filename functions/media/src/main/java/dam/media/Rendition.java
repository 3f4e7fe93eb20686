package dam.media;

/**
 * One written rendition.
 *
 * @param name        rendition name (e.g. "preview", a crop preset name)
 * @param format      encoded format
 * @param width       output width in pixels (display orientation)
 * @param height      output height in pixels
 * @param bytes       encoded size
 * @param subsampling how many source pixels per side one decoded pixel stands for (1 = full decode)
 * @param orientation EXIF orientation that was applied (1 = none)
 * @param decodePath  {@link #JPEG_DCT_SCALED}, {@link #IMAGEIO_SUBSAMPLED} or {@link #PDF_PAGE}
 */
public record Rendition(String name, OutputFormat format, int width, int height, long bytes, int subsampling,
                        int orientation, String decodePath) {
    /** Baseline JPEG decoded at 1/2, 1/4 or 1/8 scale in the DCT domain (shrink-on-load). */
    public static final String JPEG_DCT_SCALED = "jpeg-dct-scaled";
    /** ImageIO reader with source subsampling / region. */
    public static final String IMAGEIO_SUBSAMPLED = "imageio-subsampled";
    /** First PDF page rendered by PDFBox at the needed DPI. */
    public static final String PDF_PAGE = "pdf-page";
}
