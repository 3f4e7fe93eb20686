package dam.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.local.LocalCloud;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 6 goal: upload complete (the presigned PUT answered 200) → version {@code ready}, for a 24 MP camera-sized
 * JPEG, through the deployed local cloud exactly as a browser does it: {@code POST /assets} on the HTTP API, PUT to
 * the presigned URL, then the S3 event → asset-ingest. The version item is polled straight from the table (20 ms) so
 * the observer costs no Lambda time. One warm-up upload (cold functions) is reported on its own.
 */
final class IngestLatency {

    static final double GOAL_MS = 2000;
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    private final LocalCloud cloud;
    private final DynamoDbClient dynamodb;
    private final String table;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    IngestLatency(LocalCloud cloud, DynamoDbClient dynamodb, String table) {
        this.cloud = cloud;
        this.dynamodb = dynamodb;
        this.table = table;
    }

    record Result(double coldMs, double[] warmMs, int bytes) {
        double percentile(double p) {
            double[] sorted = warmMs.clone();
            Arrays.sort(sorted);
            // Nearest rank: the smallest value with at least p of the samples at or below it.
            int rank = (int) Math.ceil(p * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }
    }

    Result run(int uploads) throws Exception {
        byte[] photo = cameraJpeg(6000, 4000);
        String token = cloud.apigateway().issueToken("bench@acme.example", List.of("creator"), List.of("Acme"));
        double cold = uploadUntilReady(token, photo, "warm-up");
        double[] warm = new double[uploads];
        for (int i = 0; i < uploads; i++) {
            warm[i] = uploadUntilReady(token, photo, "bench " + i);
        }
        return new Result(cold, warm, photo.length);
    }

    /** One browser-style upload; answers milliseconds from the PUT's 200 to the version reading {@code ready}. */
    private double uploadUntilReady(String token, byte[] photo, String name) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(cloud.apiEndpoint() + "/assets"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("brand", "Acme",
                        "channel", "web", "fileName", name + ".jpg", "contentType", "image/jpeg",
                        "size", photo.length)))).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("POST /assets answered " + created.statusCode() + ": " + created.body());
        }
        JsonNode ticket = json.readTree(created.body());
        String assetId = ticket.path("asset").path("id").asText();
        URI url = URI.create(ticket.path("plan").path("url").asText());
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(url).header("Content-Type", "image/jpeg")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(photo)).build(), HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() != 200) {
            throw new IllegalStateException("presigned PUT answered " + put.statusCode() + ": " + put.body());
        }
        long uploaded = System.nanoTime();
        long deadline = uploaded + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String state = state(assetId);
            if ("ready".equals(state)) {
                return (System.nanoTime() - uploaded) / 1e6;
            }
            if ("rejected".equals(state) || "quarantined".equals(state)) {
                throw new IllegalStateException("bench upload " + assetId + " ended " + state);
            }
            // Polling interval of the observer, not a wait for the work: the loop ends when the table says so.
            Thread.sleep(20);
        }
        throw new IllegalStateException("bench upload " + assetId + " not ready within " + TIMEOUT);
    }

    private String state(String assetId) {
        Map<String, AttributeValue> item = dynamodb.getItem(r -> r.tableName(table).key(Map.of(
                "PK", AttributeValue.fromS("ASSET#" + assetId), "SK", AttributeValue.fromS("V#000001")))).item();
        return item == null || !item.containsKey("state") ? null : item.get("state").s();
    }

    /** Gradient + shapes + sensor-like noise, so the file is camera-sized (~5–6 MB) rather than a flat few hundred KB. */
    static byte[] cameraJpeg(int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        Random random = new Random(42);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            img.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int n = random.nextInt(48) - 24;
                int p = row[x];
                row[x] = clamp((p >> 16 & 0xFF) + n) << 16 | clamp((p >> 8 & 0xFF) + n) << 8 | clamp((p & 0xFF) + n);
            }
            img.setRGB(0, y, width, 1, row, 0, width);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
