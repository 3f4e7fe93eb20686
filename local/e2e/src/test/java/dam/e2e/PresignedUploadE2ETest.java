package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import static org.awaitility.Awaitility.await;

/**
 * Issue 3: a browser-style presigned PUT (plain java.net.http, no SDK on the upload path) of 12 MB lands in the
 * originals bucket and produces exactly one object-created event; violating the signed headers is refused.
 */
@ExtendWith(CloudExtension.class)
class PresignedUploadE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SIZE = 12 * 1024 * 1024;

    private static URI presignPut(TestCloud cloud, String bucket, String key, String contentType, long length) {
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            return URI.create(presigner.presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(15))
                    .putObjectRequest(o -> o.bucket(bucket).key(key).contentType(contentType).contentLength(length)))
                    .url().toString());
        }
    }

    private static HttpResponse<String> put(URI url, String contentType, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void presignedPutStoresTheObjectAndEmitsExactlyOneCreatedEvent(TestCloud cloud) throws Exception {
        String bucket = cloud.ref("StorageOriginals");
        String key = "originals/" + UUID.randomUUID() + "/v1/photo.jpg";
        BusObserver created = new BusObserver(cloud, "default", """
                {"source":["aws.s3"],"detail-type":["Object Created"],
                 "detail":{"bucket":{"name":["%s"]},"object":{"key":["%s"]}}}""".formatted(bucket, key));
        byte[] body = new byte[SIZE];
        new Random(42).nextBytes(body);

        HttpResponse<String> response = put(presignPut(cloud, bucket, key, "image/jpeg", SIZE), "image/jpeg", body);
        assertThat(response.statusCode()).isEqualTo(200);

        try (S3Client s3 = cloud.s3()) {
            byte[] stored = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
            assertThat(sha256(stored)).isEqualTo(sha256(body));
        }
        List<String> events = created.awaitAtLeast(1, Duration.ofSeconds(30));
        // Let every in-flight delivery finish before asserting there is no second event.
        await().atMost(Duration.ofSeconds(30)).until(() -> cloud.cloud().events().pendingDeliveries() == 0);
        events = created.drain();
        assertThat(events).hasSize(1);
        JsonNode detail = JSON.readTree(events.get(0)).path("detail");
        assertThat(detail.path("object").path("size").asLong()).isEqualTo(SIZE);
        assertThat(detail.path("reason").asText()).isEqualTo("PutObject");
    }

    @Test
    void violatingTheSignedContentTypeOrLengthIsRefusedAndStoresNothing(TestCloud cloud) throws Exception {
        String bucket = cloud.ref("StorageOriginals");
        String key = "originals/" + UUID.randomUUID() + "/v1/doc.pdf";
        byte[] body = new byte[1024];
        URI url = presignPut(cloud, bucket, key, "application/pdf", body.length);

        assertThat(put(url, "text/html", body).statusCode()).isEqualTo(403);
        assertThat(put(url, "application/pdf", Arrays.copyOf(body, 100)).statusCode()).isEqualTo(403);
        try (S3Client s3 = cloud.s3()) {
            assertThat(s3.listObjectsV2(r -> r.bucket(bucket).prefix(key)).keyCount()).isZero();
        }
    }

    @Test
    void virtualHostStyleRequestsReachTheSameBucket(TestCloud cloud) throws Exception {
        String bucket = cloud.ref("StorageDerivatives");
        String key = "vhost/" + UUID.randomUUID() + ".txt";
        try (S3Client s3 = cloud.s3()) {
            s3.putObject(r -> r.bucket(bucket).key(key), software.amazon.awssdk.core.sync.RequestBody.fromString(
                    "virtual host"));
        }
        // Presign for http://<bucket>.localhost:<port>/<key>; *.localhost does not resolve everywhere, so connect to
        // 127.0.0.1 and send the Host header the URL names — exactly what a browser would send.
        URI edge = cloud.endpoint();
        URI url;
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(URI.create("http://localhost:"
                        + edge.getPort())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            url = URI.create(presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(o -> o.bucket(bucket).key(key))).url().toString());
        }
        assertThat(url.getHost()).isEqualTo(bucket + ".localhost");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", edge.getPort())) {
            socket.getOutputStream().write(("GET " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\n"
                    + "Host: " + url.getHost() + ":" + edge.getPort() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200").endsWith("virtual host");
        }
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
