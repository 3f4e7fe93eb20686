package dam.media;

import java.util.Map;

/**
 * Technical metadata of one file. Nullable fields are absent when the format does not carry them.
 *
 * @param mediaType      real type (from the bytes)
 * @param sizeBytes      file size
 * @param width          stored pixel width (images, video), or first-page width in points × 1 for PDFs: null
 * @param height         stored pixel height
 * @param orientation    EXIF orientation 1..8 (1 when absent)
 * @param displayWidth   width after orientation
 * @param displayHeight  height after orientation
 * @param colourModel    RGB, CMYK, GRAY, ...
 * @param iccProfile     ICC profile description ("sRGB IEC61966-2.1", "U.S. Web Coated (SWOP) v2", ...)
 * @param hasAlpha       whether the pixel format has an alpha channel
 * @param dpiX           horizontal resolution in dots per inch
 * @param dpiY           vertical resolution in dots per inch
 * @param durationSeconds audio/video duration
 * @param audioCodec     audio compressor/encoding as Tika names it
 * @param videoCodec     video compressor as Tika names it
 * @param sampleRate     audio sample rate in Hz
 * @param channels       audio channels
 * @param pageCount      PDF pages
 * @param fields         key EXIF/IPTC/XMP/document fields, prefixed "exif:", "gps:", "iptc:", "xmp:", "pdf:"
 */
public record TechMetadata(String mediaType, long sizeBytes, Integer width, Integer height, int orientation,
                           Integer displayWidth, Integer displayHeight, String colourModel, String iccProfile,
                           boolean hasAlpha, Double dpiX, Double dpiY, Double durationSeconds, String audioCodec,
                           String videoCodec, Integer sampleRate, Integer channels, Integer pageCount,
                           Map<String, String> fields) {
    public TechMetadata {
        fields = Map.copyOf(fields);
    }
}
