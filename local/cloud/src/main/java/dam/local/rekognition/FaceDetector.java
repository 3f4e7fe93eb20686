package dam.local.rekognition;

import java.awt.image.BufferedImage;
import java.util.List;

/** Finds faces in a decoded image. Implementations are thread-safe. */
public interface FaceDetector {
    List<Face> detect(BufferedImage image);
}
