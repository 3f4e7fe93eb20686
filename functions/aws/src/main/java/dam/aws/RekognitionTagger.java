package dam.aws;

import dam.core.asset.AiTagger;
import dam.core.asset.Tag;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.TextDetection;
import software.amazon.awssdk.services.rekognition.model.TextTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link AiTagger} on Rekognition: DetectLabels, DetectFaces and DetectText on image bytes (callers send a
 * downscaled JPEG, always under Rekognition's 5 MB byte limit). Faces become one {@code face} tag with the best
 * confidence plus a {@code faces:N} count; text lines (not words) become {@code text} tags.
 */
public final class RekognitionTagger implements AiTagger {

    static final int MAX_LABELS = 25;
    static final float MIN_CONFIDENCE = 60f;
    static final int MAX_TEXT_LINES = 20;
    /** Rekognition's limit for image bytes in the request. */
    public static final int MAX_BYTES = 5 * 1024 * 1024;

    private final RekognitionClient rekognition;

    public RekognitionTagger(RekognitionClient rekognition) {
        this.rekognition = rekognition;
    }

    @Override
    public List<Tag> tag(byte[] jpeg) {
        if (jpeg.length > MAX_BYTES) {
            throw new IllegalArgumentException("image has " + jpeg.length + " bytes; Rekognition accepts "
                    + MAX_BYTES + " — send a downscaled rendition");
        }
        Image image = Image.builder().bytes(SdkBytes.fromByteArray(jpeg)).build();
        List<Tag> tags = new ArrayList<>();
        rekognition.detectLabels(r -> r.image(image).maxLabels(MAX_LABELS).minConfidence(MIN_CONFIDENCE)).labels()
                .forEach(l -> tags.add(Tag.ai("label", l.name().toLowerCase(Locale.ROOT), clamp(l.confidence()))));
        List<FaceDetail> faces = rekognition.detectFaces(r -> r.image(image)).faceDetails();
        if (!faces.isEmpty()) {
            float best = (float) faces.stream().mapToDouble(f -> f.confidence() == null ? 0 : f.confidence()).max()
                    .orElse(0);
            tags.add(Tag.ai("face", "face", clamp(best)));
            tags.add(Tag.ai("face", "faces:" + faces.size(), clamp(best)));
        }
        List<TextDetection> lines = rekognition.detectText(r -> r.image(image)).textDetections().stream()
                .filter(t -> t.type() == TextTypes.LINE && t.confidence() != null && t.confidence() >= MIN_CONFIDENCE)
                .limit(MAX_TEXT_LINES).toList();
        lines.forEach(t -> tags.add(Tag.ai("text", t.detectedText(), clamp(t.confidence()))));
        return tags;
    }

    private static double clamp(Float confidence) {
        return confidence == null ? 0 : Math.max(0, Math.min(100, confidence));
    }
}
