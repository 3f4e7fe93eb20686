package dam.local.rekognition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.local.edge.AwsRequest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Warm per-image latency of the local Rekognition operations (in-process {@code handle()}, no HTTP), printed as
 * p50 / max wall time and mean CPU time (JVM + Tesseract processes) over N calls after warm-up, plus what each call
 * found.
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
        images.put("astronaut 1024x1024 JPEG", Images.scaledJpeg(Images.astronautPng(), 1024, 1024));
        images.put("astronaut 4000x4000 JPEG (16 MP)", Images.scaledJpeg(Images.astronautPng(), 4000, 4000));
        images.put("text 1200x400 PNG", Images.text(1200, 400, "Spring Campaign 2026", "Brand Guidelines").png());
        images.put("gradient 1024x768 PNG", Images.gradient(1024, 768));
        System.out.printf("%-34s %-13s %8s %8s %8s  %s%n", "image", "operation", "p50 ms", "max ms", "cpu ms",
                "found");
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
                long cpu0 = cpuMillis();
                for (int i = 0; i < calls; i++) {
                    RekognitionProvider provider = new RekognitionProvider((b, k) -> null, faces, text);
                    long t0 = System.nanoTime();
                    provider.handle(request);
                    ms[i] = (System.nanoTime() - t0) / 1_000_000;
                }
                long cpu = (cpuMillis() - cpu0) / calls;
                Arrays.sort(ms);
                System.out.printf("%-34s %-13s %8d %8d %8d  %s%n", image.getKey(), op, ms[calls / 2], ms[calls - 1],
                        cpu, summary(op, result));
            }
        }
    }

    /**
     * This JVM's CPU time plus that of its finished child processes (Tesseract), from /proc/self/stat: on a shared,
     * overloaded machine wall time says more about the neighbours than about us.
     */
    private static long cpuMillis() throws java.io.IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields after "(comm) ": state=0 … utime=11 stime=12 cutime=13 cstime=14, in clock ticks (100 Hz)
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        return ticks * 10;
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
}
