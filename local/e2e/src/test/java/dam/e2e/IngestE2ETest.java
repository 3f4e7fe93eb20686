package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.asset.AssetVersion;
import dam.core.asset.Rendition;
import dam.core.asset.UploadPlan;
import dam.core.asset.UploadTicket;
import dam.core.asset.VersionState;
import dam.core.audit.AuditChain;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Issue 6 acceptance through the local cloud: a browser-style presigned PUT of a 24 MP camera JPEG (EXIF orientation
 * 6) → the S3 event starts asset-ingest → version ready with the right metadata, three renditions of the right sizes
 * in the derivatives bucket, an intact audit chain, and "Asset Version Ingested" exactly once even when the same
 * Object Created event is delivered a second time.
 */
@ExtendWith(CloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private IngestFixture f;

    @BeforeAll
    void fixture(TestCloud cloud) {
        f = new IngestFixture(cloud);
    }

    @AfterAll
    void close() {
        f.close();
    }

    private static SfnClient sfn(TestCloud cloud) {
        return SfnClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void aCameraJpegBecomesReadyWithRenditionsAndOneEventEvenWhenTheUploadEventArrivesTwice(TestCloud cloud)
            throws Exception {
        byte[] photo = IngestFixture.jpeg(6000, 4000, 6); // 24 MP, stored landscape, displayed portrait
        UploadTicket ticket = f.request("Summer Hero.JPG", "image/jpeg", photo.length);
        String id = ticket.asset().id();
        assertThat(ticket.plan().method()).isEqualTo(UploadPlan.SINGLE);
        BusObserver ingested = new BusObserver(cloud, "dam", """
                {"source":["dam.assets"],"detail-type":["Asset Version Ingested"],"detail":{"assetId":["%s"]}}"""
                .formatted(id));
        BusObserver created = new BusObserver(cloud, "default", """
                {"source":["aws.s3"],"detail-type":["Object Created"],"detail":{"object":{"key":["%s"]}}}"""
                .formatted(ticket.version().originalKey()));

        long t0 = System.nanoTime();
        assertThat(f.put(ticket.plan().url(), "image/jpeg", photo).statusCode()).isEqualTo(200);
        long uploaded = System.nanoTime();
        AssetVersion v = f.awaitTerminal(id, 1, Duration.ofSeconds(120));
        long ready = System.nanoTime();
        System.out.printf("ingest e2e: 24 MP JPEG (%d bytes) PUT %d ms, upload complete → %s %d ms%n", photo.length,
                (uploaded - t0) / 1_000_000, v.state().code(), (ready - uploaded) / 1_000_000);

        assertThat(v.state()).as("reasons: %s, quality: %s", v.reasons(), v.quality()).isEqualTo(VersionState.READY);
        assertThat(v.detectedType()).isEqualTo("image/jpeg");
        assertThat(v.tech().width()).isEqualTo(6000);
        assertThat(v.tech().height()).isEqualTo(4000);
        assertThat(v.tech().orientation()).isEqualTo(6);
        assertThat(v.tech().displayWidth()).isEqualTo(4000);
        assertThat(v.standardName()).isEqualTo("acme_spring-sale_social_4000x6000_v1.jpg");
        assertThat(v.renditions()).extracting(r -> r.name() + "=" + r.width() + "x" + r.height())
                .containsExactly("thumbnail=171x256", "preview=683x1024", "web=1365x2048");
        for (Rendition r : v.renditions()) {
            byte[] stored = f.s3.getObjectAsBytes(b -> b.bucket(f.derivatives).key(r.key())).asByteArray();
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(stored));
            assertThat(img.getWidth() + "x" + img.getHeight()).isEqualTo(r.width() + "x" + r.height());
            assertThat(r.key()).isEqualTo("renditions/" + id + "/1/" + r.name() + ".jpg");
        }
        var audit = f.repo.audit(id);
        assertThat(AuditChain.firstBroken(audit)).isEqualTo(-1);
        assertThat(audit).extracting(a -> a.action()).startsWith("asset.created", "version.processing")
                .contains("version.sniffed", "version.described", "version.rendered", "version.ready");

        // The same S3 event once more (EventBridge delivers at least once): a second execution, nothing new.
        String event = created.awaitAtLeast(1, Duration.ofSeconds(30)).get(0);
        JsonNode original = JSON.readTree(event);
        try (EventBridgeClient events = cloud.events(); SfnClient sfn = sfn(cloud)) {
            events.putEvents(r -> r.entries(e -> e.eventBusName("default").source("aws.s3")
                    .detailType("Object Created").resources(f.originals).detail(original.path("detail").toString())));
            String machine = cloud.ref("IngestAssetIngest");
            await().atMost(Duration.ofSeconds(60)).until(() -> sfn.listExecutions(r -> r.stateMachineArn(machine))
                    .executions().stream().filter(e -> e.status() != ExecutionStatus.RUNNING)
                    .filter(e -> executionFor(sfn, e.executionArn(), ticket.version().originalKey())).count() == 2);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> cloud.cloud().events().pendingDeliveries() == 0);
        List<String> events = ingested.awaitAtLeast(1, Duration.ofSeconds(30));
        events = ingested.drain();
        assertThat(events).hasSize(1);
        JsonNode detail = JSON.readTree(events.get(0)).path("detail");
        assertThat(detail.path("state").asText()).isEqualTo("ready");
        assertThat(detail.path("width").asInt()).isEqualTo(4000);
        assertThat(f.repo.audit(id)).hasSameSizeAs(audit);
        assertThat(f.version(id, 1)).isEqualTo(v);

        // Version 2 with the same bytes, on warm functions: the latency figure, and an exact duplicate flagged.
        UploadTicket second = f.assets.requestUpload(IngestFixture.CREATOR, id,
                new dam.core.asset.NewUpload("Summer Hero again.jpg", "image/jpeg", (long) photo.length, null));
        assertThat(second.version().number()).isEqualTo(2);
        assertThat(f.put(second.plan().url(), "image/jpeg", photo).statusCode()).isEqualTo(200);
        long warm = System.nanoTime();
        AssetVersion v2 = f.awaitTerminal(id, 2, Duration.ofSeconds(60));
        System.out.printf("ingest e2e: warm upload complete → %s %d ms%n", v2.state().code(),
                (System.nanoTime() - warm) / 1_000_000);
        assertThat(v2.state()).isEqualTo(VersionState.READY);
        // The shared cloud holds other tests' photos too: near matches to them are fair; the exact one is v1 alone.
        assertThat(v2.duplicates()).filteredOn(d -> d.kind().equals("exact"))
                .extracting(d -> d.kind() + ":" + d.assetId() + "/" + d.version())
                .containsExactly("exact:" + id + "/1");
    }

    /** NASA public-domain photo from Debian python3-skimage (installed by ./dam; provenance in local/cloud NOTICE). */
    static final java.nio.file.Path ASTRONAUT = java.nio.file.Path.of(
            "/usr/lib/python3/dist-packages/skimage/data/astronaut.png");

    @Test
    void aRealPhotoWithAFaceGetsFaceTagsFromRekognition() throws Exception {
        byte[] png = java.nio.file.Files.readAllBytes(ASTRONAUT);
        UploadTicket t = f.request("astronaut.png", "image/png", png.length);
        assertThat(f.put(t.plan().url(), "image/png", png).statusCode()).isEqualTo(200);
        AssetVersion v = f.awaitTerminal(t.asset().id(), 1, Duration.ofSeconds(120));

        assertThat(v.state()).as("%s", v.reasons()).isEqualTo(VersionState.READY);
        assertThat(v.quality()).extracting(q -> q.check()).doesNotContain("ai_tags");
        assertThat(v.tags(dam.core.asset.Tag.Source.AI)).anySatisfy(tag -> {
            assertThat(tag.kind()).isEqualTo("face");
            assertThat(tag.value()).isEqualTo("face");
            assertThat(tag.confidence()).isGreaterThan(50);
        });
        assertThat(v.tags(dam.core.asset.Tag.Source.AI)).extracting(tag -> tag.value()).contains("faces:1");
        assertThat(v.tags(dam.core.asset.Tag.Source.RULE)).extracting(tag -> tag.kind() + ":" + tag.value())
                .contains("keyword:people");
    }

    @Test
    void anIntegrationSubmitsTheNextVersionWithACommandOnTheBus(TestCloud cloud) throws Exception {
        byte[] first = IngestFixture.jpeg(1600, 1200, 1);
        UploadTicket t = f.request("agency.jpg", "image/jpeg", first.length);
        assertThat(f.put(t.plan().url(), "image/jpeg", first).statusCode()).isEqualTo(200);
        String id = t.asset().id();
        assertThat(f.awaitTerminal(id, 1, Duration.ofSeconds(90)).state()).isEqualTo(VersionState.READY);

        byte[] second = IngestFixture.jpeg(1200, 1600, 1);
        String incoming = "incoming/agency/" + id + "-v2.jpg";
        f.s3.putObject(r -> r.bucket(f.originals).key(incoming).contentType("image/jpeg"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(second));
        try (EventBridgeClient events = cloud.events()) {
            events.putEvents(r -> r.entries(e -> e.eventBusName("dam").source("partner.agency")
                    .detailType("Command Submit Version").detail("""
                            {"version":1,"commandId":"agency-%s","requestedBy":"studio@agency.example",
                             "assetId":"%s","fileName":"Agency V2.jpg","contentType":"image/jpeg",
                             "source":{"incomingKey":"%s"}}""".formatted(id, id, incoming))));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> f.repo.findVersion(id, 2).isPresent());
        AssetVersion v2 = f.awaitTerminal(id, 2, Duration.ofSeconds(90));
        assertThat(v2.state()).as("%s", v2.reasons()).isEqualTo(VersionState.READY);
        assertThat(v2.submitter()).isEqualTo("studio@agency.example");
        assertThat(v2.tech().width()).isEqualTo(1200);
        assertThat(f.keys(f.originals, incoming)).as("the drop is moved, not kept twice").isEmpty();
    }

    @Test
    void uploadsAreRequestedAndReadThroughTheHttpApi(TestCloud cloud) throws Exception {
        String token = cloud.cloud().apigateway().issueToken("cara@acme.example", List.of("creator"),
                List.of("Acme"));
        byte[] photo = IngestFixture.jpeg(2400, 1600, 1);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> created = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(cloud.cloud().apiEndpoint() + "/assets"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"brand":"Acme","channel":"web","fileName":"api upload.jpg","contentType":"image/jpeg",
                         "size":%d}""".formatted(photo.length))).build(), java.net.http.HttpResponse.BodyHandlers
                .ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode ticket = JSON.readTree(created.body());
        String id = ticket.path("asset").path("id").asText();
        java.net.URI url = java.net.URI.create(ticket.path("plan").path("url").asText());
        assertThat(url.getPort()).as("presigned for the local cloud's S3").isEqualTo(cloud.endpoint().getPort());

        assertThat(f.put(url, "image/jpeg", photo).statusCode()).isEqualTo(200);
        assertThat(f.awaitTerminal(id, 1, Duration.ofSeconds(90)).state()).isEqualTo(VersionState.READY);
        java.net.http.HttpResponse<String> read = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(cloud.cloud().apiEndpoint() + "/assets/" + id))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode version = JSON.readTree(read.body()).path("versions").get(0);
        assertThat(version.path("state").asText()).isEqualTo("ready");
        assertThat(version.path("renditions").size()).isEqualTo(3);
        assertThat(version.path("tech").path("width").asInt()).isEqualTo(2400);
    }

    private static boolean executionFor(SfnClient sfn, String executionArn, String key) {
        String input = sfn.describeExecution(r -> r.executionArn(executionArn)).input();
        return input != null && input.contains(key);
    }
}
