package dam.media;

/**
 * What an image's header says, read without decoding pixels.
 *
 * @param format      ImageIO format name of the reader (e.g. "jpeg", "png")
 * @param width       stored width (before EXIF orientation)
 * @param height      stored height
 * @param colourModel RGB, CMYK, GRAY or another ColorSpace family name
 * @param iccProfile  description of an embedded/declared ICC profile ("sRGB" for the standard space), or null
 * @param hasAlpha    whether the pixel format carries an alpha channel
 * @param dpiX        horizontal resolution from the header, or null
 * @param dpiY        vertical resolution from the header, or null
 */
public record ImageHeader(String format, int width, int height, String colourModel, String iccProfile,
                          boolean hasAlpha, Double dpiX, Double dpiY) {
}
