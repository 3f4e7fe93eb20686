package dam.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.core.asset.AssetService;
import dam.core.asset.IngestRules;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.asset.memory.RecordingAssetStorage;
import dam.core.auth.SecuredBriefs;
import dam.core.brief.BriefService;
import dam.core.brief.CommentService;
import dam.core.brief.DisclaimerRules;
import dam.core.memory.InMemoryBriefIndex;
import dam.core.memory.InMemoryBriefRepository;
import dam.core.memory.InMemoryCommentRepository;
import dam.core.memory.InMemoryReminderScheduler;
import dam.core.memory.RecordingEventPublisher;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The API function as Lambda runs it (Micronaut's {@link APIGatewayV2HTTPEventFunction}), wired to in-memory fakes
 * and a settable clock. Requests are API Gateway HTTP API (payload 2.0) events built from the fixture
 * {@code events/http-request.json} and read with the Lambda runtime's own event serializer.
 */
final class ApiHarness implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> ALICE = claims("alice@acme.example", "[creator]", "Acme");
    static final Map<String, String> BOB = claims("bob@acme.example", "[creator]", "Acme");
    static final Map<String, String> CAROL = claims("carol@acme.example", "[legal]", "Acme");
    static final Map<String, String> MALLORY = claims("mallory@acme.example", "[creator]", "Acme");
    static final Map<String, String> MANAGER = claims("mia@acme.example", "[brand-manager]", "Acme");
    static final Map<String, String> ZEST_MANAGER = claims("oscar@zest.example", "[brand-manager]", "Zest");
    static final Map<String, String> VIEWER = claims("vic@acme.example", "[viewer]", "Acme");

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-01T10:00:00Z"));
    final InMemoryBriefRepository repo = new InMemoryBriefRepository();
    final InMemoryCommentRepository comments = new InMemoryCommentRepository();
    final RecordingEventPublisher events = new RecordingEventPublisher();
    final InMemoryAssetRepository assetRepo = new InMemoryAssetRepository();
    final RecordingAssetStorage storage = new RecordingAssetStorage();
    /** Asset reviews on in-memory ports; {@link ReviewDriver} plays the workflow's part. */
    final dam.core.memory.InMemoryApprovalLinks links = new dam.core.memory.InMemoryApprovalLinks();
    final dam.core.memory.InMemoryReviewRepository reviewRepo = new dam.core.memory.InMemoryReviewRepository(links);
    final dam.core.memory.RecordingTaskCallbacks callbacks = new dam.core.memory.RecordingTaskCallbacks();
    final dam.core.memory.RecordingMailer mailer = new dam.core.memory.RecordingMailer();
    final MemoryCompareStorage derivatives = new MemoryCompareStorage();
    final dam.core.review.ReviewService reviewService;
    final dam.core.approval.ApprovalLinkService linkService;
    final dam.core.approval.ApprovalRequester requester;
    /** Keys the brief documents' storage was asked to presign PUTs for. */
    final java.util.List<String> documentKeys = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** GET /search answers from this brute-force index; tests put documents in it directly. */
    final dam.core.search.memory.InMemoryLibraryIndex searchIndex = new dam.core.search.memory.InMemoryLibraryIndex(
            new dam.core.search.Cursors("api-harness-cursor-key".getBytes(StandardCharsets.UTF_8)));
    private final ApplicationContext context;
    private final APIGatewayV2HTTPEventFunction function;

    ApiHarness() {
        Clock clock = new Clock() {
            @Override public ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(ZoneId zone) { return this; }
            @Override public Instant instant() { return now.get(); }
        };
        AtomicInteger ids = new AtomicInteger();
        SecuredBriefs briefs = new SecuredBriefs(
                new BriefService(repo, events, new InMemoryReminderScheduler(), clock,
                        () -> "b" + ids.incrementAndGet(), DisclaimerRules.defaults(), (key, type, length, ttl) -> {
                            documentKeys.add(key);
                            return java.net.URI.create("https://originals.example/" + key + "?X-Amz-Expires="
                                    + ttl.toSeconds());
                        }),
                new CommentService(repo, comments, clock, () -> "c" + ids.incrementAndGet()),
                new InMemoryBriefIndex(repo));
        AssetService assetService = new AssetService(assetRepo, storage, repo, IngestRules.defaults(), clock,
                () -> "a" + ids.incrementAndGet());
        dam.core.collection.CollectionService collectionService = new dam.core.collection.CollectionService(
                new dam.core.collection.memory.InMemoryCollectionRepository(), assetRepo, clock,
                () -> "col" + ids.incrementAndGet());
        reviewService = new dam.core.review.ReviewService(reviewRepo, links, assetRepo, repo, callbacks, events,
                mailer, (name, at, timer) -> { }, dam.core.review.ReviewSettings.defaults(ReviewDriver.BASE), clock,
                () -> "n" + ids.incrementAndGet());
        var subjects = new dam.core.review.AssetSubjectReader(assetRepo, reviewRepo, repo,
                dam.core.review.PreviewSource.NONE);
        linkService = new dam.core.approval.ApprovalLinkService(links, callbacks, subjects, clock,
                new java.security.SecureRandom(), reviewService::recordDecision);
        requester = new dam.core.approval.ApprovalRequester(linkService, subjects, mailer, clock, ReviewDriver.BASE);
        dam.core.review.SecuredReviews reviews = new dam.core.review.SecuredReviews(reviewService,
                new dam.core.review.ReviewDecisions(reviewService, linkService),
                new dam.core.review.ReviewAudit(assetRepo, links), assetRepo, repo);
        dam.core.review.VersionCompare compare = new dam.core.review.VersionCompare(reviews, assetRepo, derivatives,
                new MediaPixelDiffer(new dam.media.VisualDiff()), clock);
        context = ApplicationContext.builder().environments(AwsWiring.FAKES)
                .singletons(briefs, assetService, collectionService, reviews, compare,
                        new dam.core.approval.PendingApprovals(links, clock),
                        new dam.core.search.SearchService(searchIndex)).start();
        function = new APIGatewayV2HTTPEventFunction(context);
    }

    static Map<String, String> claims(String sub, String groups, String brands) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("iss", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example");
        c.put("aud", "dam");
        c.put("sub", sub);
        c.put("email", sub);
        c.put("cognito:groups", groups);
        c.put("custom:brands", brands);
        return c;
    }

    /** A response as a client sees it. */
    record Response(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        /** "field:code" of every error in an error body. */
        java.util.List<String> errors() {
            java.util.List<String> out = new java.util.ArrayList<>();
            json().path("errors").forEach(e -> out.add(e.path("field").asText() + ":" + e.path("code").asText()));
            return out;
        }
    }

    Response call(String method, String pathAndQuery, String body, Map<String, String> claims) {
        return call(method, pathAndQuery, body, claims, Map.of());
    }

    Response call(String method, String pathAndQuery, String body, Map<String, String> claims,
                  Map<String, String> headers) {
        APIGatewayV2HTTPResponse r = function.handleRequest(event(method, pathAndQuery, body, claims, headers), null);
        String out = r.getBody();
        if (out != null && r.getIsBase64Encoded()) {
            out = new String(Base64.getDecoder().decode(out), StandardCharsets.UTF_8);
        }
        Map<String, String> h = new LinkedHashMap<>();
        if (r.getHeaders() != null) {
            h.putAll(r.getHeaders());
        }
        if (r.getMultiValueHeaders() != null) {
            r.getMultiValueHeaders().forEach((k, v) -> h.putIfAbsent(k, String.join(",", v)));
        }
        return new Response(r.getStatusCode(), h, out);
    }

    static APIGatewayV2HTTPEvent event(String method, String pathAndQuery, String body, Map<String, String> claims,
                                       Map<String, String> headers) {
        try (InputStream in = ApiHarness.class.getResourceAsStream("/events/http-request.json")) {
            ObjectNode e = (ObjectNode) JSON.readTree(in);
            int q = pathAndQuery.indexOf('?');
            String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
            String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
            e.put("rawPath", path);
            e.put("rawQueryString", query);
            if (!query.isEmpty()) {
                ObjectNode params = e.putObject("queryStringParameters");
                for (String pair : query.split("&")) {
                    String[] kv = pair.split("=", 2);
                    params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                }
            }
            ObjectNode http = (ObjectNode) e.path("requestContext").path("http");
            http.put("method", method);
            http.put("path", path);
            headers.forEach(((ObjectNode) e.path("headers"))::put);
            if (body != null) {
                e.put("body", body);
            }
            if (claims == null) {
                ((ObjectNode) e.path("requestContext")).remove("authorizer");
            } else {
                ObjectNode c = ((ObjectNode) e.path("requestContext").path("authorizer").path("jwt"))
                        .putObject("claims");
                claims.forEach(c::put);
            }
            return LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, ApiHarness.class.getClassLoader())
                    .fromJson(JSON.writeValueAsString(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fixture(String name) {
        try (InputStream in = ApiHarness.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The create fixture with some fields replaced (values are JSON). */
    static String createBody(Map<String, Object> overrides) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(fixture("create-brief.json"));
            overrides.forEach((k, v) -> node.set(k, JSON.valueToTree(v)));
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
