package dam.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dam.core.analytics.Aggregator;
import dam.core.analytics.AssetFacts;
import dam.core.analytics.Fact;
import dam.core.analytics.Reports;
import dam.core.analytics.UsageEvent;
import dam.core.analytics.UsageKind;
import dam.core.analytics.memory.InMemoryAnalyticsStore;
import dam.core.analytics.memory.RecordingUsageLog;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /reports/{name}} through the API function with in-memory aggregates; and a search records a use. */
class ReportApiTest {

    static final Instant NOW = Instant.parse("2026-06-20T12:00:00Z");
    final InMemoryAnalyticsStore store = new InMemoryAnalyticsStore();
    final RecordingUsageLog log = new RecordingUsageLog();
    final AssetFacts hero = new AssetFacts("a1", "Acme", "social", "Hero, =cmd");
    final ApplicationContext context;
    final APIGatewayV2HTTPEventFunction function;

    ReportApiTest() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Reports reports = new Reports(store, id -> id.equals("a1") ? Optional.of(hero) : Optional.empty(),
                (from, to) -> List.of(), clock, Runnable::run);
        Aggregator aggregator = new Aggregator(store, id -> id.equals("a1") ? Optional.of(hero) : Optional.empty());
        for (int i = 0; i < 3; i++) {
            UsageEvent e = new UsageEvent("d" + i, UsageKind.DOWNLOAD, "a1", "bob", "creator", "library", NOW);
            aggregator.apply(new Fact.Use(e.id(), e));
        }
        context = ApplicationContext.builder().environments(AwsWiring.FAKES)
                .singletons(reports, new UsageRecorder(log, clock),
                        new dam.core.search.SearchService(new dam.core.search.memory.InMemoryLibraryIndex(
                                new dam.core.search.Cursors("k".repeat(32).getBytes()))))
                .start();
        function = new APIGatewayV2HTTPEventFunction(context);
    }

    @AfterEach
    void close() {
        context.close();
    }

    APIGatewayV2HTTPResponse get(String path, Map<String, String> claims) {
        return function.handleRequest(ApiHarness.event("GET", path, null, claims, Map.of()), null);
    }

    @Test
    void aManagerGetsTheReportAsJsonAndCsv() throws Exception {
        APIGatewayV2HTTPResponse r = get("/reports/downloads-by-user", ApiHarness.MANAGER);
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode body = ApiHarness.JSON.readTree(r.getBody());
        assertEquals("[[\"2026-06-20\",\"bob\",3]]", body.path("rows").toString());
        assertEquals("line", body.path("chart").path("type").asText());
        APIGatewayV2HTTPResponse csv = get("/reports/top-assets?format=csv", ApiHarness.MANAGER);
        assertEquals(200, csv.getStatusCode(), csv.getBody());
        assertTrue(csv.getHeaders().get("Content-Type").startsWith("text/csv"), csv.getHeaders().toString());
        assertEquals("rank,assetId,title,views,downloads,shares,placements,total\r\n"
                + "1,a1,\"Hero, =cmd\",0,3,0,0,3\r\n", csv.getBody());
        APIGatewayV2HTTPResponse asked = function.handleRequest(ApiHarness.event("GET",
                "/reports/top-assets?format=csv", null, ApiHarness.MANAGER, Map.of("Accept", "text/csv")), null);
        assertEquals(200, asked.getStatusCode(), "a client asking for text/csv gets it");
        assertEquals(csv.getBody(), asked.getBody());
    }

    @Test
    void othersAreRefusedAndBadParametersAre400s() throws Exception {
        assertEquals(403, get("/reports/top-assets", ApiHarness.ALICE).getStatusCode(), "a creator");
        assertEquals(403, get("/reports/top-assets?brand=Zest", ApiHarness.MANAGER).getStatusCode());
        assertEquals(401, get("/reports/top-assets", null).getStatusCode());
        assertEquals(404, get("/reports/everything", ApiHarness.MANAGER).getStatusCode());
        APIGatewayV2HTTPResponse bad = get("/reports/top-assets?from=2026-02-30&limit=x", ApiHarness.MANAGER);
        assertEquals(400, bad.getStatusCode(), bad.getBody());
        JsonNode errors = ApiHarness.JSON.readTree(bad.getBody()).path("errors");
        assertEquals(List.of("from", "limit"), List.of(errors.get(0).path("field").asText(),
                errors.get(1).path("field").asText()));
    }

    @Test
    void aSearchRecordsOneUseAndItsNextPageNone() {
        assertEquals(200, get("/search?q=hero", ApiHarness.MANAGER).getStatusCode());
        assertEquals(1, log.events().size());
        assertEquals(UsageKind.SEARCH, log.events().get(0).kind());
        assertEquals("brand-manager", log.events().get(0).team());
    }
}
