package dam.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.bulk.BulkJobService;
import dam.core.bulk.BulkJobs;
import dam.core.bulk.memory.InMemoryBulkFiles;
import dam.core.bulk.memory.InMemoryBulkJobStore;
import dam.core.json.Json;
import dam.core.library.LibraryAccess;
import dam.core.library.RightsService;
import dam.core.library.memory.InMemoryLibraryStore;
import dam.core.memory.RecordingEventPublisher;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** /bulk-jobs through the API function as Lambda runs it: the contract the console codes against. */
class BulkJobApiTest {

    private static final Instant T = Instant.parse("2026-06-01T10:00:00Z");
    private final InMemoryAssetRepository assets = new InMemoryAssetRepository();
    private final InMemoryBulkJobStore jobs = new InMemoryBulkJobStore();
    private final InMemoryBulkFiles files = new InMemoryBulkFiles();
    private final List<String> started = new ArrayList<>();
    private final ApplicationContext context;
    private final APIGatewayV2HTTPEventFunction function;

    BulkJobApiTest() {
        Clock clock = Clock.fixed(T, ZoneOffset.UTC);
        InMemoryLibraryStore store = new InMemoryLibraryStore(assets);
        LibraryAccess access = LibraryAccess.brandLibrary();
        RightsService rights = new RightsService(assets, store, access, new RecordingEventPublisher(), clock);
        BulkJobService service = new BulkJobService(assets, store, access, rights, (actor, q, max) -> List.of("a1"),
                jobs, files, (jobId, run) -> started.add(jobId), clock, Json.mapper());
        context = ApplicationContext.builder().environments(AwsWiring.FAKES).singletons(service).start();
        function = new APIGatewayV2HTTPEventFunction(context);
        for (String id : List.of("a1", "a2")) {
            AuditEntry audit = AuditChain.next(null, id, 1, T, "cara", "asset.created", "test");
            assets.save(new Asset(id, "Acme", null, null, null, "photo.jpg", null, List.of(), List.of(), "cara", T,
                    T, 1, 1, audit.hash()), new AssetVersion(id, 1, VersionState.READY, List.of(), "cara",
                    "originals/" + id + "/1/photo.jpg", "photo.jpg", "image/jpeg", 1000, null, T, T, null, "exec",
                    "image/jpeg", 1000L, "sha", null, null, null, null, null, null, null), audit, null);
        }
    }

    @AfterEach
    void close() {
        context.close();
    }

    private ApiHarness.Response call(String method, String path, String body, Map<String, String> claims) {
        APIGatewayV2HTTPResponse r = function.handleRequest(ApiHarness.event(method, path, body, claims, Map.of()),
                null);
        String out = r.getBody();
        if (out != null && r.getIsBase64Encoded()) {
            out = new String(Base64.getDecoder().decode(out), StandardCharsets.UTF_8);
        }
        return new ApiHarness.Response(r.getStatusCode(), new LinkedHashMap<>(r.getHeaders() == null ? Map.of()
                : r.getHeaders()), out);
    }

    @Test
    void aJobIsAcceptedListedAndReadByItsOwnerOnly() {
        ApiHarness.Response created = call("POST", "/bulk-jobs", """
                {"assetIds":["a1","a2","gone"],"presets":["story","linkedin"],"format":"png"}""",
                ApiHarness.MANAGER);
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().path("jobId").asText();
        assertThat(created.json().path("status").asText()).isEqualTo("RUNNING");
        assertThat(created.json().path("total").asInt()).isEqualTo(4);
        assertThat(created.json().path("skipped").asInt()).isEqualTo(2);
        assertThat(created.json().path("skippedItems").get(0).path("assetId").asText()).isEqualTo("gone");
        assertThat(created.json().path("skippedItems").get(0).path("reason").asText()).isEqualTo("asset not found");
        assertThat(started).containsExactly(id);
        assertThat(files.has(BulkJobs.manifestKey(id))).isTrue();

        ApiHarness.Response got = call("GET", "/bulk-jobs/" + id, null, ApiHarness.MANAGER);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().path("done").asInt()).isZero();
        assertThat(got.json().has("zipUrl")).as(got.body()).isFalse();
        assertThat(call("GET", "/bulk-jobs", null, ApiHarness.MANAGER).json().path("items").get(0).path("jobId")
                .asText()).isEqualTo(id);
        assertThat(call("GET", "/bulk-jobs", null, ApiHarness.VIEWER).json().path("items")).isEmpty();
        assertThat(call("GET", "/bulk-jobs/" + id, null, ApiHarness.VIEWER).status()).isEqualTo(404);
        assertThat(call("POST", "/bulk-jobs/" + id + "/resume", null, ApiHarness.MANAGER).status()).isEqualTo(409);
        assertThat(call("GET", "/bulk-jobs/" + id, null, null).status()).isEqualTo(401);
    }

    @Test
    void aSearchMaySelectTheAssets() {
        ApiHarness.Response created = call("POST", "/bulk-jobs", """
                {"query":{"q":"summer","brand":["Acme"]},"presets":["story"]}""", ApiHarness.MANAGER);
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        assertThat(created.json().path("total").asInt()).isEqualTo(1);
    }

    @Test
    void badInputIsA400AndStartsNothing() {
        String many = IntStream.range(0, BulkJobs.MAX_ASSETS + 1).mapToObj(i -> "\"a" + i + "\"")
                .collect(Collectors.joining(","));
        Map<String, String> cases = Map.of(
                "{\"assetIds\":[\"a1\"],\"presets\":[\"billboard\"]}", "presets[0]:unknown_value",
                "{\"assetIds\":[],\"presets\":[\"story\"]}", "assetIds:required",
                "{\"assetIds\":[" + many + "],\"presets\":[\"story\"]}", "assetIds:too_many",
                "{\"assetIds\":[\"a1\"],\"presets\":[\"story\"],\"format\":\"webp\"}", "format:unknown_value",
                "{\"assetIds\":[\"a1\"],\"presets\":[\"story\"],\"size\":5}", "size:invalid",
                "{\"query\":{\"q\":{\"$ne\":1}},\"presets\":[\"story\"]}", "query.q:invalid",
                "[1,2]", "body:invalid");
        cases.forEach((body, error) -> {
            ApiHarness.Response r = call("POST", "/bulk-jobs", body, ApiHarness.MANAGER);
            assertThat(r.status()).as(body.substring(0, Math.min(80, body.length()))).isEqualTo(400);
            assertThat(r.errors()).as(r.body()).contains(error);
        });
        assertThat(started).isEmpty();
        assertThat(jobs.byOwner("mia@acme.example", 10)).isEmpty();
    }
}
