package dam.core.asset;

import java.util.List;

/**
 * Port: AI tags for an image (labels, faces, text) with confidences 0–100. Given a downscaled JPEG so every image,
 * whatever its original size, fits the service's byte limit.
 */
public interface AiTagger {

    List<Tag> tag(byte[] jpeg);
}
