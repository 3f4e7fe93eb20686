package dam.local.rekognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The provider's operations in-process, on the real detectors (Haar cascade, Tesseract). */
class RekognitionProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, byte[]> BUCKET = new ConcurrentHashMap<>();
    private static RekognitionProvider provider;

    @BeforeAll
    static void start() {
        provider = RekognitionProvider.withDefaults((bucket, key) -> {
            byte[] data = BUCKET.get(bucket + "/" + key);
            if (data == null) {
                throw new IOException("NoSuchKey " + bucket + "/" + key);
            }
            return data;
        });
    }

    @Test
    void findsTheAstronautsFaceWhereHerEyesAndMouthAre() throws Exception {
        JsonNode faces = call("DetectFaces", bytesImage(Images.astronautPng())).path("FaceDetails");

        assertEquals(1, faces.size(), "one face in the portrait: " + faces);
        JsonNode face = faces.get(0);
        assertCoversLandmarks(face.path("BoundingBox"));
        double confidence = face.path("Confidence").asDouble();
        assertTrue(confidence > 50 && confidence <= 100, "confidence " + confidence);
    }

    @Test
    void readsJpegAndS3ObjectImagesToo() throws Exception {
        BUCKET.put("photos/astronaut.jpg", Images.astronautJpeg());
        ObjectNode request = JSON.createObjectNode();
        request.putObject("Image").putObject("S3Object").put("Bucket", "photos").put("Name", "astronaut.jpg");

        JsonNode faces = call("DetectFaces", request).path("FaceDetails");

        assertEquals(1, faces.size(), faces.toString());
        assertCoversLandmarks(faces.get(0).path("BoundingBox"));
    }

    @Test
    void largeImagesAreDetectedOnSmallerCopiesWithTheSameRelativeBoxes() throws Exception {
        // 16 MP: faces are found on a subsampled decode, never the full raster.
        BUCKET.put("photos/big.jpg", Images.scaledJpeg(Images.astronautPng(), 4000, 4000));
        ObjectNode big = JSON.createObjectNode();
        big.putObject("Image").putObject("S3Object").put("Bucket", "photos").put("Name", "big.jpg");
        JsonNode faces = call("DetectFaces", big).path("FaceDetails");
        assertEquals(1, faces.size(), faces.toString());
        assertCoversLandmarks(faces.get(0).path("BoundingBox"));

        // Wider than the OCR limit: Tesseract reads a downscaled copy, boxes stay relative to the original.
        Images.Rendered wide = Images.text(5000, 300, "Autumn Catalogue");
        JsonNode text = call("DetectText", bytesImage(wide.png())).path("TextDetections");
        assertEquals("Autumn Catalogue", text.get(0).path("DetectedText").asText());
        assertBoxNear(wide.words().get("Catalogue"), wide.width(), wide.height(),
                text.get(2).path("Geometry").path("BoundingBox"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"hubble_deep_field.jpg", "gravel.png", "chelsea.png",
            "coffee.png"})
    void realPhotosWithoutHumanFacesHaveNone(String sample) throws Exception {
        // Star fields and gravel are where a Haar cascade hallucinates faces; a cat's face is not a human one.
        byte[] photo = java.nio.file.Files.readAllBytes(Images.ASTRONAUT.resolveSibling(sample));

        assertEquals(0, call("DetectFaces", bytesImage(photo)).path("FaceDetails").size(), sample);
    }

    @Test
    void readsARealScanOfPrintedText() throws Exception {
        // skimage's bw_text.png: a 10-line scan of a Stevenson quote; its first and last lines, read off the image.
        byte[] scan = java.nio.file.Files.readAllBytes(Images.ASTRONAUT.resolveSibling("bw_text.png"));

        JsonNode detections = call("DetectText", bytesImage(scan)).path("TextDetections");

        List<String> lines = new ArrayList<>();
        detections.forEach(d -> {
            if (d.path("Type").asText().equals("LINE")) {
                lines.add(d.path("DetectedText").asText());
            }
        });
        assertEquals(10, lines.size(), lines.toString());
        assertEquals("Men may seem detestable as joint", lines.get(0));
        assertEquals("costliest robes.", lines.get(9));
    }

    @Test
    void aPlainGradientHasNoFacesNoTextAndNoLabels() throws Exception {
        ObjectNode gradient = bytesImage(Images.gradient(800, 600));

        assertEquals(0, call("DetectFaces", gradient).path("FaceDetails").size());
        assertEquals(0, call("DetectText", gradient).path("TextDetections").size());
        JsonNode labels = call("DetectLabels", gradient);
        assertEquals(0, labels.path("Labels").size());
        assertEquals("3.0", labels.path("LabelModelVersion").asText());
    }

    @Test
    void detectTextFindsRenderedLinesAndWordsWhereTheyWereDrawn() throws Exception {
        Images.Rendered rendered = Images.text(1200, 400, "Spring Campaign 2026", "Brand Guidelines");

        JsonNode detections = call("DetectText", bytesImage(rendered.png())).path("TextDetections");

        List<String> lines = new ArrayList<>();
        Map<String, JsonNode> words = new java.util.HashMap<>();
        for (JsonNode d : detections) {
            if (d.path("Type").asText().equals("LINE")) {
                lines.add(d.path("DetectedText").asText());
                assertTrue(d.path("ParentId").isMissingNode(), "lines have no parent");
            } else {
                assertEquals("WORD", d.path("Type").asText());
                words.put(d.path("DetectedText").asText(), d);
            }
        }
        assertEquals(List.of("Spring Campaign 2026", "Brand Guidelines"), lines);
        assertEquals(rendered.words().keySet(), words.keySet());
        for (var drawn : rendered.words().entrySet()) {
            JsonNode word = words.get(drawn.getKey());
            assertTrue(word.path("Confidence").asDouble() >= TesseractTextDetector.MIN_WORD_CONFIDENCE);
            assertBoxNear(drawn.getValue(), rendered.width(), rendered.height(),
                    word.path("Geometry").path("BoundingBox"));
            assertEquals(4, word.path("Geometry").path("Polygon").size());
        }
        // Words point at their line: "Guidelines" belongs to the second line.
        int secondLineId = detections.get(1).path("Id").asInt();
        assertEquals(secondLineId, words.get("Guidelines").path("ParentId").asInt());
    }

    @Test
    void wordFilterAndRegionsOfInterestDropWords() throws Exception {
        Images.Rendered rendered = Images.text(1200, 400, "Spring Campaign 2026", "Brand Guidelines");
        ObjectNode request = bytesImage(rendered.png());
        // Only the upper half of the image: the first line.
        request.putObject("Filters").putArray("RegionsOfInterest").addObject().putObject("BoundingBox")
                .put("Left", 0).put("Top", 0).put("Width", 1).put("Height", 0.3);

        JsonNode detections = call("DetectText", request).path("TextDetections");

        List<String> texts = new ArrayList<>();
        detections.forEach(d -> texts.add(d.path("Type").asText() + ":" + d.path("DetectedText").asText()));
        assertEquals(List.of("LINE:Spring Campaign 2026", "WORD:Spring", "WORD:Campaign", "WORD:2026"), texts);

        ObjectNode strict = bytesImage(rendered.png());
        strict.putObject("Filters").putObject("WordFilter").put("MinBoundingBoxHeight", 0.9);
        assertEquals(0, call("DetectText", strict).path("TextDetections").size());
    }

    @Test
    void detectLabelsReportsPersonAndFaceFromTheFaceDetector() throws Exception {
        JsonNode labels = call("DetectLabels", bytesImage(Images.astronautPng())).path("Labels");

        assertEquals(List.of("Person", "Face"), List.of(labels.get(0).path("Name").asText(),
                labels.get(1).path("Name").asText()));
        JsonNode face = labels.get(1);
        assertEquals("Person", face.path("Parents").get(0).path("Name").asText());
        assertEquals(1, face.path("Instances").size());
        assertCoversLandmarks(face.path("Instances").get(0).path("BoundingBox"));

        ObjectNode capped = bytesImage(Images.astronautPng());
        capped.put("MaxLabels", 1);
        assertEquals(1, call("DetectLabels", capped).path("Labels").size());
    }

    @Test
    void badInputGetsAwsErrors() {
        assertAwsError("InvalidImageFormatException", "DetectFaces",
                bytesImage("this is not an image".getBytes(StandardCharsets.UTF_8)));
        // A PNG signature with a broken header behind it.
        byte[] truncated = java.util.Arrays.copyOf(Images.astronautPng(), 20);
        assertAwsError("InvalidImageFormatException", "DetectText", bytesImage(truncated));
        // GIF is a real image format, but not one Rekognition accepts.
        assertAwsError("InvalidImageFormatException", "DetectFaces",
                bytesImage(Images.encode(new java.awt.image.BufferedImage(100, 100,
                        java.awt.image.BufferedImage.TYPE_INT_RGB), "gif")));
        assertAwsError("ImageTooLargeException", "DetectFaces",
                bytesImage(new byte[RekognitionImage.MAX_BYTES + 1]));

        ObjectNode missing = JSON.createObjectNode();
        missing.putObject("Image").putObject("S3Object").put("Bucket", "photos").put("Name", "nope.jpg");
        assertAwsError("InvalidS3ObjectException", "DetectLabels", missing);

        assertAwsError("InvalidParameterException", "DetectFaces", JSON.createObjectNode());
        ObjectNode both = bytesImage(Images.astronautPng());
        ((ObjectNode) both.path("Image")).putObject("S3Object").put("Bucket", "b").put("Name", "k");
        assertAwsError("InvalidParameterException", "DetectFaces", both);
        ObjectNode badConfidence = bytesImage(Images.astronautPng());
        badConfidence.put("MinConfidence", 101);
        assertAwsError("InvalidParameterException", "DetectLabels", badConfidence);
        assertAwsError("UnknownOperationException", "DetectModerationLabels", bytesImage(Images.astronautPng()));
        AwsException notJson = assertThrows(AwsException.class, () -> provider.handle(new AwsRequest("POST", "/",
                null, Map.of(), "{\"Image\":".getBytes(StandardCharsets.UTF_8), "rekognition", "us-east-1",
                "DetectFaces")));
        assertEquals("SerializationException", notJson.code());
    }

    @Test
    void pixelBombsAreRefusedFromTheHeader() {
        // A valid PNG header declaring 50,000 × 50,000 pixels; no image data needs to follow for the refusal.
        byte[] header = pngHeader(50_000, 50_000);
        assertAwsError("ImageTooLargeException", "DetectFaces", bytesImage(header));
    }

    @Test
    void aDetectorThatCannotRunIsAServerError() {
        RekognitionProvider broken = new RekognitionProvider((b, k) -> null,
                new HaarFaceDetector(java.nio.file.Path.of("/nonexistent/cascade.xml")),
                new TesseractTextDetector("/nonexistent/tesseract", "eng"));
        AwsException faces = assertThrows(AwsException.class, () -> broken.handle(request("DetectFaces",
                bytesImage(Images.astronautPng()))));
        assertEquals("InternalServerError", faces.code());
        assertEquals(500, faces.status());
        assertTrue(faces.getMessage().contains("opencv-data"), faces.getMessage());
        AwsException text = assertThrows(AwsException.class, () -> broken.handle(request("DetectText",
                bytesImage(Images.astronautPng()))));
        assertTrue(text.getMessage().contains("tesseract-ocr"), text.getMessage());
    }

    @Test
    void labelsAndFacesForTheSameBytesRunTheFaceDetectorOnce() throws Exception {
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        FaceDetector real = new HaarFaceDetector(HaarFaceDetector.DEBIAN_CASCADE);
        RekognitionProvider counting = new RekognitionProvider((b, k) -> null, image -> {
            runs.incrementAndGet();
            return real.detect(image);
        }, new TesseractTextDetector("tesseract", "eng"));
        byte[] photo = Images.astronautPng();

        JsonNode labels = JSON.readTree(counting.handle(request("DetectLabels", bytesImage(photo))).body());
        JsonNode faces = JSON.readTree(counting.handle(request("DetectFaces", bytesImage(photo))).body());
        counting.handle(request("DetectFaces", bytesImage(Images.astronautJpeg())));

        assertEquals(2, runs.get(), "once for the PNG, once for the JPEG");
        assertEquals(labels.path("Labels").get(1).path("Instances").get(0).path("BoundingBox"),
                faces.path("FaceDetails").get(0).path("BoundingBox"));
    }

    static void assertCoversLandmarks(JsonNode box) {
        double left = box.path("Left").asDouble() * Images.ASTRONAUT_SIDE;
        double top = box.path("Top").asDouble() * Images.ASTRONAUT_SIDE;
        double right = left + box.path("Width").asDouble() * Images.ASTRONAUT_SIDE;
        double bottom = top + box.path("Height").asDouble() * Images.ASTRONAUT_SIDE;
        for (int[] p : Images.ASTRONAUT_LANDMARKS) {
            assertTrue(p[0] > left && p[0] < right && p[1] > top && p[1] < bottom,
                    "landmark " + p[0] + "," + p[1] + " outside the face box " + box);
        }
        // A face, not half the picture.
        assertTrue(right - left < 200 && bottom - top < 200, "face box too large: " + box);
    }

    /** Detected and drawn boxes agree within a few pixels (glyph ink vs font metrics differ a little). */
    static void assertBoxNear(Rectangle2D drawn, int width, int height, JsonNode box) {
        double tolerance = 16;
        double left = box.path("Left").asDouble() * width;
        double top = box.path("Top").asDouble() * height;
        double right = left + box.path("Width").asDouble() * width;
        double bottom = top + box.path("Height").asDouble() * height;
        String where = "drawn " + drawn + " detected " + box;
        assertTrue(Math.abs(left - drawn.getMinX()) < tolerance, where);
        assertTrue(Math.abs(right - drawn.getMaxX()) < tolerance, where);
        assertTrue(top >= drawn.getMinY() - tolerance && bottom <= drawn.getMaxY() + tolerance, where);
    }

    private static void assertAwsError(String code, String operation, ObjectNode body) {
        AwsException e = assertThrows(AwsException.class, () -> provider.handle(request(operation, body)));
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(400, e.status());
        assertFalse(e.getMessage().isBlank());
    }

    static byte[] pngHeader(int width, int height) {
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("IHDR".getBytes(StandardCharsets.US_ASCII));
        crc.update(ihdr.array());
        return java.nio.ByteBuffer.allocate(8 + 4 + 4 + 13 + 4)
                .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
                .putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).put(ihdr.array())
                .putInt((int) crc.getValue()).array();
    }

    static ObjectNode bytesImage(byte[] bytes) {
        ObjectNode request = JSON.createObjectNode();
        request.putObject("Image").put("Bytes", Base64.getEncoder().encodeToString(bytes));
        return request;
    }

    private static AwsRequest request(String operation, JsonNode body) throws Exception {
        return new AwsRequest("POST", "/", null, Map.of(), JSON.writeValueAsBytes(body), "rekognition",
                "us-east-1", operation);
    }

    private static JsonNode call(String operation, JsonNode body) throws Exception {
        AwsResponse response = provider.handle(request(operation, body));
        assertEquals(200, response.status());
        assertEquals(AwsResponse.AMZ_JSON_1_1, response.contentType());
        return JSON.readTree(response.body());
    }
}
