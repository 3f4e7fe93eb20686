package dam.core.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dam.core.ConflictException;
import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.asset.Asset;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditChain;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.collection.CollectionService.NewCollection;
import dam.core.collection.memory.InMemoryCollectionRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Folders hold collections, collections hold assets of their brand, all scoped by brand. */
class CollectionServiceTest {

    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final Principal CARA = new Principal("cara", null, Set.of(Role.CREATOR), Set.of("Acme"));
    private static final Principal VIC = new Principal("vic", null, Set.of(Role.VIEWER), Set.of("Acme"));
    private static final Principal OLA = new Principal("ola", null, Set.of(Role.CREATOR), Set.of("Globex"));

    private final InMemoryCollectionRepository repo = new InMemoryCollectionRepository();
    private final InMemoryAssetRepository assets = new InMemoryAssetRepository();
    private final AtomicInteger ids = new AtomicInteger();
    private final CollectionService service = new CollectionService(repo, assets, Clock.fixed(NOW, ZoneOffset.UTC),
            () -> "c" + ids.incrementAndGet());

    private void asset(String id, String brand) {
        var audit = AuditChain.next(null, id, 1, NOW, "cara", "asset.created", null);
        assets.save(new Asset(id, brand, null, null, null, id + ".jpg", null, List.of(), List.of(), "cara", NOW, NOW,
                1, 1, audit.hash()), null, audit, null);
    }

    @Test
    void aFolderListsItsCollectionsAndACollectionItsAssetsOnce() {
        Collection folder = service.create(CARA, new NewCollection("Spring 2026", "Acme", "folder", null));
        Collection hero = service.create(CARA, new NewCollection(" Hero shots ", null, null, folder.id()));
        Collection b = service.create(CARA, new NewCollection("B-roll", null, "collection", folder.id()));
        asset("a1", "Acme");
        asset("a2", "Acme");

        service.addItem(CARA, hero.id(), "a2");
        service.addItem(CARA, hero.id(), "a1");
        CollectionService.View view = service.addItem(CARA, hero.id(), "a2");

        assertEquals("Hero shots", hero.name());
        assertEquals("Acme", hero.brand());
        assertEquals(folder.id(), hero.parentId());
        assertEquals(List.of("a2", "a1"), view.items().stream().map(CollectionRepository.Item::assetId).toList());
        assertEquals(NOW, view.items().get(0).addedAt());
        assertEquals(List.of(b.id(), hero.id()), service.get(VIC, folder.id()).children().stream()
                .map(CollectionRepository.Child::id).toList());
        assertNull(folder.parentId());
    }

    @Test
    void badFieldsAreReportedTogetherAndNothingIsCreated() {
        Collection plain = service.create(CARA, new NewCollection("Plain", "Acme", null, null));
        ValidationException e = assertThrows(ValidationException.class, () -> service.create(CARA,
                new NewCollection(" ", "Acme", "album", plain.id())));
        assertEquals(List.of("name", "kind", "parentId"), e.errors().stream().map(x -> x.field()).toList());
        ValidationException otherBrand = assertThrows(ValidationException.class, () -> service.create(CARA,
                new NewCollection("x", "Globex", "folder", service.create(CARA,
                        new NewCollection("F", "Acme", "folder", null)).id())));
        assertEquals("brand", otherBrand.errors().get(0).field());
        assertEquals(2, repo.size());
    }

    @Test
    void assetsOfOtherBrandsAndFoldersAsTargetsAreRefused() {
        Collection c = service.create(CARA, new NewCollection("C", "Acme", null, null));
        Collection folder = service.create(CARA, new NewCollection("F", "Acme", "folder", null));
        asset("g1", "Globex");

        assertEquals("assetId", assertThrows(ValidationException.class,
                () -> service.addItem(CARA, c.id(), "g1")).errors().get(0).field());
        assertThrows(ValidationException.class, () -> service.addItem(CARA, c.id(), "missing"));
        assertThrows(ConflictException.class, () -> service.addItem(CARA, folder.id(), "g1"));
        assertEquals(List.of(), service.get(CARA, c.id()).items());
    }

    @Test
    void viewersReadButDoNotEditAndOtherBrandsSeeNothing() {
        Collection c = service.create(CARA, new NewCollection("C", "Acme", null, null));
        asset("a1", "Acme");
        assertThrows(ForbiddenException.class, () -> service.create(VIC, new NewCollection("x", "Acme", null, null)));
        assertThrows(ForbiddenException.class, () -> service.addItem(VIC, c.id(), "a1"));
        assertEquals(c, service.get(VIC, c.id()).collection());
        assertThrows(NotFoundException.class, () -> service.get(OLA, c.id()));
        assertThrows(ForbiddenException.class, () -> service.create(OLA, new NewCollection("x", "Acme", null, null)));
    }
}
