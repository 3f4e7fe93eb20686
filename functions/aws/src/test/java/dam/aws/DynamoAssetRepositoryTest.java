package dam.aws;

import dam.core.ConflictException;
import dam.core.asset.AssetService;
import dam.core.asset.AssetVersion;
import dam.core.asset.DuplicateMatch;
import dam.core.asset.IngestRules;
import dam.core.asset.IngestService;
import dam.core.asset.NewAsset;
import dam.core.asset.NewUpload;
import dam.core.asset.Tag;
import dam.core.asset.TechMetadata;
import dam.core.asset.UploadTicket;
import dam.core.asset.VersionState;
import dam.core.asset.memory.RecordingAssetStorage;
import dam.core.audit.AuditChain;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.json.Json;
import dam.core.memory.InMemoryBriefRepository;
import dam.core.memory.RecordingEventPublisher;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Asset upload and ingest end to end on the DynamoDB adapters (over {@link FakeDynamoDb}). */
class DynamoAssetRepositoryTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);
    private static final Principal CREATOR = new Principal("cara", null, Set.of(Role.CREATOR), Set.of("Acme"));
    private static final String EXEC = "exec-1";

    private final FakeDynamoDb db = new FakeDynamoDb("dam");
    private final DynamoAssetRepository repo = new DynamoAssetRepository(db, "dam", Json.mapper(), CLOCK);
    private final DynamoDuplicateIndex duplicates = new DynamoDuplicateIndex(db, "dam");
    private final AtomicInteger ids = new AtomicInteger();
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final AssetService assets = new AssetService(repo, new RecordingAssetStorage(),
            new InMemoryBriefRepository(), IngestRules.defaults(), CLOCK, () -> "a" + ids.incrementAndGet());
    private final IngestService ingest = new IngestService(repo, duplicates, new RecordingAssetStorage(),
            new InMemoryBriefRepository(), events, IngestRules.defaults(), CLOCK);

    private AssetVersion ingestOne(String sha, String phash) {
        UploadTicket t = assets.createAsset(CREATOR, new NewAsset("Acme", null, "Spring", "web", null, null,
                List.of("outdoors")), new NewUpload("hero.jpg", "image/jpeg", 1000L, null));
        String id = t.asset().id();
        assertTrue(ingest.begin(t.version().originalKey(), EXEC).proceed());
        ingest.sniffed(id, 1, EXEC, "image/jpeg", 1000, sha);
        ingest.described(id, 1, EXEC, TechMetadata.ofImage("image/jpeg", 4000, 3000, 1, "RGB", false), phash);
        ingest.tagged(id, 1, EXEC, List.of(Tag.ai("label", "sky", 91.5)));
        ingest.findDuplicates(id, 1, EXEC);
        ingest.complete(id, 1, EXEC);
        return repo.findVersion(id, 1).orElseThrow();
    }

    @Test
    void userMetadataRoundTripsThroughTheTableWithoutTouchingVersionTags() {
        AssetVersion v = ingestOne("22".repeat(32), "0123456789abcdef");

        dam.core.asset.Asset patched = assets.updateMetadata(CREATOR, "a1", new dam.core.asset.AssetPatch(null,
                "Launch", List.of("person", "packshot"), "2026-05-01", null, "Acme", "rights-managed", "2027-01-01",
                null));

        assertEquals(patched, repo.find("a1").orElseThrow());
        assertEquals(java.time.LocalDate.of(2026, 5, 1), repo.find("a1").orElseThrow().details().capturedOn());
        assertEquals(List.of("people", "product"), repo.find("a1").orElseThrow().keywords());
        assertEquals(v.tags(), repo.findVersion("a1", 1).orElseThrow().tags());
        assertEquals(-1, AuditChain.firstBroken(repo.audit("a1")));
    }

    @Test
    void versionsAuditAndStateRoundTripThroughTheTable() {
        AssetVersion v = ingestOne("11".repeat(32), "0123456789abcdef");

        assertEquals(VersionState.READY, v.state());
        assertEquals(4000, v.tech().width());
        assertEquals(91.5, v.tags(Tag.Source.AI).get(0).confidence());
        assertEquals("ready", db.item("ASSET#a1", "V#000001").get("state").s());
        assertEquals(List.of(v), repo.versions("a1"));
        assertEquals(List.of("asset.created", "version.processing", "version.sniffed", "version.described",
                "version.tagged", "version.duplicates", "version.ready"),
                repo.audit("a1").stream().map(a -> a.action()).toList());
        assertEquals(-1, AuditChain.firstBroken(repo.audit("a1")));
        assertEquals(1, events.events().size());
    }

    @Test
    void duplicatesAreFoundThroughShaAndBandPostings() {
        ingestOne("22".repeat(32), "0123456789abcdef");
        AssetVersion exact = ingestOne("22".repeat(32), "fedcba9876543210");
        AssetVersion near = ingestOne("33".repeat(32), "0123456789abcdee"); // 1 bit from the first

        assertEquals(List.of(new DuplicateMatch("exact", "a1", 1, 0)), exact.duplicates());
        assertEquals(List.of(new DuplicateMatch("near", "a1", 1, 1)), near.duplicates());
    }

    @Test
    void aStaleRevisionIsAConflictAndARepeatedCommandStoresNothing() {
        NewUpload upload = new NewUpload("a.png", "image/png", 10L, "cmd-1");
        UploadTicket first = assets.createAsset(CREATOR, new NewAsset("Acme", null, null, null, null, null, null),
                upload);
        int items = db.size();
        UploadTicket again = assets.createAsset(CREATOR, new NewAsset("Acme", null, null, null, null, null, null),
                upload);
        assertFalse(again.created());
        assertEquals(first.version(), again.version());
        assertEquals(items, db.size());

        var stale = first.asset();
        assertThrows(ConflictException.class, () -> repo.save(stale, null,
                AuditChain.next(null, stale.id(), 1, CLOCK.instant(), "x", "again", null), null));
    }
}
