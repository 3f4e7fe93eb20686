package dam.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.json.Json;
import dam.core.launch.PlacementService;
import dam.core.launch.memory.InMemoryPlacementStore;
import dam.core.library.LibraryAccess;
import dam.core.library.RightsService;
import dam.core.library.memory.InMemoryLibraryStore;
import dam.core.library.memory.InMemoryShareStore;
import dam.core.library.share.Share;
import dam.core.library.share.ShareRevocations;
import dam.core.lifecycle.ExpiryService;
import dam.core.memory.InMemoryApprovalLinks;
import dam.core.memory.InMemoryNotificationLedger;
import dam.core.memory.InMemoryReviewRepository;
import dam.core.memory.RecordingEventPublisher;
import dam.core.review.Outcome;
import dam.core.review.Review;
import dam.core.review.ReviewStatus;
import dam.core.review.Round;
import dam.events.EventSchemas;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The launch function's inputs on in-memory fakes: the register command (valid, off-schema, refused), T-0 shares. */
class LaunchHandlerTest {

    private static final Instant NOW = Instant.parse("2026-07-11T09:00:00Z");
    private static final EventSchemas SCHEMAS = EventSchemas.load();

    private final ObjectMapper json = Json.mapper();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryAssetRepository assets = new InMemoryAssetRepository();
    private final InMemoryReviewRepository reviews = new InMemoryReviewRepository(new InMemoryApprovalLinks());
    private final InMemoryPlacementStore placements = new InMemoryPlacementStore();
    private final InMemoryShareStore shareStore = new InMemoryShareStore(assets, new byte[32]);
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final PlacementService launch = new PlacementService(assets, reviews, new RightsService(assets,
            new InMemoryLibraryStore(assets), LibraryAccess.brandLibrary(), events, clock),
            LibraryAccess.brandLibrary(), placements, events, clock);
    private final LaunchHandler handler = new LaunchHandler(launch, new ShareRevocations(assets, shareStore, events,
            clock), null, events, SCHEMAS, json); // the sweep needs DynamoDB: e2e

    private JsonNode command(String detail) throws Exception {
        return json.readTree("{\"id\":\"ev-1\",\"source\":\"partner.cms\",\"detail-type\":\"Command Register "
                + "Placement\",\"detail\":" + detail + "}");
    }

    @Test
    void aValidCommandRecordsThePlacementOnceAndItsEventValidates() throws Exception {
        asset("a1", true);
        String detail = "{\"version\":1,\"commandId\":\"c-1\",\"assetId\":\"a1\",\"channel\":\"web\","
                + "\"targetId\":\"home\",\"url\":\"https://www.acme.example/\",\"placedBy\":\"ed@acme.example\"}";
        Map<String, Object> first = handler.handle(command(detail));
        Map<String, Object> again = handler.handle(command(detail));
        assertThat(first).containsEntry("created", true).doesNotContainKey("refused");
        assertThat(again).containsEntry("created", false).containsEntry("placementId", first.get("placementId"));
        assertThat(placements.placements("a1")).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("partner.cms");
            assertThat(p.publishedBy()).isEqualTo("ed@acme.example");
            assertThat(p.reviewDueAt()).isNotNull();
        });
        var published = events.ofType(PlacementService.ASSET_PUBLISHED);
        assertThat(published).hasSize(1);
        assertThat(SCHEMAS.validate("Asset Published", json.writeValueAsString(published.get(0).detail())))
                .isEmpty();
    }

    @Test
    void offSchemaAndRefusedCommandsAreRejectedWithEveryReason() throws Exception {
        asset("draft", false);
        Map<String, Object> off = handler.handle(command("{\"version\":1,\"assetId\":\"a1\",\"channel\":\"fax\","
                + "\"placedBy\":\"ed\"}"));
        assertThat(off.get("refused").toString()).startsWith("schema.");
        Map<String, Object> draft = handler.handle(command("{\"version\":1,\"assetId\":\"draft\",\"channel\":\"web\","
                + "\"targetId\":\"home\",\"placedBy\":\"ed\"}"));
        assertThat(draft).containsEntry("refused", "illegal_transition");
        asset("a2", true);
        Map<String, Object> unknownTarget = handler.handle(command("{\"version\":1,\"assetId\":\"a2\","
                + "\"channel\":\"webhook\",\"targetId\":\"nope\",\"placedBy\":\"ed\"}"));
        assertThat(unknownTarget).containsEntry("refused", "unknown_value");
        assertThat(unknownTarget.get("reasons").toString()).contains("unknown channel target 'nope'");
        var rejected = events.ofType("Command Rejected");
        assertThat(rejected).hasSize(3);
        for (var r : rejected) {
            assertThat(r.source()).isEqualTo(PlacementService.SOURCE);
            assertThat(SCHEMAS.validate("Command Rejected", json.writeValueAsString(r.detail()))).isEmpty();
        }
        assertThat(placements.placements("draft")).isEmpty();
        assertThat(placements.placements("a2")).isEmpty();
        assertThat(events.ofType(PlacementService.ASSET_PUBLISHED)).isEmpty();
    }

    @Test
    void assetExpiredRevokesItsLiveLinksOnce() throws Exception {
        asset("a3", true);
        for (String id : List.of("share1share1share1sha1", "share2share2share2sha2")) {
            shareStore.create(new Share(id, Share.Kind.ASSET, "a3", "Acme", "mia", NOW, NOW.plusSeconds(86_400), 5,
                    0, List.of("original"), null, null, null), null, null);
        }
        JsonNode expired = json.readTree("{\"id\":\"ev-2\",\"source\":\"dam.lifecycle\",\"detail-type\":\"Asset "
                + "Expired\",\"detail\":{\"version\":1,\"assetId\":\"a3\",\"brand\":\"Acme\",\"kind\":\"rights\","
                + "\"subjectId\":\"lic\"}}");
        assertThat(handler.handle(expired)).containsEntry("sharesRevoked", 2);
        assertThat(handler.handle(expired)).as("delivered twice").containsEntry("sharesRevoked", 0);
        assertThat(shareStore.forTarget(Share.Kind.ASSET, "a3")).allMatch(Share::revoked)
                .allMatch(s -> s.revokedBy().equals(ExpiryService.ACTOR));
        var revoked = events.ofType("Share Revoked");
        assertThat(revoked).hasSize(2);
        for (var r : revoked) {
            assertThat(r.detail().toString()).contains("reason=rights expired");
            assertThat(SCHEMAS.validate("Share Revoked", json.writeValueAsString(r.detail()))).isEmpty();
        }
        assertThat(assets.audit("a3")).filteredOn(e -> e.action().equals("share.revoked")).hasSize(2);
    }

    private void asset(String id, boolean approved) {
        AuditEntry first = AuditChain.next(null, id, 1, NOW, "cara", "asset.created", "test");
        assets.save(new Asset(id, "Acme", "brief-1", null, null, "hero.jpg", null, List.of(), List.of(),
                "cara@acme.example", NOW, NOW, 1, 1, first.hash()), new AssetVersion(id, 1, VersionState.READY,
                List.of(), "cara", "originals/" + id + "/1/hero.jpg", "hero.jpg", "image/jpeg", 1000, null, NOW, NOW,
                null, "exec", "image/jpeg", 1000L, "sha", null, null, null, null, null, null, null), first, null);
        if (approved) {
            Round round = new Round(1, 1, "sha", NOW, List.of(), Outcome.APPROVED, NOW);
            reviews.save(new Review(id, "brief-1", "Acme", "hero", "cara@acme.example", "mia@acme.example",
                    ReviewStatus.APPROVED, List.of(), List.of(round), null, NOW, NOW, 1),
                    AuditChain.next(null, Review.chain(id), 1, NOW, "mia", "review.approved", "test"));
        }
    }
}
