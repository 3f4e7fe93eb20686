package dam.local.rekognition;

import java.util.List;

/** Recognises printed text in an encoded PNG or JPEG image. Implementations are thread-safe. */
public interface TextDetector {
    List<TextLine> detect(byte[] encodedImage, int width, int height);
}
