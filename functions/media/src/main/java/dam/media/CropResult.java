package dam.media;

import java.awt.Rectangle;

/**
 * A written crop.
 *
 * @param rendition  the encoded output (exactly the preset's size)
 * @param crop       the crop rectangle in display pixels of the source
 * @param focalPoint the point kept in frame
 * @param upscaled   true when the source had fewer pixels than the preset needs
 */
public record CropResult(Rendition rendition, Rectangle crop, FocalPoint focalPoint, boolean upscaled) {
}
