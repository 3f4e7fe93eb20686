package dam.local.rekognition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import dam.local.edge.ServiceProvider;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local Rekognition (JSON 1.1, target prefix {@code RekognitionService}): DetectFaces, DetectText and
 * DetectLabels, wire-compatible with the SDK v2 {@code RekognitionClient}. What the detectors behind it can and cannot
 * find is documented in {@code package-info.java}.
 */
public final class RekognitionProvider implements ServiceProvider {

    /** Reported like AWS reports its model versions; the local detectors are fixed, so is this. */
    static final String MODEL_VERSION = "3.0";
    /** Longest side handed to Tesseract; larger images are downscaled first (OCR time grows with pixels). */
    static final int OCR_MAX_SIDE = 4096;
    private static final double DEFAULT_LABEL_MIN_CONFIDENCE = 55.0;
    private static final Logger LOG = LoggerFactory.getLogger(RekognitionProvider.class);

    private final ObjectMapper json = new ObjectMapper();
    private final ObjectReader objects;
    private final FaceDetector faces;
    private final TextDetector text;
    /**
     * Recent face results by image SHA-256: the tagger asks DetectLabels and DetectFaces about the same bytes, and
     * both answers come from the one (deterministic) face detector.
     */
    private final Map<String, List<Face>> recentFaces = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<Face>> eldest) {
                    return size() > 16;
                }
            });

    public RekognitionProvider(ObjectReader objects, FaceDetector faces, TextDetector text) {
        this.objects = objects;
        this.faces = faces;
        this.text = text;
    }

    /**
     * The provider LocalCloud runs: the Haar cascade from Debian {@code opencv-data} and {@code tesseract} (English)
     * from PATH. Both load lazily, so starting the cloud costs nothing until the first request.
     */
    public static RekognitionProvider withDefaults(ObjectReader objects) {
        return new RekognitionProvider(objects, new HaarFaceDetector(HaarFaceDetector.DEBIAN_CASCADE),
                new TesseractTextDetector("tesseract", "eng"));
    }

    @Override
    public Set<String> serviceNames() {
        return Set.of("rekognition");
    }

    @Override
    public Set<String> targetPrefixes() {
        return Set.of("RekognitionService");
    }

    @Override
    public AwsResponse handle(AwsRequest request) throws Exception {
        String op = request.operation();
        if (op == null) {
            throw AwsException.unknownOperation("(no X-Amz-Target)");
        }
        JsonNode body;
        try {
            body = request.body().length == 0 ? json.createObjectNode() : json.readTree(request.body());
        } catch (IOException e) {
            throw AwsException.serialization("the request body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        long t0 = System.nanoTime();
        ObjectNode out = switch (op) {
            case "DetectFaces" -> detectFaces(body);
            case "DetectText" -> detectText(body);
            case "DetectLabels" -> detectLabels(body);
            default -> throw AwsException.unknownOperation(op);
        };
        LOG.debug("{} answered in {} ms", op, (System.nanoTime() - t0) / 1_000_000);
        return AwsResponse.json(AwsResponse.AMZ_JSON_1_1, json.writeValueAsString(out));
    }

    private ObjectNode detectFaces(JsonNode body) {
        RekognitionImage image = image(body);
        List<Face> found = faces(image);
        ObjectNode out = json.createObjectNode();
        ArrayNode details = out.putArray("FaceDetails");
        for (Face face : found) {
            ObjectNode detail = details.addObject();
            putBox(detail.putObject("BoundingBox"), face.box());
            detail.put("Confidence", face.confidence());
        }
        return out;
    }

    private ObjectNode detectText(JsonNode body) {
        WordFilter filter = WordFilter.of(body.path("Filters"));
        RekognitionImage image = image(body);
        List<TextLine> lines = run("text detection", () -> ocr(image));
        ObjectNode out = json.createObjectNode();
        ArrayNode detections = out.putArray("TextDetections");
        List<ObjectNode> words = new ArrayList<>();
        int id = 0;
        for (TextLine line : lines) {
            List<TextLine.Word> kept = line.words().stream().filter(filter::keeps).toList();
            if (kept.isEmpty()) {
                continue;
            }
            int lineId = id++;
            String lineText = String.join(" ", kept.stream().map(TextLine.Word::text).toList());
            double lineConfidence = kept.stream().mapToDouble(TextLine.Word::confidence).average().orElse(0);
            Box lineBox = kept.size() == line.words().size() ? line.box() : union(kept);
            detections.add(textDetection(lineText, "LINE", null, lineConfidence, lineBox).put("Id", lineId));
            for (TextLine.Word word : kept) {
                words.add(textDetection(word.text(), "WORD", lineId, word.confidence(), word.box()));
            }
        }
        // AWS lists every LINE first, then every WORD, ids continuing after the lines.
        for (ObjectNode word : words) {
            word.put("Id", id++);
            detections.add(word);
        }
        out.put("TextModelVersion", MODEL_VERSION);
        return out;
    }

    /**
     * Only what the face detector can honestly say: "Person" and "Face" (with the face boxes as its instances). There
     * is no general object model locally — see package-info for why.
     */
    private ObjectNode detectLabels(JsonNode body) {
        RekognitionImage image = image(body);
        double minConfidence = confidence(body.path("MinConfidence"), DEFAULT_LABEL_MIN_CONFIDENCE);
        int maxLabels = body.path("MaxLabels").isMissingNode() ? 1000 : body.path("MaxLabels").asInt();
        if (maxLabels < 0) {
            throw invalidParameter("MaxLabels must be >= 0");
        }
        List<Face> found = faces(image);
        LOG.debug("DetectLabels: local labels come from the face detector only (Person, Face); {} face(s)",
                found.size());
        ObjectNode out = json.createObjectNode();
        ArrayNode labels = out.putArray("Labels");
        double best = found.stream().mapToDouble(Face::confidence).max().orElse(0);
        if (!found.isEmpty() && best >= minConfidence) {
            List<ObjectNode> candidates = new ArrayList<>();
            ObjectNode person = label("Person", best);
            person.putArray("Aliases").addObject().put("Name", "Human");
            candidates.add(person);
            ObjectNode face = label("Face", best);
            ArrayNode instances = face.putArray("Instances");
            for (Face f : found) {
                if (f.confidence() >= minConfidence) {
                    ObjectNode instance = instances.addObject();
                    putBox(instance.putObject("BoundingBox"), f.box());
                    instance.put("Confidence", f.confidence());
                }
            }
            face.putArray("Parents").addObject().put("Name", "Person");
            candidates.add(face);
            candidates.stream().limit(maxLabels).forEach(labels::add);
        }
        out.put("LabelModelVersion", MODEL_VERSION);
        return out;
    }

    private List<Face> faces(RekognitionImage image) {
        String key = image.sha256();
        List<Face> cached = recentFaces.get(key);
        if (cached != null) {
            return cached;
        }
        List<Face> found = List.copyOf(run("face detection",
                () -> faces.detect(image.decode(HaarFaceDetector.WORK_SHORT_SIDE))));
        recentFaces.put(key, found);
        return found;
    }

    private ObjectNode label(String name, double confidence) {
        ObjectNode label = json.createObjectNode();
        label.put("Name", name);
        label.put("Confidence", confidence);
        label.putArray("Instances");
        label.putArray("Parents");
        label.putArray("Aliases");
        label.putArray("Categories").addObject().put("Name", "Person Description");
        return label;
    }

    private List<TextLine> ocr(RekognitionImage image) {
        if (Math.max(image.width(), image.height()) <= OCR_MAX_SIDE) {
            return text.detect(image.bytes(), image.width(), image.height());
        }
        int shortSide = (int) Math.ceil((double) OCR_MAX_SIDE * Math.min(image.width(), image.height())
                / Math.max(image.width(), image.height()));
        BufferedImage scaled = fit(image.decode(shortSide), OCR_MAX_SIDE);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(scaled, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-encode the image for OCR", e);
        }
        // Boxes are relative, so detecting on the smaller copy gives the same answer shape.
        return text.detect(png.toByteArray(), scaled.getWidth(), scaled.getHeight());
    }

    private static BufferedImage fit(BufferedImage image, int maxSide) {
        double scale = Math.min(1.0, (double) maxSide / Math.max(image.getWidth(), image.getHeight()));
        if (scale == 1.0) {
            return image;
        }
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The request's {@code Image}: exactly one of {@code Bytes} (≤ 5 MB) or {@code S3Object} (≤ 15 MB). */
    private RekognitionImage image(JsonNode body) {
        JsonNode image = body.path("Image");
        if (!image.isObject()) {
            throw invalidParameter("Image is required");
        }
        JsonNode bytes = image.path("Bytes");
        JsonNode s3 = image.path("S3Object");
        if (bytes.isMissingNode() == s3.isMissingNode()) {
            throw invalidParameter("Image must have exactly one of Bytes or S3Object");
        }
        if (!bytes.isMissingNode()) {
            byte[] decoded;
            try {
                decoded = bytes.binaryValue();
            } catch (IOException e) {
                throw AwsException.serialization("Image.Bytes is not valid base64: " + e.getMessage());
            }
            if (decoded == null || decoded.length == 0) {
                throw invalidParameter("Image.Bytes is empty");
            }
            return RekognitionImage.of(decoded, RekognitionImage.MAX_BYTES);
        }
        String bucket = s3.path("Bucket").asText("");
        String key = s3.path("Name").asText("");
        if (bucket.isEmpty() || key.isEmpty()) {
            throw invalidParameter("Image.S3Object needs Bucket and Name");
        }
        byte[] data;
        try {
            data = objects.read(bucket, key);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read s3://{}/{}", bucket, key, e);
            throw new AwsException("InvalidS3ObjectException", "Unable to get object metadata from S3. Check object "
                    + "key, region and/or access permissions. (s3://" + bucket + "/" + key + ": " + e.getMessage()
                    + ")", 400, e);
        }
        if (data == null) {
            throw new AwsException("InvalidS3ObjectException", "Unable to get object s3://" + bucket + "/" + key,
                    400);
        }
        return RekognitionImage.of(data, RekognitionImage.MAX_S3_BYTES);
    }

    /** A detector that cannot run (missing package, crashed process) is a server fault, not the caller's. */
    private static <T> T run(String what, java.util.function.Supplier<T> detector) {
        try {
            return detector.get();
        } catch (AwsException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("local Rekognition {} failed", what, e);
            throw new AwsException("InternalServerError", "Local " + what + " failed: " + e.getMessage(), 500, e);
        }
    }

    private ObjectNode textDetection(String detected, String type, Integer parentId, double confidence, Box box) {
        ObjectNode d = json.createObjectNode();
        d.put("DetectedText", detected);
        d.put("Type", type);
        if (parentId != null) {
            d.put("ParentId", parentId);
        }
        d.put("Confidence", Math.round(confidence * 1000.0) / 1000.0);
        ObjectNode geometry = d.putObject("Geometry");
        putBox(geometry.putObject("BoundingBox"), box);
        ArrayNode polygon = geometry.putArray("Polygon");
        double right = box.left() + box.width();
        double bottom = box.top() + box.height();
        polygon.addObject().put("X", box.left()).put("Y", box.top());
        polygon.addObject().put("X", right).put("Y", box.top());
        polygon.addObject().put("X", right).put("Y", bottom);
        polygon.addObject().put("X", box.left()).put("Y", bottom);
        return d;
    }

    private static void putBox(ObjectNode node, Box box) {
        node.put("Width", box.width());
        node.put("Height", box.height());
        node.put("Left", box.left());
        node.put("Top", box.top());
    }

    private static Box union(List<TextLine.Word> words) {
        double x0 = words.stream().mapToDouble(w -> w.box().left()).min().orElse(0);
        double y0 = words.stream().mapToDouble(w -> w.box().top()).min().orElse(0);
        double x1 = words.stream().mapToDouble(w -> w.box().left() + w.box().width()).max().orElse(0);
        double y1 = words.stream().mapToDouble(w -> w.box().top() + w.box().height()).max().orElse(0);
        return new Box(x0, y0, x1 - x0, y1 - y0);
    }

    static double confidence(JsonNode node, double fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        double value = node.asDouble(-1);
        if (!node.isNumber() || value < 0 || value > 100) {
            throw invalidParameter("confidence must be a number between 0 and 100, got " + node);
        }
        return value;
    }

    static AwsException invalidParameter(String message) {
        return new AwsException("InvalidParameterException", message, 400);
    }

    /** DetectText {@code Filters}: WordFilter and RegionsOfInterest (by bounding box), applied to words. */
    record WordFilter(double minConfidence, double minHeight, double minWidth, List<Box> regions) {

        static WordFilter of(JsonNode filters) {
            JsonNode word = filters.path("WordFilter");
            double minConfidence = confidence(word.path("MinConfidence"), 0);
            double minHeight = fraction(word.path("MinBoundingBoxHeight"));
            double minWidth = fraction(word.path("MinBoundingBoxWidth"));
            List<Box> regions = new ArrayList<>();
            for (JsonNode roi : filters.path("RegionsOfInterest")) {
                JsonNode b = roi.path("BoundingBox");
                if (!b.isObject()) {
                    throw invalidParameter("RegionsOfInterest entries need a BoundingBox (Polygon is not supported "
                            + "locally)");
                }
                regions.add(new Box(b.path("Left").asDouble(), b.path("Top").asDouble(), b.path("Width").asDouble(),
                        b.path("Height").asDouble()));
            }
            return new WordFilter(minConfidence, minHeight, minWidth, regions);
        }

        boolean keeps(TextLine.Word word) {
            Box b = word.box();
            return word.confidence() >= minConfidence && b.height() >= minHeight && b.width() >= minWidth
                    && (regions.isEmpty() || regions.stream().anyMatch(r -> mostlyInside(b, r)));
        }

        /** AWS keeps a word when at least half of its area lies inside a region. */
        private static boolean mostlyInside(Box word, Box region) {
            double w = Math.min(word.left() + word.width(), region.left() + region.width())
                    - Math.max(word.left(), region.left());
            double h = Math.min(word.top() + word.height(), region.top() + region.height())
                    - Math.max(word.top(), region.top());
            double area = word.width() * word.height();
            return w > 0 && h > 0 && area > 0 && w * h >= area / 2;
        }

        private static double fraction(JsonNode node) {
            if (node.isMissingNode() || node.isNull()) {
                return 0;
            }
            double value = node.asDouble(-1);
            if (!node.isNumber() || value < 0 || value > 1) {
                throw invalidParameter("bounding box minimums are fractions between 0 and 1, got " + node);
            }
            return value;
        }
    }
}
