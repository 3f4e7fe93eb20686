package dam.local.rekognition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.local.edge.AwsRequest;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Warm per-image latency of the local Rekognition operations (in-process {@code handle()}, no HTTP), printed as
 * p50 / max over N calls after warm-up, plus what each call found.
 * Run: {@code java -cp <test classpath> dam.local.rekognition.RekognitionBench [calls]} (default 10 after 3 warm-up).
 */
public final class RekognitionBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RekognitionBench() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        // Fresh providers over shared detectors: the provider's per-image face cache must not turn timings into hits.
        FaceDetector faces = new HaarFaceDetector(HaarFaceDetector.DEBIAN_CASCADE);
        TextDetector text = new TesseractTextDetector("tesseract", "eng");
        System.out.printf("load average at start: %s%n", java.nio.file.Files.readString(
                java.nio.file.Path.of("/proc/loadavg")).strip());
        Map<String, byte[]> images = new LinkedHashMap<>();
        images.put("astronaut 512x512 PNG", Images.astronautPng());
        images.put("astronaut 1024x1024 JPEG", scaledJpeg(Images.astronautPng(), 1024, 1024));
        images.put("astronaut 4000x4000 JPEG (16 MP)", scaledJpeg(Images.astronautPng(), 4000, 4000));
        images.put("text 1200x400 PNG", Images.text(1200, 400, "Spring Campaign 2026", "Brand Guidelines").png());
        images.put("gradient 1024x768 PNG", Images.gradient(1024, 768));
        System.out.printf("%-34s %-13s %8s %8s  %s%n", "image", "operation", "p50 ms", "max ms", "found");
        for (var image : images.entrySet()) {
            if (image.getValue().length > RekognitionImage.MAX_BYTES) {
                System.out.printf("%-34s (%d bytes: over the 5 MB Bytes limit, skipped)%n", image.getKey(),
                        image.getValue().length);
                continue;
            }
            for (String op : new String[] {"DetectFaces", "DetectText", "DetectLabels"}) {
                byte[] body = JSON.writeValueAsBytes(RekognitionProviderTest.bytesImage(image.getValue()));
                AwsRequest request = new AwsRequest("POST", "/", null, Map.of(), body, "rekognition", "us-east-1",
                        op);
                JsonNode result = null;
                for (int i = 0; i < 3; i++) {
                    result = JSON.readTree(new RekognitionProvider((b, k) -> null, faces, text).handle(request)
                            .body());
                }
                long[] ms = new long[calls];
                for (int i = 0; i < calls; i++) {
                    RekognitionProvider provider = new RekognitionProvider((b, k) -> null, faces, text);
                    long t0 = System.nanoTime();
                    provider.handle(request);
                    ms[i] = (System.nanoTime() - t0) / 1_000_000;
                }
                Arrays.sort(ms);
                System.out.printf("%-34s %-13s %8d %8d  %s%n", image.getKey(), op, ms[calls / 2], ms[calls - 1],
                        summary(op, result));
            }
        }
    }

    private static String summary(String op, JsonNode result) {
        return switch (op) {
            case "DetectFaces" -> result.path("FaceDetails").size() + " face(s) " + result.path("FaceDetails");
            case "DetectText" -> {
                StringBuilder lines = new StringBuilder();
                result.path("TextDetections").forEach(d -> {
                    if (d.path("Type").asText().equals("LINE")) {
                        lines.append('[').append(d.path("DetectedText").asText()).append("] ");
                    }
                });
                yield lines.length() == 0 ? "no text" : lines.toString();
            }
            default -> {
                StringBuilder labels = new StringBuilder();
                result.path("Labels").forEach(l -> labels.append(l.path("Name").asText()).append(' '));
                yield labels.length() == 0 ? "no labels" : labels.toString();
            }
        };
    }

    private static byte[] scaledJpeg(byte[] png, int w, int h) throws Exception {
        BufferedImage source = ImageIO.read(new ByteArrayInputStream(png));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(source, 0, 0, w, h, null);
        g.dispose();
        return Images.encode(out, "jpeg");
    }
}
