package dam.rendition;

import dam.core.library.Focal;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.BoundingBox;

import java.util.List;
import java.util.Objects;

/** Face boxes from Rekognition DetectFaces (relative boxes, as Rekognition reports them); weak detections dropped. */
public final class RekognitionFaces implements DerivativeStep.FaceDetector {

    static final float MIN_CONFIDENCE = 80f;

    private final RekognitionClient rekognition;

    public RekognitionFaces(RekognitionClient rekognition) {
        this.rekognition = rekognition;
    }

    @Override
    public List<Focal.FaceBox> detect(byte[] jpeg) {
        return rekognition.detectFaces(r -> r.image(i -> i.bytes(SdkBytes.fromByteArray(jpeg)))).faceDetails()
                .stream()
                .filter(f -> f.confidence() != null && f.confidence() >= MIN_CONFIDENCE && f.boundingBox() != null)
                .map(f -> box(f.boundingBox())).filter(Objects::nonNull).toList();
    }

    private static Focal.FaceBox box(BoundingBox b) {
        if (b.left() == null || b.top() == null || b.width() == null || b.height() == null) {
            return null;
        }
        return new Focal.FaceBox(b.left(), b.top(), b.width(), b.height());
    }
}
