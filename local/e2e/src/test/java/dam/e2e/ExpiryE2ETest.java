package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dam.approval.DynamoReviewRepository;
import dam.core.asset.UploadTicket;
import dam.core.asset.VersionState;
import dam.core.audit.AuditChain;
import dam.core.json.Json;
import dam.core.launch.WebhookSignature;
import dam.core.lifecycle.ExpiryCheck;
import dam.core.lifecycle.ExpiryPlanner;
import dam.core.review.Outcome;
import dam.core.review.Review;
import dam.core.review.ReviewRepository;
import dam.core.review.ReviewStatus;
import dam.core.review.Round;
import dam.local.clock.LocalClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;

/**
 * Issue 9 through the whole local cloud with a frozen clock. Asset A (approved, rights ending in 40 days) is placed on
 * two webhook targets served by this test; advancing the clock fires the T-30/T-7/T-1 reminder mails once each; its
 * T-0 schedule is deleted on purpose, so the daily sweep is what expires it: version expired, two signed unpublish
 * calls, downloads refused. Asset B's end date is moved (its schedules move; the old moments pass silently) and then
 * its record is deleted (its schedules are cancelled). A duplicate Scheduler invocation sends nothing.
 */
class ExpiryE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LAMBDA = Duration.ofSeconds(120);
    private static final String GROUP = "dam-expiry";
    private static final String SECRET = "e2e-webhook-secret-0123456789abcdef";
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    record Call(String path, String type, String assetId, boolean signed) {
    }

    @Test
    void remindersOnceThenExpiryUnpublishesEverywhereAndMovesAndDeletesReplan() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Call> calls = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        try (LocalClock clock = LocalClock.fixed(start);
             TestCloud cloud = TestCloud.start(TestCloud.freshStateDir("expiry"), clock);
             SchedulerClient scheduler = client(cloud, SchedulerClient.builder());
             LambdaClient lambda = client(cloud, LambdaClient.builder())) {
            for (String path : List.of("/cms", "/shop")) {
                receiver.createContext(path, ex -> {
                    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    JsonNode json = JSON.readTree(body);
                    boolean signed = new WebhookSignature(SECRET.getBytes(StandardCharsets.UTF_8)).verify(
                            ex.getRequestHeaders().getFirst(WebhookSignature.HEADER), body, clock.instant(),
                            Duration.ofMinutes(5));
                    calls.add(new Call(path, json.path("type").asText(), json.path("data").path("assetId").asText(),
                            signed));
                    ex.sendResponseHeaders(204, -1);
                    ex.close();
                });
            }
            receiver.start();
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort();
            LocalDate today = LocalDate.ofInstant(start, ZoneOffset.UTC);
            LocalDate lastDay = today.plusDays(39); // rights end in 40 days (the start of day 40)
            IngestFixture f = new IngestFixture(cloud);
            String a = ingest(f, "expiring.jpg");
            String b = ingest(f, "moved.jpg");
            approve(cloud, a, start);
            approve(cloud, b, start); // drafts are their team's only: legal could not even see B's rights

            for (String target : List.of("cms", "shop")) {
                HttpResponse<String> t = call(cloud, "ada@acme.example", "admin", "PUT", "/webhook-targets/" + target,
                        "{\"url\":\"" + hook + "/" + target + "\",\"secret\":\"" + SECRET + "\"}");
                assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
                assertThat(t.body()).doesNotContain(SECRET);
            }
            putRights(cloud, a, lastDay);
            putRights(cloud, b, today.plusDays(5));
            await().atMost(LAMBDA).untilAsserted(() -> {
                assertThat(schedules(scheduler, a)).hasSize(4);
                assertThat(schedules(scheduler, b)).hasSize(2); // T-30 and T-7 of a 6-day end have passed
            });
            assertThat(expression(scheduler, name(a, 7))).isEqualTo("at(" + lastDay.minusDays(6) + "T00:00:00)");

            // Publishing: an unknown target is refused, the two targets get a signed call each.
            HttpResponse<String> unknown = place(cloud, a, "nope");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("unknown channel target");
            assertThat(place(cloud, a, "cms").statusCode()).isEqualTo(201);
            assertThat(place(cloud, a, "shop").statusCode()).isEqualTo(201);
            assertThat(place(cloud, a, "shop").statusCode()).as("same target again").isEqualTo(200);
            assertThat(JSON.readTree(call(cloud, "cara@acme.example", "creator", "GET", "/assets/" + a
                    + "/placements", null).body()).path("items")).hasSize(2);
            await().atMost(LAMBDA).until(() -> calls.size() >= 2);
            assertThat(calls).allMatch(c -> c.type().equals("asset.published") && c.signed() && c.assetId().equals(a));

            // B's end moves out by 84 days: same names, new moments.
            putRights(cloud, b, today.plusDays(89));
            await().atMost(LAMBDA).untilAsserted(() -> assertThat(expression(scheduler, name(b, 1)))
                    .isEqualTo("at(" + today.plusDays(89) + "T00:00:00)"));
            assertThat(schedules(scheduler, b)).hasSize(4);

            // T-30 of A; B's original T-1 and T-0 pass without a word.
            advanceTo(clock, cloud, today.plusDays(10));
            await().atMost(LAMBDA).until(() -> mails(cloud, a).size() == 1);
            awaitQuiet(cloud);
            assertThat(mails(cloud, a).get(0).path("Subject").asText()).contains("end in 30 days")
                    .contains(lastDay.toString());
            assertThat(mails(cloud, a).get(0).path("Body").path("html_part").asText()).contains("href=");
            assertThat(mails(cloud, b)).isEmpty();
            assertThat(f.version(b, 1).state()).isEqualTo(VersionState.READY);

            // The sweep reads only what expires in its window: A (in 30 days), not B (in 84 days).
            FunctionConfiguration planner = function(lambda, true);
            InvokeResponse sweep = lambda.invoke(r -> r.functionName(planner.functionName()).payload(
                    SdkBytes.fromUtf8String("{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\"}")));
            assertThat(sweep.functionError()).as(sweep.payload().asUtf8String()).isNull();
            JsonNode report = JSON.readTree(sweep.payload().asUtf8String());
            System.out.println("expiry sweep report: " + report);
            assertThat(report.path("itemsRead").asInt()).isEqualTo(1);
            assertThat(report.path("rescheduled").asInt()).isEqualTo(1);

            // B's record is deleted: every schedule of it goes.
            assertThat(call(cloud, "lena@acme.example", "legal", "DELETE", "/assets/" + b + "/rights/lic", null)
                    .statusCode()).isEqualTo(200);
            await().atMost(LAMBDA).untilAsserted(() -> assertThat(schedules(scheduler, b)).isEmpty());

            advanceTo(clock, cloud, lastDay.minusDays(6));
            await().atMost(LAMBDA).until(() -> mails(cloud, a).size() == 2);
            advanceTo(clock, cloud, lastDay);
            await().atMost(LAMBDA).until(() -> mails(cloud, a).size() == 3);
            awaitQuiet(cloud);
            assertThat(mails(cloud, a).get(2).path("Subject").asText()).contains("end in 1 day");

            // Scheduler delivers at least once: the T-1 check again sends nothing.
            FunctionConfiguration check = function(lambda, false);
            String t1 = Json.mapper().writeValueAsString(new ExpiryCheck(a, "lic", ExpiryCheck.RIGHTS, 1,
                    lastDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            InvokeResponse again = lambda.invoke(r -> r.functionName(check.functionName())
                    .payload(SdkBytes.fromUtf8String(t1)));
            assertThat(again.functionError()).as(again.payload().asUtf8String()).isNull();
            assertThat(JSON.readTree(again.payload().asUtf8String()).path("status").asText()).isEqualTo("DUPLICATE");
            assertThat(mails(cloud, a)).hasSize(3);

            // After that day's sweep the T-0 schedule is lost: at the end nothing happens until the next daily sweep
            // (02:00 UTC) catches it.
            advance(clock, cloud, lastDay.atTime(LocalTime.of(3, 0)).toInstant(ZoneOffset.UTC));
            assertThat(schedules(scheduler, a)).containsExactly(name(a, 0));
            scheduler.deleteSchedule(r -> r.groupName(GROUP).name(name(a, 0)));
            advance(clock, cloud, lastDay.plusDays(1).atTime(LocalTime.of(0, 30)).toInstant(ZoneOffset.UTC));
            awaitQuiet(cloud);
            assertThat(f.version(a, 1).state()).isEqualTo(VersionState.READY);
            advance(clock, cloud, lastDay.plusDays(1).atTime(LocalTime.of(2, 1)).toInstant(ZoneOffset.UTC));
            await().atMost(LAMBDA).until(() -> f.stateIs(a, 1, VersionState.EXPIRED));
            await().atMost(LAMBDA).until(() -> calls.size() >= 4);
            awaitQuiet(cloud);
            List<Call> unpublish = calls.stream().filter(c -> c.type().equals("asset.unpublish-requested")).toList();
            assertThat(unpublish).extracting(Call::path).containsExactlyInAnyOrder("/cms", "/shop");
            assertThat(unpublish).allMatch(Call::signed);
            assertThat(calls).hasSize(4);
            var audit = f.repo.audit(a);
            assertThat(audit.get(audit.size() - 1).action()).isEqualTo("asset.expired");
            assertThat(AuditChain.firstBroken(audit)).isEqualTo(-1);
            // Expired assets are hidden from everyone but admins (404 like a missing one); an admin is refused (403).
            assertThat(call(cloud, "cara@acme.example", "creator", "GET", "/assets/" + a + "/download", null)
                    .statusCode()).isEqualTo(404);
            HttpResponse<String> download = call(cloud, "ada@acme.example", "admin", "GET", "/assets/" + a
                    + "/download", null);
            assertThat(download.statusCode()).isEqualTo(403);
            assertThat(download.body()).contains("usage rights have expired");
            assertThat(mails(cloud, a)).hasSize(3);
            assertThat(mails(cloud, b)).isEmpty();
        } finally {
            receiver.stop(0);
        }
    }

    private static String ingest(IngestFixture f, String name) throws Exception {
        byte[] photo = IngestFixture.jpeg(640, 480, 1);
        UploadTicket t = f.request(name, "image/jpeg", photo.length);
        assertThat(f.put(t.plan().url(), "image/jpeg", photo).statusCode()).isEqualTo(200);
        assertThat(f.awaitTerminal(t.asset().id(), 1, LAMBDA).state()).isEqualTo(VersionState.READY);
        return t.asset().id();
    }

    /** The review outcome the product records when every stage approved (issue 7 walks it; here it is the premise). */
    private static void approve(TestCloud cloud, String assetId, Instant at) {
        Round round = new Round(1, 1, "e2e", at, List.of(), Outcome.APPROVED, at);
        Review review = new Review(assetId, null, "Acme", "expiring", "cara@acme.example", "mia@acme.example",
                ReviewStatus.APPROVED, List.of(), List.of(round), null, at, at, 1);
        assertThat(new DynamoReviewRepository(cloud.dynamodb(), "dam", Json.mapper()).save(review,
                AuditChain.next(null, Review.chain(assetId), 1, at, "mia@acme.example", "review.approved", "e2e")))
                .isEqualTo(ReviewRepository.Write.DONE);
    }

    private void putRights(TestCloud cloud, String assetId, LocalDate lastDay) throws Exception {
        HttpResponse<String> r = call(cloud, "lena@acme.example", "legal", "PUT", "/assets/" + assetId
                + "/rights/lic", "{\"licenceType\":\"rights-managed\",\"territories\":[\"WW\"],\"channels\":[\"web\"],"
                + "\"start\":\"2020-01-01\",\"end\":\"" + lastDay + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private HttpResponse<String> place(TestCloud cloud, String assetId, String target) throws Exception {
        return call(cloud, "mia@acme.example", "brand-manager", "POST", "/assets/" + assetId + "/placements",
                "{\"channel\":\"webhook\",\"targetId\":\"" + target + "\"}");
    }

    private HttpResponse<String> call(TestCloud cloud, String user, String role, String method, String path,
                                      String body) throws Exception {
        String token = cloud.cloud().apigateway().issueToken(user, List.of(role), List.of("Acme"));
        return http.send(HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String name(String assetId, int days) {
        return ExpiryPlanner.scheduleName(new ExpiryPlanner.Dated(assetId, "lic", ExpiryCheck.RIGHTS, null), days);
    }

    private static List<String> schedules(SchedulerClient scheduler, String assetId) {
        String prefix = name(assetId, 0).substring(0, name(assetId, 0).length() - 1);
        return scheduler.listSchedules(r -> r.groupName(GROUP).namePrefix(prefix)).schedules().stream()
                .map(ScheduleSummary::name).sorted().toList();
    }

    private static String expression(SchedulerClient scheduler, String name) {
        return scheduler.getSchedule(r -> r.groupName(GROUP).name(name)).scheduleExpression();
    }

    /** To 00:01 UTC on {@code day}, through 03:00 the day before, so that day's sweep has run first. */
    private static void advanceTo(LocalClock clock, TestCloud cloud, LocalDate day) {
        advance(clock, cloud, day.minusDays(1).atTime(LocalTime.of(3, 0)).toInstant(ZoneOffset.UTC));
        awaitQuiet(cloud);
        advance(clock, cloud, day.atTime(LocalTime.of(0, 1)).toInstant(ZoneOffset.UTC));
    }

    private static void advance(LocalClock clock, TestCloud cloud, Instant target) {
        clock.advance(Duration.between(clock.instant(), target));
        awaitQuiet(cloud);
    }

    private static void awaitQuiet(TestCloud cloud) {
        await().atMost(LAMBDA).until(() -> cloud.cloud().scheduler().pendingDeliveries() == 0
                && cloud.cloud().lambda().pendingAsync() == 0);
    }

    /** Expiry mails about {@code assetId} (their text links to it), oldest first. */
    private List<JsonNode> mails(TestCloud cloud, String assetId) throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(cloud.endpoint().resolve("/_aws/ses")).GET()
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : JSON.readTree(res.body()).path("messages")) {
            if (m.path("Body").path("text_part").asText().contains("/#/assets/" + assetId)) {
                out.add(m);
            }
        }
        out.sort((x, y) -> x.path("Timestamp").asText().compareTo(y.path("Timestamp").asText()));
        return out;
    }

    /** The expiry planner (it has a schedule target) or the check function (what schedules invoke). */
    private static FunctionConfiguration function(LambdaClient lambda, boolean planner) {
        return lambda.listFunctions().functions().stream()
                .filter(f -> "dam.expiry.ExpiryHandler::handleRequest".equals(f.handler())
                        && f.environment().variables().containsKey("EXPIRY_TARGET_ARN") == planner)
                .findFirst().orElseThrow(() -> new AssertionError("expiry function not deployed"));
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
