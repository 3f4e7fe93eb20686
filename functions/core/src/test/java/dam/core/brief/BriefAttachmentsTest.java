package dam.core.brief;

import dam.core.ConflictException;
import dam.core.FieldError;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.audit.AuditChain;
import dam.core.memory.InMemoryBriefRepository;
import dam.core.memory.InMemoryReminderScheduler;
import dam.core.memory.RecordingEventPublisher;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Links (both ways for briefs), supporting documents (presigned uploads) and progress. */
class BriefAttachmentsTest {

    /** What the service asked storage to presign. */
    private record Presign(String key, String contentType, long length, Duration ttl) {
    }

    private final List<Presign> presigned = new ArrayList<>();
    private final InMemoryBriefRepository repo = new InMemoryBriefRepository();
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final AtomicInteger seq = new AtomicInteger();
    private final BriefService service = new BriefService(repo, events, new InMemoryReminderScheduler(),
            Clock.fixed(Fixture.NOW, ZoneOffset.UTC), () -> "id" + seq.incrementAndGet(), DisclaimerRules.defaults(),
            (key, type, length, ttl) -> {
                presigned.add(new Presign(key, type, length, ttl));
                return URI.create("https://storage.example/" + key + "?sig=x");
            });

    private Brief create() {
        return service.create(new CreateBriefCommand(null, "alice", Fixture.valid())).brief();
    }

    @Test
    void linkingBriefsStoresTheLinkOnBothWithAnAuditEntryEach() {
        Brief a = create();
        Brief b = create();
        int before = events.events().size();

        Brief linked = service.link(a.id(), 1, "alice", "brief", b.id()).brief();

        assertEquals(2, linked.version());
        assertTrue(linked.linksTo(BriefLink.Kind.BRIEF, b.id()));
        Brief other = repo.find(b.id()).orElseThrow();
        assertEquals(2, other.version());
        assertTrue(other.linksTo(BriefLink.Kind.BRIEF, a.id()));
        assertEquals("alice", other.links().get(0).addedBy());
        for (String id : List.of(a.id(), b.id())) {
            var audit = repo.audit(id);
            assertEquals("brief.link.added", audit.get(audit.size() - 1).action());
            assertEquals(-1, AuditChain.firstBroken(audit));
        }
        assertEquals(before + 2, events.ofType(BriefEventDetail.CHANGED).size() + before);
        // Content is unchanged: disclaimers and the rest carry over.
        assertEquals(a.disclaimers(), linked.disclaimers());
        assertEquals(a.title(), linked.title());
    }

    @Test
    void unlinkingABriefRemovesItFromBoth() {
        Brief a = create();
        Brief b = create();
        service.link(a.id(), 1, "alice", "brief", b.id());

        Brief after = service.unlink(b.id(), 2, "alice", "brief", a.id()).brief();

        assertTrue(after.links().isEmpty());
        assertTrue(repo.find(a.id()).orElseThrow().links().isEmpty());
        assertEquals(3, repo.find(a.id()).orElseThrow().version());
        assertThrows(NotFoundException.class, () -> service.unlink(b.id(), 3, "alice", "brief", a.id()));
    }

    @Test
    void aStaleVersionOfEitherBriefStoresNothing() {
        Brief a = create();
        Brief b = create();
        service.link(a.id(), 1, "alice", "asset", "asset-1");

        assertThrows(ConflictException.class, () -> service.link(a.id(), 1, "alice", "brief", b.id()));
        assertEquals(1, repo.find(b.id()).orElseThrow().version());
        assertFalse(repo.find(b.id()).orElseThrow().linksTo(BriefLink.Kind.BRIEF, a.id()));
    }

    @Test
    void theRepositoryRefusesThePairWhenTheOtherBriefMovedOn() {
        Brief a = create();
        Brief b = create();
        Brief bMoved = service.link(b.id(), 1, "alice", "asset", "x1").brief();

        // A write computed from b at version 1 (as if read before the asset link) must fail as a whole.
        assertThrows(ConflictException.class, () -> repo.updatePair(a, 1, repo.audit(a.id()).get(0), b, 1,
                repo.audit(b.id()).get(0)));
        assertEquals(1, repo.find(a.id()).orElseThrow().version());
        assertEquals(bMoved, repo.find(b.id()).orElseThrow());
    }

    @Test
    void assetLinksRecordTheIdOnlyAndRejectDuplicatesAndBadIds() {
        Brief a = create();
        Brief linked = service.link(a.id(), 1, "alice", "asset", "future-asset_42").brief();
        assertTrue(linked.linksTo(BriefLink.Kind.ASSET, "future-asset_42"));

        var dup = assertThrows(ConflictException.class,
                () -> service.link(a.id(), 2, "alice", "asset", "future-asset_42"));
        assertEquals("targetId", dup.errors().get(0).field());
        assertFields(() -> service.link(a.id(), 2, "alice", "asset", "../../etc"), "targetId");
        assertFields(() -> service.link(a.id(), 2, "alice", "folder", "x"), "kind");
        assertFields(() -> service.link(a.id(), 2, "alice", "brief", a.id()), "targetId");
        assertThrows(NotFoundException.class, () -> service.link(a.id(), 2, "alice", "brief", "missing"));
        assertEquals(2, repo.find(a.id()).orElseThrow().version());
    }

    @Test
    void addingADocumentPresignsAServerChosenKeyAndListsItAsUploading() {
        Brief a = create();

        DocumentUpload up = service.addDocument(a.id(), 1, "alice", "C:\\Users\\al\\..\\brief <v2>.pdf",
                "application/pdf", 2048L);

        BriefDocument doc = up.document();
        assertEquals("briefs/" + a.id() + "/documents/" + doc.id(), doc.key());
        assertEquals("brief _v2_.pdf", doc.fileName());
        assertEquals(BriefDocument.State.UPLOADING, doc.state());
        assertEquals(List.of(new Presign(doc.key(), "application/pdf", 2048, Duration.ofMinutes(15))), presigned);
        assertEquals(Fixture.NOW.plus(Duration.ofMinutes(15)), up.expiresAt());
        assertEquals(List.of(doc), repo.find(a.id()).orElseThrow().documents());
        assertEquals("brief.document.added", repo.audit(a.id()).get(1).action());
    }

    @Test
    void documentInputIsCheckedAsAWholeAndNothingIsStored() {
        Brief a = create();

        var e = assertThrows(ValidationException.class,
                () -> service.addDocument(a.id(), 1, "alice", "  ", "application/x-msdownload", 100L * 1024 * 1024 + 1));
        assertEquals(List.of("fileName", "contentType", "size"), e.errors().stream().map(FieldError::field).toList());
        assertFields(() -> service.addDocument(a.id(), 1, "alice", "a.txt", "text/plain", 0L), "size");
        assertFields(() -> service.addDocument(a.id(), 1, "alice", "a.html", "text/html", 5L), "contentType");
        assertFields(() -> service.addDocument(a.id(), 1, "alice", "a.txt", null, null), "contentType", "size");
        assertFields(() -> service.addDocument(a.id(), 1, "alice", "../..", "text/plain", 1L), "fileName");

        assertEquals(1, repo.find(a.id()).orElseThrow().version());
        assertTrue(presigned.isEmpty());
    }

    @Test
    void theLargestAllowedDocumentAndEveryAllowedTypeAreAccepted() {
        Brief a = create();
        long v = 1;
        for (String type : BriefAttachments.CONTENT_TYPES.keySet()) {
            service.addDocument(a.id(), v++, "alice", "f", type, BriefAttachments.MAX_DOCUMENT_BYTES);
        }
        assertEquals(BriefAttachments.CONTENT_TYPES.size(), repo.find(a.id()).orElseThrow().documents().size());
    }

    @Test
    void progressCountsMilestonesDeliverablesAndPendingApprovals() {
        Brief a = create();
        service.addMilestone(a.id(), 1, "alice", "Shoot", "bob", "2026-06-20");
        service.addMilestone(a.id(), 2, "alice", "Edit", "bob", "2026-06-25");
        String first = repo.find(a.id()).orElseThrow().milestones().get(0).id();
        service.changeMilestone(a.id(), 3, "alice", first, null, null, null, true);

        BriefProgress p = service.progress(a.id());
        assertEquals(1, p.milestonesDone());
        assertEquals(2, p.milestonesTotal());
        assertEquals(1, p.deliverablesTotal());
        assertEquals(Map.of("planned", 1), p.deliverablesByStatus());
        assertEquals(0, p.openReviewRounds());
        assertEquals(0, p.approvalsPending());

        service.transition(a.id(), 4, BriefStatus.SUBMITTED, "alice", null);
        assertEquals(2, service.progress(a.id()).approvalsPending()); // brief + fine print approvers
    }

    @Test
    void storedBriefsWithoutLinksOrDocumentsReadAsEmpty() throws Exception {
        Brief a = create();
        var mapper = dam.core.json.Json.mapper();
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.valueToTree(a);
        node.remove("links");
        node.remove("documents");
        Brief old = mapper.treeToValue(node, Brief.class);
        assertEquals(List.of(), old.links());
        assertEquals(List.of(), old.documents());
        assertEquals(a.auditHash(), old.auditHash());
        assertEquals(a.disclaimers(), old.disclaimers());
    }

    private static void assertFields(org.junit.jupiter.api.function.Executable call, String... fields) {
        var e = assertThrows(ValidationException.class, call);
        assertEquals(List.of(fields), e.errors().stream().map(FieldError::field).toList());
    }
}
