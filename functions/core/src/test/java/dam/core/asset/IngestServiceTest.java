package dam.core.asset;

import dam.core.audit.AuditChain;
import dam.core.event.OutboundEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dam.core.asset.AssetFixture.EXEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestServiceTest {

    private static final String SHA = "ab".repeat(32);
    private final AssetFixture f = new AssetFixture();

    private AssetVersion runAll(String name, String sha, String phash) {
        AssetVersion v = f.described(name, 1000, sha, phash);
        f.ingest.checkQuality(v.assetId(), 1, EXEC);
        f.ingest.tagged(v.assetId(), 1, EXEC, List.of(Tag.ai("label", "person", 98.5), Tag.ai("face", "face", 99),
                Tag.ai("label", "sneaker", 95), Tag.ai("text", "SALE", 90)));
        f.ingest.rendered(v.assetId(), 1, EXEC, List.of(new Rendition("thumbnail", "renditions/" + v.assetId()
                + "/1/thumbnail.jpg", 256, 171, 9000, "image/jpeg")));
        f.ingest.findDuplicates(v.assetId(), 1, EXEC);
        f.ingest.applyNaming(v.assetId(), 1, EXEC);
        f.ingest.complete(v.assetId(), 1, EXEC);
        return f.repo.findVersion(v.assetId(), 1).orElseThrow();
    }

    @Test
    void aGoodUploadBecomesReadyWithEverythingRecordedAndOneEvent() {
        AssetVersion v = runAll("hero.jpg", SHA, "00ff00ff00ff00ff");

        assertEquals(VersionState.READY, v.state());
        assertEquals("acme_spring-sale_social_6000x4000_v1.jpg", v.standardName());
        assertEquals(List.of("category:subject", "keyword:people"),
                v.tags(Tag.Source.RULE).stream().map(t -> t.kind() + ":" + t.value()).toList());
        assertEquals(4, v.tags(Tag.Source.AI).size());
        assertTrue(v.quality().stream().anyMatch(q -> q.check().equals("min_dimensions")
                && q.status() == QualityResult.Status.PASS));
        List<OutboundEvent> ingested = f.events.ofType(AssetEventDetail.INGESTED);
        assertEquals(1, ingested.size());
        AssetEventDetail detail = (AssetEventDetail) ingested.get(0).detail();
        assertEquals(6000, detail.width());
        assertEquals("ready", detail.state());
        List<String> actions = f.repo.audit(v.assetId()).stream().map(a -> a.action()).toList();
        assertEquals(List.of("asset.created", "version.processing", "version.sniffed", "version.described",
                "version.quality", "version.tagged", "version.rendered", "version.duplicates", "version.named",
                "version.ready"), actions);
        assertEquals(-1, AuditChain.firstBroken(f.repo.audit(v.assetId())));
    }

    @Test
    void aSecondExecutionForTheSameUploadDoesNothing() {
        AssetVersion v = runAll("hero.jpg", SHA, "00ff00ff00ff00ff");
        int auditBefore = f.repo.audit(v.assetId()).size();
        String other = EXEC.replace("run-1", "run-2");

        StepResult again = f.ingest.begin(v.originalKey(), other);
        assertFalse(again.proceed());
        assertFalse(f.ingest.tagged(v.assetId(), 1, other, List.of(Tag.ai("label", "cat", 99))).proceed());
        assertFalse(f.ingest.complete(v.assetId(), 1, other).proceed());
        assertFalse(f.ingest.complete(v.assetId(), 1, EXEC).proceed(), "a retried last step publishes nothing");

        assertEquals(1, f.events.ofType(AssetEventDetail.INGESTED).size());
        assertEquals(auditBefore, f.repo.audit(v.assetId()).size());
        assertTrue(f.repo.findVersion(v.assetId(), 1).orElseThrow().tags().stream()
                .noneMatch(t -> t.value().equals("cat")));
    }

    @Test
    void aRetriedStepOfTheSameExecutionReplacesInsteadOfAdding() {
        AssetVersion v = f.described("a.jpg", 1000, SHA, "0000000000000000");
        assertTrue(f.ingest.begin(v.originalKey(), EXEC).proceed(), "a retried first step goes on");
        List<Tag> tags = List.of(Tag.ai("label", "person", 99));
        f.ingest.tagged(v.assetId(), 1, EXEC, tags);
        f.ingest.tagged(v.assetId(), 1, EXEC, tags);
        assertEquals(1, f.repo.findVersion(v.assetId(), 1).orElseThrow().tags(Tag.Source.AI).size());
    }

    @Test
    void spoofedEmptyAndMismatchedFilesAreRejectedWithReasonsAndDeleted() {
        AssetVersion exe = f.upload("photo.jpg", 5000).version();
        f.ingest.begin(exe.originalKey(), EXEC);
        StepResult r = f.ingest.sniffed(exe.assetId(), 1, EXEC, "application/x-msdownload", 5000, SHA);
        assertFalse(r.proceed());
        assertEquals("rejected", r.state());
        assertEquals("unsupported_type", r.reasons().get(0).code());
        assertEquals(List.of(exe.originalKey()), f.storage.deletedOriginals());

        AssetVersion empty = f.upload("empty.jpg", 0).version();
        f.ingest.begin(empty.originalKey(), EXEC);
        assertEquals("empty_file", f.ingest.sniffed(empty.assetId(), 1, EXEC, "application/octet-stream", 0, SHA)
                .reasons().get(0).code());

        AssetVersion png = f.upload("pic.jpg", 100).version();
        f.ingest.begin(png.originalKey(), EXEC);
        List<String> codes = f.ingest.sniffed(png.assetId(), 1, EXEC, "image/png", 99, SHA).reasons().stream()
                .map(Reason::code).toList();
        assertEquals(List.of("size_mismatch", "type_mismatch", "extension_mismatch"), codes);

        List<OutboundEvent> rejected = f.events.ofType(AssetEventDetail.REJECTED);
        assertEquals(3, rejected.size());
        assertTrue(f.events.ofType(AssetEventDetail.INGESTED).isEmpty());
        assertEquals(0, f.duplicates.size(), "nothing of a rejected file is indexed");
    }

    @Test
    void aPixelBombIsRefusedFromItsHeader() {
        AssetVersion v = f.upload("bomb.jpg", 1000).version();
        f.ingest.begin(v.originalKey(), EXEC);
        f.ingest.sniffed(v.assetId(), 1, EXEC, "image/jpeg", 1000, SHA);
        StepResult r = f.ingest.described(v.assetId(), 1, EXEC, TechMetadata.ofImage("image/jpeg", 50_000, 50_000, 1,
                "RGB", false), null);
        assertFalse(r.proceed());
        assertEquals("too_many_pixels", r.reasons().get(0).code());
        assertTrue(r.reasons().get(0).message().contains("50000 x 50000"), r.reasons().get(0).message());
    }

    @Test
    void duplicatesAreFlaggedNotMerged() {
        AssetVersion first = runAll("one.jpg", SHA, "00ff00ff00ff00ff");
        AssetVersion exact = runAll("two.jpg", SHA, "00ff00ff00ff00ff");
        AssetVersion near = runAll("three.jpg", "cd".repeat(32), "00ff00ff00ff00f0"); // 4 bits differ
        AssetVersion other = runAll("four.jpg", "ef".repeat(32), "ff00ff00ff00ff00");

        assertEquals(List.of(new DuplicateMatch("exact", first.assetId(), 1, 0)), exact.duplicates());
        assertEquals(List.of(new DuplicateMatch("near", first.assetId(), 1, 4),
                new DuplicateMatch("near", exact.assetId(), 1, 4)), near.duplicates());
        assertTrue(other.duplicates().isEmpty());
        assertEquals(VersionState.READY, exact.state(), "a duplicate is flagged, still its own version");
        assertEquals(4, f.duplicates.size());
    }

    @Test
    void aFailureAfterRetriesQuarantinesAndRemovesRenditions() {
        AssetVersion v = f.described("a.jpg", 1000, SHA, null);
        f.ingest.rendered(v.assetId(), 1, EXEC, List.of(new Rendition("web", "renditions/x/1/web.jpg", 2048, 1365, 1,
                "image/jpeg")));
        StepResult r = f.ingest.quarantine(v.assetId(), 1, EXEC, "Lambda.Unknown", "worker crashed");
        assertEquals("quarantined", r.state());
        assertEquals("processing failed (Lambda.Unknown): worker crashed", r.reasons().get(0).message());
        AssetVersion stored = f.repo.findVersion(v.assetId(), 1).orElseThrow();
        assertTrue(stored.renditions().isEmpty());
        assertEquals(List.of("renditions/x/1/web.jpg"), f.storage.deletedDerivatives());
        assertTrue(f.storage.deletedOriginals().isEmpty(), "quarantined originals stay for an operator");
    }

    @Test
    void aBeginThatFailedForGoodQuarantinesTheStillUploadingVersionOnce() {
        AssetVersion v = f.upload("a.jpg", 1000).version();

        StepResult r = f.ingest.beginFailed(v.originalKey(), EXEC, "Lambda.TooManyRequestsException", "Rate Exceeded");
        StepResult again = f.ingest.beginFailed(v.originalKey(), EXEC, "Lambda.TooManyRequestsException", "again");

        assertEquals("quarantined", r.state());
        assertEquals("processing failed (Lambda.TooManyRequestsException): Rate Exceeded",
                r.reasons().get(0).message());
        assertFalse(again.proceed());
        AssetVersion stored = f.repo.findVersion(v.assetId(), 1).orElseThrow();
        assertEquals(VersionState.QUARANTINED, stored.state());
        assertEquals(1, f.events.ofType(AssetEventDetail.REJECTED).size(), "a redelivery announces nothing twice");
        assertTrue(f.storage.deletedOriginals().isEmpty(), "the original stays for a retry");
    }

    @Test
    void aBeginFailureLeavesAVersionAnotherExecutionOwnsAlone() {
        AssetVersion v = f.upload("a.jpg", 1000).version();
        assertTrue(f.ingest.begin(v.originalKey(), EXEC).proceed());

        StepResult r = f.ingest.beginFailed(v.originalKey(), EXEC.replace("run-1", "run-2"),
                "Lambda.TooManyRequestsException", "Rate Exceeded");

        assertFalse(r.proceed());
        assertEquals(VersionState.PROCESSING, f.repo.findVersion(v.assetId(), 1).orElseThrow().state());
        assertTrue(f.events.ofType(AssetEventDetail.REJECTED).isEmpty());
    }

    @Test
    void unknownKeysAreIgnored() {
        StepResult r = f.ingest.begin("originals/nope/1/x.jpg", EXEC);
        assertFalse(r.proceed());
        assertEquals("unknown_key", r.reasons().get(0).code());
    }

    @Test
    void unavailableTaggingIsAWarningThatSurvivesTheQualityStep() {
        AssetVersion v = f.described("a.jpg", 1000, SHA, null);
        f.ingest.tagsUnavailable(v.assetId(), 1, EXEC, "Rekognition.ThrottlingException");
        f.ingest.checkQuality(v.assetId(), 1, EXEC);
        List<QualityResult> quality = f.repo.findVersion(v.assetId(), 1).orElseThrow().quality();
        QualityResult note = quality.stream().filter(q -> q.check().equals("ai_tags")).findFirst().orElseThrow();
        assertEquals(QualityResult.Status.WARN, note.status());
        assertTrue(note.message().contains("Rekognition.ThrottlingException"));
        assertTrue(quality.stream().anyMatch(q -> q.check().equals("min_dimensions")));
    }
}
