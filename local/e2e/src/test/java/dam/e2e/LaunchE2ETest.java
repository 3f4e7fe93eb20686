package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dam.approval.DynamoReviewRepository;
import dam.aws.launch.DynamoPlacementStore;
import dam.aws.library.DynamoShareStore;
import dam.core.asset.VersionState;
import dam.core.json.Json;
import dam.core.launch.Placement;
import dam.core.library.share.Share;
import dam.core.review.Review;
import dam.core.review.ReviewStatus;
import dam.local.clock.LocalClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Issue 9 launch and live content through the whole local cloud on a frozen clock:
 * <ul>
 *   <li>{@code Command Register Placement} on the bus records a placement (twice → one), an unknown webhook target
 *       gets {@code Command Rejected} with the reason;</li>
 *   <li>webhook targets that answer 500 or hang (1 s timeout) get the first try and Lambda's two async retries (after
 *       1 and 2 minutes of clock), then the event is in the delivery function's DLQ with the reason;</li>
 *   <li>always-on content: a brand policy of 1 day + review → the 03:00 sweep starts a re-approval round on the
 *       asset-review machine; switched to retire → {@code Asset Unpublish Requested} kind placement-age; a second
 *       sweep reads nothing and starts nothing;</li>
 *   <li>T-0: the asset expires although its webhook targets keep failing, its share links are revoked (reason
 *       "rights expired", {@code Share Revoked}), and its unpublish calls end in the DLQ too.</li>
 * </ul>
 */
class LaunchE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LAMBDA = Duration.ofSeconds(120);
    private static final String SECRET = "e2e-launch-secret-0123456789abcdef";
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void commandsRetriesDeadLettersReapprovalAndShareRevocation() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LocalDate today = LocalDate.ofInstant(start, ZoneOffset.UTC);
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        CountDownLatch release = new CountDownLatch(1);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool()); // a hanging call must not block the others
        receiver.createContext("/fail", ex -> {
            ex.getRequestBody().readAllBytes();
            calls.computeIfAbsent("fail", k -> new AtomicInteger()).incrementAndGet();
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        receiver.createContext("/hang", ex -> {
            calls.computeIfAbsent("hang", k -> new AtomicInteger()).incrementAndGet();
            try {
                release.await(60, TimeUnit.SECONDS); // answers only after the test (the caller gave up after 1 s)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        Path photo = Files.createTempFile("launch", ".jpg");
        Files.write(photo, IngestFixture.jpeg(320, 240, 1));
        long t0 = System.nanoTime();
        try (LocalClock clock = LocalClock.fixed(start);
             TestCloud cloud = TestCloud.start(TestCloud.freshStateDir("launch"), clock);
             LambdaClient lambda = client(cloud, LambdaClient.builder())) {
            receiver.start();
            System.out.println("launch e2e: cloud up in " + seconds(t0) + " s");
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort();
            LibrarySeed seed = new LibrarySeed(cloud);
            String a = seed.readyAsset("launch-a.jpg", "image/jpeg", photo);
            String b = seed.readyAsset("launch-b.jpg", "image/jpeg", photo);
            String c = seed.readyAsset("launch-c.jpg", "image/jpeg", photo);
            for (String id : List.of(a, b, c)) {
                seed.approve(id);
            }
            BusObserver bus = new BusObserver(cloud, "dam", """
                    {"detail-type": ["Command Rejected", "Share Revoked", "Asset Unpublish Requested"]}""");
            DynamoPlacementStore placements = new DynamoPlacementStore(cloud.dynamodb(), "dam", Json.mapper());

            // The API function's first (cold) start on a loaded machine can outlast the gateway's timeout: wait for it.
            await().atMost(LAMBDA).until(() -> call(cloud, "admin", "GET", "/me", null).statusCode() == 200);
            assertThat(call(cloud, "admin", "PUT", "/webhook-targets/fail", "{\"url\":\"" + hook + "/fail\","
                    + "\"secret\":\"" + SECRET + "\"}").statusCode()).isEqualTo(200);
            HttpResponse<String> hang = call(cloud, "admin", "PUT", "/webhook-targets/hang", "{\"url\":\"" + hook
                    + "/hang\",\"secret\":\"" + SECRET + "\",\"timeoutSeconds\":1}");
            assertThat(hang.statusCode()).as(hang.body()).isEqualTo(200);
            assertThat(JSON.readTree(hang.body()).path("timeoutSeconds").asInt()).isEqualTo(1);
            assertThat(hang.body()).doesNotContain(SECRET);
            HttpResponse<String> rights = call(cloud, "legal", "PUT", "/assets/" + a + "/rights/lic",
                    "{\"licenceType\":\"rights-managed\",\"territories\":[\"WW\"],\"channels\":[\"web\"],"
                            + "\"start\":\"2020-01-01\",\"end\":\"" + today.plusDays(4) + "\"}");
            assertThat(rights.statusCode()).as(rights.body()).isEqualTo(200);
            HttpResponse<String> share = call(cloud, "brand-manager", "POST", "/assets/" + a + "/shares",
                    "{\"expiresAt\":\"" + start.plus(Duration.ofDays(30)) + "\",\"maxDownloads\":5,"
                            + "\"presets\":[\"original\"]}");
            assertThat(share.statusCode()).as(share.body()).isEqualTo(201);

            // 1. Placements registered by an integration: twice is once; an unknown target is rejected with why.
            String register = "{\"version\":1,\"commandId\":\"cms-1\",\"assetId\":\"" + a + "\",\"channel\":\"web\","
                    + "\"targetId\":\"home\",\"url\":\"https://www.acme.example/\",\"placedBy\":\"ed@acme.example\"}";
            command(cloud, register);
            command(cloud, register);
            command(cloud, "{\"version\":1,\"assetId\":\"" + a + "\",\"channel\":\"webhook\",\"targetId\":\"nope\","
                    + "\"placedBy\":\"ed@acme.example\"}");
            JsonNode rejected = JSON.readTree(bus.awaitAtLeast(1, LAMBDA).get(0));
            assertThat(rejected.path("detail-type").asText()).isEqualTo("Command Rejected");
            assertThat(rejected.path("source").asText()).isEqualTo("dam.launch");
            assertThat(rejected.path("detail").path("reasons").toString()).contains("unknown channel target 'nope'");
            awaitQuiet(cloud);
            assertThat(placements.placements(a)).singleElement().satisfies(p -> {
                assertThat(p.source()).isEqualTo("partner.cms");
                assertThat(p.targetId()).isEqualTo("home");
            });

            // 2. Webhook targets that fail: the first try, two retries 1 and 2 minutes later, then the DLQ.
            assertThat(place(cloud, a, "fail").statusCode()).isEqualTo(201);
            assertThat(place(cloud, a, "hang").statusCode()).isEqualTo(201);
            HttpResponse<String> unknown = place(cloud, a, "nope");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("unknown channel target");
            failThreeTimes(cloud, clock, calls, 1);
            List<Message> dead = awaitDeadLetters(cloud, lambda, 2);
            assertThat(dead).extracting(m -> attribute(m, "ErrorMessage")).anyMatch(e -> e.contains("answered 500"))
                    .anyMatch(e -> e.contains("timed out after 1 s"));
            assertThat(dead).allMatch(m -> m.body().contains("Asset Published"));

            // 3. Always-on content: 1 day, review → a re-approval round through the asset-review machine.
            assertThat(call(cloud, "brand-manager", "PUT", "/placement-policies/Acme",
                    "{\"ageDays\":1,\"action\":\"review\"}").statusCode()).isEqualTo(200);
            assertThat(registerAndAwait(cloud, placements, b, "b-home")).isNotNull();
            // Due one day after it was placed (some time today): the sweep of the day after tomorrow finds it.
            advance(clock, cloud, today.plusDays(2).atTime(LocalTime.of(3, 1)).toInstant(ZoneOffset.UTC));
            DynamoReviewRepository reviews = new DynamoReviewRepository(cloud.dynamodb(), "dam", Json.mapper());
            await().atMost(LAMBDA).until(() -> reviews.find(b).map(r -> r.rounds().size()).orElse(0) == 2);
            Review reopened = reviews.find(b).orElseThrow();
            assertThat(reopened.status()).isEqualTo(ReviewStatus.IN_REVIEW);
            assertThat(reopened.currentRound().version()).isEqualTo(1);
            assertThat(placements.placements(b).get(0).reapproval().action()).isEqualTo("review");
            assertThat(placements.placements(b).get(0).reapproval().detail()).startsWith("reapproval-");

            // … switched to retire → the next sweep asks for the placement to be taken down.
            assertThat(call(cloud, "brand-manager", "PUT", "/placement-policies/Acme",
                    "{\"ageDays\":1,\"action\":\"retire\"}").statusCode()).isEqualTo(200);
            Placement cHome = registerAndAwait(cloud, placements, c, "c-home");
            advance(clock, cloud, today.plusDays(4).atTime(LocalTime.of(3, 1)).toInstant(ZoneOffset.UTC));
            await().atMost(LAMBDA).until(() -> placements.placements(c).get(0).reapproval() != null);
            assertThat(placements.placements(c).get(0).reapproval().action()).isEqualTo("retire");
            List<JsonNode> retire = events(bus, "Asset Unpublish Requested", 1);
            assertThat(retire).singleElement().satisfies(e -> {
                assertThat(e.path("detail").path("kind").asText()).isEqualTo("placement-age");
                assertThat(e.path("detail").path("placementId").asText()).isEqualTo(cHome.id());
            });

            // Sweeping again reads nothing and starts nothing: one round, one retirement.
            InvokeResponse again = lambda.invoke(r -> r.functionName(launchFunction(lambda).functionName())
                    .payload(SdkBytes.fromUtf8String("{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\"}")));
            assertThat(again.functionError()).as(again.payload().asUtf8String()).isNull();
            JsonNode report = JSON.readTree(again.payload().asUtf8String()).path("sweep");
            System.out.println("re-approval sweep report: " + report);
            assertThat(report.path("itemsRead").asInt()).isZero();
            assertThat(report.path("reviews").asInt() + report.path("retired").asInt()).isZero();
            assertThat(reviews.find(b).orElseThrow().rounds()).hasSize(2);

            // 4. T-0 (rights end after today + 4): expired although its webhook targets still fail; links revoked.
            // (No waiting for quiet here: the failing deliveries stay pending until their last retry.)
            clock.advance(Duration.between(clock.instant(), today.plusDays(5).atTime(LocalTime.of(0, 1))
                    .toInstant(ZoneOffset.UTC)));
            await().atMost(LAMBDA).until(() -> seed.assets.findVersion(a, 1).orElseThrow().state()
                    == VersionState.EXPIRED);
            failThreeTimes(cloud, clock, calls, 2);
            List<Message> deadAfterExpiry = awaitDeadLetters(cloud, lambda, 4);
            assertThat(deadAfterExpiry).filteredOn(m -> m.body().contains("Asset Unpublish Requested")).hasSize(2);
            List<Share> links = new DynamoShareStore(cloud.dynamodb(), "dam", Json.mapper())
                    .forTarget(Share.Kind.ASSET, a);
            assertThat(links).singleElement().satisfies(s -> {
                assertThat(s.revoked()).isTrue();
                assertThat(s.revokedBy()).isEqualTo("system:expiry-scan");
            });
            List<JsonNode> revoked = events(bus, "Share Revoked", 1);
            assertThat(revoked.get(0).path("detail").path("reason").asText()).isEqualTo("rights expired");
            assertThat(revoked.get(0).path("detail").path("targetId").asText()).isEqualTo(a);
            List<JsonNode> unpublish = events(bus, "Asset Unpublish Requested", 4);
            assertThat(unpublish).filteredOn(e -> e.path("detail").path("assetId").asText().equals(a))
                    .extracting(e -> e.path("detail").path("channel").asText())
                    .containsExactlyInAnyOrder("web", "webhook", "webhook");
            assertThat(seed.assets.audit(a)).extracting(e -> e.action()).contains("asset.expired", "share.revoked");
            System.out.println("launch e2e: " + seconds(t0) + " s");
        } finally {
            release.countDown();
            receiver.stop(0);
            Files.deleteIfExists(photo);
        }
    }

    /**
     * The first try of each failing target's delivery, then its two retries: Lambda schedules each retry 1 and then
     * 2 minutes after the failed attempt <em>ended</em> (the hanging target ends a second later than the other), so
     * the clock moves on in 20-second steps until both retried — no real waiting for the back-off.
     */
    private static void failThreeTimes(TestCloud cloud, LocalClock clock, Map<String, AtomicInteger> calls,
                                       int deliveries) {
        int base = 3 * (deliveries - 1);
        await().atMost(LAMBDA).until(() -> count(calls, "fail") >= base + 1 && count(calls, "hang") >= base + 1);
        for (int attempt = 2; attempt <= 3; attempt++) {
            int n = base + attempt;
            await().atMost(LAMBDA).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (count(calls, "fail") >= n && count(calls, "hang") >= n) {
                    return true;
                }
                clock.advance(Duration.ofSeconds(20));
                return false;
            });
        }
        awaitQuiet(cloud);
        assertThat(count(calls, "fail")).as("first try + 2 retries, no fourth").isEqualTo(base + 3);
        assertThat(count(calls, "hang")).as("first try + 2 retries, no fourth").isEqualTo(base + 3);
    }

    private static int count(Map<String, AtomicInteger> calls, String target) {
        AtomicInteger n = calls.get(target);
        return n == null ? 0 : n.get();
    }

    /** Dead letters of the webhook function so far (read and deleted from its DLQ, kept here). */
    private final List<Message> deadLetters = new ArrayList<>();

    private List<Message> awaitDeadLetters(TestCloud cloud, LambdaClient lambda, int count) {
        FunctionConfiguration webhook = lambda.listFunctions().functions().stream()
                .filter(f -> "dam.expiry.WebhookDeliveryHandler::handleRequest".equals(f.handler())).findFirst()
                .orElseThrow(() -> new AssertionError("webhook function not deployed"));
        String arn = webhook.deadLetterConfig().targetArn();
        String url = cloud.sqs().getQueueUrl(r -> r.queueName(arn.substring(arn.lastIndexOf(':') + 1))).queueUrl();
        await().atMost(LAMBDA).until(() -> {
            for (Message m : cloud.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                    .messageAttributeNames("All")).messages()) {
                deadLetters.add(m);
                cloud.sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
            return deadLetters.size() >= count;
        });
        assertThat(deadLetters).hasSize(count);
        return List.copyOf(deadLetters);
    }

    private static String attribute(Message m, String name) {
        MessageAttributeValue v = m.messageAttributes().get(name);
        return v == null ? "" : v.stringValue();
    }

    private Placement registerAndAwait(TestCloud cloud, DynamoPlacementStore placements, String assetId,
                                       String target) {
        command(cloud, "{\"version\":1,\"assetId\":\"" + assetId + "\",\"channel\":\"web\",\"targetId\":\"" + target
                + "\",\"placedBy\":\"ed@acme.example\"}");
        await().atMost(LAMBDA).until(() -> !placements.placements(assetId).isEmpty());
        Placement p = placements.placements(assetId).get(0);
        assertThat(p.reviewDueAt()).isEqualTo(p.publishedAt().plus(Duration.ofDays(1)));
        return p;
    }

    private static List<JsonNode> events(BusObserver bus, String type, int atLeast) {
        List<JsonNode> out = new ArrayList<>();
        await().atMost(LAMBDA).until(() -> {
            out.clear();
            for (String e : bus.drain()) {
                JsonNode n = JSON.readTree(e);
                if (n.path("detail-type").asText().equals(type)) {
                    out.add(n);
                }
            }
            return out.size() >= atLeast;
        });
        return out;
    }

    private static void command(TestCloud cloud, String detail) {
        var r = cloud.events().putEvents(p -> p.entries(e -> e.eventBusName("dam").source("partner.cms")
                .detailType("Command Register Placement").detail(detail)));
        assertThat(r.failedEntryCount()).isZero();
    }

    private HttpResponse<String> place(TestCloud cloud, String assetId, String target) throws Exception {
        return call(cloud, "brand-manager", "POST", "/assets/" + assetId + "/placements",
                "{\"channel\":\"webhook\",\"targetId\":\"" + target + "\"}");
    }

    private HttpResponse<String> call(TestCloud cloud, String role, String method, String path, String body)
            throws Exception {
        String user = switch (role) {
            case "admin" -> "ada@acme.example";
            case "legal" -> "lena@acme.example";
            default -> "mia@acme.example";
        };
        String token = cloud.cloud().apigateway().issueToken(user, List.of(role), List.of("Acme"));
        return http.send(HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static FunctionConfiguration launchFunction(LambdaClient lambda) {
        return lambda.listFunctions().functions().stream()
                .filter(f -> "dam.expiry.LaunchHandler::handleRequest".equals(f.handler())).findFirst()
                .orElseThrow(() -> new AssertionError("launch function not deployed"));
    }

    private static void advance(LocalClock clock, TestCloud cloud, Instant target) {
        clock.advance(Duration.between(clock.instant(), target));
        awaitQuiet(cloud);
    }

    private static void awaitQuiet(TestCloud cloud) {
        await().atMost(LAMBDA).until(() -> cloud.cloud().scheduler().pendingDeliveries() == 0
                && cloud.cloud().lambda().pendingAsync() == 0);
    }

    private static long seconds(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0).toSeconds();
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>
            & software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C client(TestCloud cloud,
                                                                                                   B builder) {
        return builder.httpClient(UrlConnectionHttpClient.create()).endpointOverride(cloud.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }
}
