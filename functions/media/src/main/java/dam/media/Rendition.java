package dam.media;

/**
 * One written rendition.
 *
 * @param name        rendition name (e.g. "preview", a crop preset name)
 * @param format      encoded format
 * @param width       output width in pixels (display orientation)
 * @param height      output height in pixels
 * @param bytes       encoded size
 * @param subsampling source subsampling used while decoding (1 = every pixel decoded)
 * @param orientation EXIF orientation that was applied (1 = none)
 */
public record Rendition(String name, OutputFormat format, int width, int height, long bytes, int subsampling,
                        int orientation) {
}
