package dam.aws.library;

import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.collection.memory.InMemoryCollectionRepository;
import dam.core.event.OutboundEvent;
import dam.core.json.Json;
import dam.core.library.DownloadService;
import dam.core.library.DownloadStorage;
import dam.core.library.LibraryAccess;
import dam.core.library.RightsService;
import dam.core.library.memory.InMemoryLibraryStore;
import dam.core.library.memory.InMemoryShareStore;
import dam.core.library.share.ShareInput;
import dam.core.library.share.SharePasswords;
import dam.core.library.share.ShareService;
import dam.core.library.share.ShareTokens;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.memory.RecordingEventPublisher;
import dam.events.EventSchemas;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The share events the service publishes are valid against their published schemas (events/). */
class ShareEventsSchemaTest {

    private static final Instant T = Instant.parse("2026-06-01T10:00:00Z");

    @Test
    void shareCreatedAndRevokedMatchTheirSchemas() throws Exception {
        Clock clock = Clock.fixed(T, ZoneOffset.UTC);
        InMemoryAssetRepository assets = new InMemoryAssetRepository();
        InMemoryLibraryStore store = new InMemoryLibraryStore(assets);
        RecordingEventPublisher events = new RecordingEventPublisher();
        LibraryAccess access = LibraryAccess.brandLibrary();
        RightsService rights = new RightsService(assets, store, access, events, clock);
        DownloadStorage storage = new DownloadStorage() {
            @Override
            public boolean derivativeExists(String key) {
                return true;
            }

            @Override
            public URI presignDerivative(String key, String fileName, Duration ttl) {
                return URI.create("https://d.example/" + key);
            }

            @Override
            public URI presignOriginal(String key, String fileName, Duration ttl) {
                return URI.create("https://o.example/" + key);
            }
        };
        DownloadService downloads = new DownloadService(assets, store, access, rights, storage, spec -> null,
                DownloadService.DEFAULT_FORMATS);
        ShareService shares = new ShareService(assets, new InMemoryCollectionRepository(),
                new InMemoryShareStore(assets, new byte[32]), access, rights, downloads, storage, store, events, clock,
                new ShareTokens(new byte[32], new SecureRandom()), new SharePasswords(1_000, new SecureRandom()),
                "https://dam.example");
        AuditEntry audit = AuditChain.next(null, "a1", 1, T, "cara", "asset.created", "test");
        assets.save(new Asset("a1", "Acme", null, null, null, "p.jpg", null, List.of(), List.of(), "cara", T, T, 1, 1,
                audit.hash()), new AssetVersion("a1", 1, VersionState.READY, List.of(), "cara", "originals/a1/1/p.jpg",
                "p.jpg", "image/jpeg", 10, null, T, T, null, "x", "image/jpeg", 10L, "sha", null, null, null, null,
                null, null, null), audit, null);
        Principal mia = new Principal("mia@acme.example", "mia@acme.example", Set.of(Role.BRAND_MANAGER),
                Set.of("Acme"));

        ShareService.ShareView v = shares.createForAsset(mia, "a1", new ShareInput(T.plus(Duration.ofDays(3))
                .toString(), 5, "correct horse", List.of("story", "original")));
        shares.revoke(mia, v.id());

        EventSchemas schemas = EventSchemas.load();
        List<OutboundEvent> published = events.events();
        assertEquals(List.of(ShareService.SHARE_CREATED, ShareService.SHARE_REVOKED),
                published.stream().map(OutboundEvent::detailType).toList());
        for (OutboundEvent e : published) {
            assertEquals("dam.library", e.source());
            String detail = Json.mapper().writeValueAsString(e.detail());
            assertEquals(List.of(), schemas.validate(e.detailType(), detail), detail);
            assertFalse(detail.contains("pbkdf2"), detail);
            assertFalse(detail.contains(v.url().substring(v.url().lastIndexOf('/') + 1)), "no token: " + detail);
        }
    }
}
