package dam.core.lifecycle;

import dam.core.ConflictException;
import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.event.OutboundEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dam.core.lifecycle.ArchiveFixture.ADMIN;
import static dam.core.lifecycle.ArchiveFixture.CREATOR;
import static dam.core.lifecycle.ArchiveFixture.LEGAL;
import static dam.core.lifecycle.ArchiveFixture.MANAGER;
import static dam.core.lifecycle.ArchiveFixture.OTHER_ADMIN;
import static dam.core.lifecycle.ArchiveFixture.VIEWER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchiveServiceTest {

    private final ArchiveFixture f = new ArchiveFixture();

    @Test
    void archiveHidesTheAssetFromAllButAdminsAndRestoreBringsItBack() {
        String id = f.asset("a1");
        f.service.archive(MANAGER, id, "campaign over");

        assertEquals(Set.of("originals/a1/1/hero.jpg", "originals/a1/2/hero.jpg"), f.storage.tagged());
        assertThrows(NotFoundException.class, () -> f.access.requireRead(VIEWER, f.assets.find(id).orElseThrow()));
        assertThrows(NotFoundException.class, () -> f.service.restore(MANAGER, id), "archived: admins only");
        assertEquals("archived", f.service.state(ADMIN, id).stage());
        List<AuditEntry> chain = f.assets.audit(id);
        assertEquals("asset.archived", chain.get(chain.size() - 1).action());
        assertEquals(-1, AuditChain.firstBroken(chain));

        ArchiveService.View back = f.service.restore(ADMIN, id);

        assertEquals("active", back.stage());
        assertEquals(Set.of(), f.storage.tagged());
        f.access.requireRead(VIEWER, f.assets.find(id).orElseThrow()); // visible again
        assertEquals(List.of(ArchiveService.ARCHIVED, ArchiveService.RESTORED),
                f.events.events().stream().map(OutboundEvent::detailType).toList());
        Map<?, ?> archived = (Map<?, ?>) f.events.ofType(ArchiveService.ARCHIVED).get(0).detail();
        assertEquals("campaign over", archived.get("reason"));
        assertEquals(2, archived.get("originals"));
        assertEquals("asset.restored", f.assets.audit(id).get(f.assets.audit(id).size() - 1).action());
    }

    @Test
    void archivingTwiceOrRestoringAnActiveAssetChangesNothing() {
        String id = f.asset("a2");
        f.service.archive(ADMIN, id, null);
        long revision = f.assets.find(id).orElseThrow().revision();
        f.service.archive(ADMIN, id, null);
        f.service.restore(ADMIN, id);
        f.service.restore(ADMIN, id);

        assertEquals(revision + 1, f.assets.find(id).orElseThrow().revision());
        assertEquals(1, f.events.ofType(ArchiveService.ARCHIVED).size());
        assertEquals(1, f.events.ofType(ArchiveService.RESTORED).size());
    }

    @Test
    void aGlacierRestoreStaysRestoringAndHiddenUntilTheCopiesAreReady() {
        String id = f.asset("a3");
        f.service.archive(ADMIN, id, null);
        f.storage.transition(); // the bucket's lifecycle rule on AWS

        ArchiveService.View first = f.service.restore(ADMIN, id);
        ArchiveService.View again = f.service.restore(ADMIN, id);

        assertEquals("restoring", first.stage());
        assertEquals(2, first.pendingRestores());
        assertEquals("restoring", again.stage());
        assertEquals(4, f.storage.restoreRequests());
        assertThrows(NotFoundException.class, () -> f.access.requireRead(VIEWER, f.assets.find(id).orElseThrow()));
        assertTrue(f.events.ofType(ArchiveService.RESTORED).isEmpty());

        f.storage.restoreCompletes();
        ArchiveService.View done = f.service.restore(ADMIN, id);

        assertEquals("active", done.stage());
        assertEquals(Set.of(), f.storage.tagged());
        assertEquals(1, f.events.ofType(ArchiveService.RESTORED).size());
    }

    @Test
    void aLegalHoldBlocksDeletionAndArchivingUntilReleased() {
        String id = f.asset("a4");
        f.service.hold(LEGAL, id, "matter 2026-17 (Acme v. Zest)");

        ConflictException refused = assertThrows(ConflictException.class, () -> f.service.delete(MANAGER, id, null));
        assertTrue(refused.getMessage().contains("matter 2026-17"), refused.getMessage());
        assertThrows(ConflictException.class, () -> f.service.archive(ADMIN, id, null));
        assertTrue(f.assets.find(id).isPresent());
        assertEquals(3, f.storage.objects().size());
        assertTrue(f.events.events().isEmpty());

        f.service.release(LEGAL, id);
        ArchiveService.Deleted d = f.service.delete(MANAGER, id, "duplicate of a5");

        assertEquals("duplicate of a5", d.tombstone().reason());
        List<String> actions = d.tombstone().entry().action().equals("asset.deleted") ? List.of("ok") : List.of();
        assertEquals(List.of("ok"), actions);
    }

    @Test
    void deletionLeavesNothingButAVerifiableTombstoneAndRepeatsAnswerTheSame() {
        String id = f.asset("a5");
        f.service.hold(ADMIN, id, "review");
        f.service.release(ADMIN, id);
        int chainLength = f.assets.audit(id).size();
        String head = f.assets.find(id).orElseThrow().auditHash();

        ArchiveService.Deleted d = f.service.delete(ADMIN, id, "customer request");
        ArchiveService.Deleted again = f.service.delete(ADMIN, id, "customer request");

        Tombstone t = d.tombstone();
        assertEquals(3, d.objectsRemoved());
        assertTrue(f.storage.objects().isEmpty());
        assertTrue(f.assets.find(id).isEmpty());
        assertTrue(f.assets.versions(id).isEmpty());
        assertTrue(f.assets.audit(id).isEmpty());
        assertEquals(Map.of(1, "sha-a5-1", 2, "sha-a5-2"), t.contentHashes());
        assertEquals(chainLength, t.chainEntries());
        assertEquals(head, t.chainHead());
        assertTrue(t.chainIntact());
        assertTrue(t.verifies());
        assertEquals("ada", t.deletedBy());
        assertFalse(d.repeated());
        assertTrue(again.repeated());
        assertEquals(t, again.tombstone());
        assertEquals(1, f.events.ofType(ArchiveService.DELETED).size());
        assertEquals(List.of("v1:sha-a5-1", "v2:sha-a5-2"),
                ((Map<?, ?>) f.events.ofType(ArchiveService.DELETED).get(0).detail()).get("contentHashes"));
        assertEquals(t, f.service.tombstone(LEGAL, id));
    }

    @Test
    void aRepeatFinishesADeletionCutShortAfterTheTombstone() {
        String id = f.asset("a8");
        f.storage.failNextPurge();

        assertThrows(IllegalStateException.class, () -> f.service.delete(ADMIN, id, "gdpr"));
        assertTrue(f.assets.find(id).isEmpty(), "the tombstone replaced the asset");
        assertEquals(3, f.storage.objects().size());
        assertTrue(f.events.events().isEmpty());

        ArchiveService.Deleted d = f.service.delete(MANAGER, id, "ignored: the first reason stands");

        assertTrue(d.repeated());
        assertEquals("gdpr", d.tombstone().reason());
        assertEquals(3, d.objectsRemoved());
        assertTrue(f.storage.objects().isEmpty());
        assertTrue(f.assets.versions(id).isEmpty());
        assertEquals(1, f.events.ofType(ArchiveService.DELETED).size());
    }

    @Test
    void aTamperedTombstoneDoesNotVerify() {
        String id = f.asset("a6");
        Tombstone t = f.service.delete(ADMIN, id, "test").tombstone();
        AuditEntry e = t.entry();
        Tombstone forged = new Tombstone(t.assetId(), t.brand(), "someone-else", t.deletedAt(), t.reason(),
                t.policy(), t.contentHashes(), t.chainEntries(), t.chainHead(), t.chainIntact(),
                new AuditEntry(e.subject(), e.seq(), e.at(), "someone-else", e.action(), e.detail(), e.prevHash(),
                        e.hash()));

        assertTrue(t.verifies());
        assertFalse(forged.verifies());
    }

    @Test
    void onlyTheRightRolesInTheBrandArchiveHoldAndDelete() {
        String id = f.asset("a7");
        assertThrows(ForbiddenException.class, () -> f.service.delete(VIEWER, id, null));
        assertThrows(ForbiddenException.class, () -> f.service.archive(CREATOR, id, null));
        assertThrows(ForbiddenException.class, () -> f.service.hold(MANAGER, id, "x"));
        assertThrows(NotFoundException.class, () -> f.service.delete(OTHER_ADMIN, id, null));
        assertThrows(NotFoundException.class, () -> f.service.hold(OTHER_ADMIN, id, "x"));
        assertThrows(ValidationException.class, () -> f.service.hold(LEGAL, id, "  "));
        assertThrows(ValidationException.class, () -> f.service.archive(ADMIN, id, "x".repeat(501)));
        assertThrows(NotFoundException.class, () -> f.service.delete(ADMIN, "missing", null));
        assertTrue(f.assets.find(id).isPresent());
        assertTrue(f.events.events().isEmpty());

        f.service.delete(ADMIN, id, null);
        assertThrows(NotFoundException.class, () -> f.service.delete(VIEWER, id, null), "deleted: nothing to show");
        assertThrows(NotFoundException.class, () -> f.service.tombstone(OTHER_ADMIN, id));
    }

    @Test
    void retentionPoliciesAreSetByManagersAndReadByLegal() {
        RetentionPolicy p = new RetentionPolicy("standard", 30, 365);
        assertThrows(ForbiddenException.class, () -> f.service.savePolicy(LEGAL, "Acme", p));
        assertThrows(ForbiddenException.class, () -> f.service.savePolicy(OTHER_ADMIN, "Acme", p));
        f.service.savePolicy(MANAGER, "Acme", p);

        assertEquals(p, f.service.policy(LEGAL, "Acme").orElseThrow());
        assertThrows(ForbiddenException.class, () -> f.service.policy(VIEWER, "Acme"));
        assertEquals(List.of("Acme"), f.store.policyBrands());
    }
}
