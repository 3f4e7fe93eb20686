package dam.local.rekognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.local.edge.Edge;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.Attribute;
import software.amazon.awssdk.services.rekognition.model.BoundingBox;
import software.amazon.awssdk.services.rekognition.model.DetectFacesResponse;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.DetectTextResponse;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.ImageTooLargeException;
import software.amazon.awssdk.services.rekognition.model.InvalidImageFormatException;
import software.amazon.awssdk.services.rekognition.model.InvalidParameterException;
import software.amazon.awssdk.services.rekognition.model.InvalidS3ObjectException;
import software.amazon.awssdk.services.rekognition.model.Label;
import software.amazon.awssdk.services.rekognition.model.TextDetection;
import software.amazon.awssdk.services.rekognition.model.TextTypes;

/** The provider behind the real edge, driven by the SDK's RekognitionClient (what the upload-tagging Lambda uses). */
class RekognitionSdkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, byte[]> OBJECTS = new ConcurrentHashMap<>();
    static Edge edge;
    static RekognitionClient client;

    @BeforeAll
    static void start() throws Exception {
        RekognitionProvider provider = RekognitionProvider.withDefaults((bucket, key) -> {
            byte[] data = OBJECTS.get(bucket + "/" + key);
            if (data == null) {
                throw new IOException("NoSuchKey: " + key);
            }
            return data;
        });
        edge = new Edge("127.0.0.1", 0, null, List.of(provider)).start();
        client = RekognitionClient.builder()
                .endpointOverride(edge.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        edge.close();
    }

    @Test
    void detectFacesOnBytesAndOnAnS3Object() throws Exception {
        DetectFacesResponse bytes = client.detectFaces(r -> r.image(png(Images.astronautPng()))
                .attributes(Attribute.DEFAULT));
        assertEquals(1, bytes.faceDetails().size());
        FaceDetail face = bytes.faceDetails().get(0);
        RekognitionProviderTest.assertCoversLandmarks(JSON.valueToTree(Map.of(
                "Left", face.boundingBox().left(), "Top", face.boundingBox().top(),
                "Width", face.boundingBox().width(), "Height", face.boundingBox().height())));
        assertTrue(face.confidence() > 50f && face.confidence() <= 100f, face.toString());

        OBJECTS.put("originals/a/1/astronaut.jpg", Images.astronautJpeg());
        DetectFacesResponse s3 = client.detectFaces(r -> r.image(i -> i.s3Object(o -> o.bucket("originals")
                .name("a/1/astronaut.jpg"))));
        assertEquals(1, s3.faceDetails().size());
        BoundingBox a = face.boundingBox();
        BoundingBox b = s3.faceDetails().get(0).boundingBox();
        // The same face whether sent as PNG bytes or read as a JPEG from S3.
        assertTrue(Math.abs(a.left() - b.left()) < 0.03 && Math.abs(a.top() - b.top()) < 0.03, a + " vs " + b);
    }

    @Test
    void detectTextReturnsLinesThenWordsWithGeometry() {
        Images.Rendered rendered = Images.text(1000, 300, "Summer Launch");

        DetectTextResponse response = client.detectText(r -> r.image(png(rendered.png())));

        List<TextDetection> detections = response.textDetections();
        assertEquals(3, detections.size(), detections.toString());
        TextDetection line = detections.get(0);
        assertEquals(TextTypes.LINE, line.type());
        assertEquals("Summer Launch", line.detectedText());
        assertEquals(List.of("Summer", "Launch"), detections.subList(1, 3).stream()
                .map(TextDetection::detectedText).toList());
        for (TextDetection word : detections.subList(1, 3)) {
            assertEquals(TextTypes.WORD, word.type());
            assertEquals(line.id(), word.parentId());
            assertEquals(4, word.geometry().polygon().size());
            assertTrue(word.confidence() >= 50f && word.confidence() <= 100f);
        }
        assertEquals("3.0", response.textModelVersion());
    }

    @Test
    void detectLabelsComesFromTheFaceDetector() {
        DetectLabelsResponse response = client.detectLabels(r -> r.image(png(Images.astronautPng()))
                .minConfidence(50f));

        assertEquals(List.of("Person", "Face"), response.labels().stream().map(Label::name).toList());
        Label face = response.labels().get(1);
        assertEquals("Person", face.parents().get(0).name());
        assertEquals(1, face.instances().size());
        assertEquals("Human", response.labels().get(0).aliases().get(0).name());

        DetectLabelsResponse none = client.detectLabels(r -> r.image(png(Images.gradient(640, 480))));
        assertTrue(none.labels().isEmpty());
    }

    @Test
    void errorsArriveAsTheSdksExceptionTypes() {
        InvalidImageFormatException format = assertThrows(InvalidImageFormatException.class,
                () -> client.detectFaces(r -> r.image(png("GIF89a not really".getBytes()))));
        assertEquals(400, format.statusCode());

        assertThrows(ImageTooLargeException.class,
                () -> client.detectText(r -> r.image(png(new byte[RekognitionImage.MAX_BYTES + 10]))));
        assertThrows(InvalidS3ObjectException.class, () -> client.detectLabels(r -> r.image(i -> i.s3Object(
                o -> o.bucket("originals").name("missing.jpg")))));
        assertThrows(InvalidParameterException.class, () -> client.detectLabels(r -> r
                .image(png(Images.astronautPng())).minConfidence(150f)));
    }

    private static Image png(byte[] bytes) {
        return Image.builder().bytes(SdkBytes.fromByteArray(bytes)).build();
    }
}
