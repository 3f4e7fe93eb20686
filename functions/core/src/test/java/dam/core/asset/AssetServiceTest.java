package dam.core.asset;

import dam.core.ConflictException;
import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.audit.AuditChain;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dam.core.asset.AssetFixture.CREATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AssetServiceTest {

    private final AssetFixture f = new AssetFixture();

    @Test
    void aNewAssetGetsAnUploadingVersionAndASignedSinglePut() {
        UploadTicket t = f.assets.createAsset(CREATOR, AssetFixture.acme("social"),
                AssetFixture.jpeg("../../Summer \u202Ehero.JPG", 12_000_000));

        assertTrue(t.created());
        assertEquals(VersionState.UPLOADING, t.version().state());
        assertEquals("originals/a1/1/summer-hero.jpg", t.version().originalKey());
        assertEquals("Summer hero.JPG", t.asset().displayName());
        assertEquals(CREATOR.userId(), t.version().submitter());
        assertEquals(List.of("people"), t.asset().keywords());
        assertEquals(UploadPlan.SINGLE, t.plan().method());
        assertEquals("12000000", t.plan().headers().get("Content-Length"));
        assertEquals("image/jpeg", t.plan().headers().get("Content-Type"));
        assertTrue(t.plan().url().toString().contains("ttl=900"), "15-minute signature: " + t.plan().url());
        assertEquals(AssetFixture.NOW.plusSeconds(900), t.version().uploadExpiresAt());
        assertEquals(-1, AuditChain.firstBroken(f.repo.audit("a1")));
    }

    @Test
    void largeFilesGetAMultipartPlanAndTheNextVersionNumber() {
        UploadTicket first = f.upload("a.jpg", 10);
        UploadTicket second = f.assets.requestUpload(CREATOR, first.asset().id(),
                new NewUpload("big.tif", "image/tiff", 150L * 1024 * 1024, null));

        assertEquals(2, second.version().number());
        assertEquals(UploadPlan.MULTIPART, second.plan().method());
        assertEquals("upload-1", second.version().uploadId());
        assertEquals(3, second.plan().parts().size(), "150 MB in 64 MB parts");
        assertEquals("/assets/a1/versions/2/uploads/complete", second.plan().completePath());
        assertEquals(2, f.repo.find("a1").orElseThrow().latestVersion());

        f.assets.completeUpload(CREATOR, "a1", 2, List.of(new AssetStorage.CompletedPart(2, "e2"),
                new AssetStorage.CompletedPart(1, "e1"), new AssetStorage.CompletedPart(3, "e3")));
        assertEquals(List.of("originals/a1/2/big.tif#upload-1#3"), f.storage.completed());
        ConflictException notMultipart = assertThrows(ConflictException.class,
                () -> f.assets.completeUpload(CREATOR, "a1", 1, List.of(new AssetStorage.CompletedPart(1, "e"))));
        assertEquals("uploadId", notMultipart.errors().get(0).field());
    }

    @Test
    void aRepeatedRequestReturnsTheSameVersion() {
        NewUpload upload = new NewUpload("a.jpg", "image/jpeg", 100L, "idem-1");
        UploadTicket first = f.assets.createAsset(CREATOR, AssetFixture.acme(null), upload);
        UploadTicket again = f.assets.createAsset(CREATOR, AssetFixture.acme(null), upload);

        assertFalse(again.created());
        assertEquals(first.version(), again.version());
        assertEquals(1, f.repo.size());
        assertEquals(1, f.repo.audit("a1").size());
    }

    @Test
    void badRequestsReportEveryProblemAndStoreNothing() {
        ValidationException e = assertThrows(ValidationException.class, () -> f.assets.createAsset(CREATOR,
                new NewAsset(null, "no-such-brief", null, "radio", null, null, List.of("people", "sneakers")),
                new NewUpload(" ", "application/x-msdownload", -1L, null)));
        List<String> fields = e.errors().stream().map(x -> x.field()).toList();
        assertEquals(List.of("briefId", "brand", "channel", "keywords[1]", "fileName", "contentType", "size"), fields);
        assertEquals(0, f.repo.size());
    }

    @Test
    void onlySubmittersInTheBrandScopeMayUploadAndOthersCannotSeeIt() {
        Principal viewer = new Principal("vic", null, Set.of(Role.VIEWER), Set.of("Acme"));
        f.upload("x.jpg", 1);
        assertThrows(ForbiddenException.class, () -> f.assets.createAsset(viewer, AssetFixture.acme(null),
                AssetFixture.jpeg("a.jpg", 1)));
        Principal otherBrand = new Principal("ola", null, Set.of(Role.CREATOR), Set.of("Globex"));
        assertThrows(ForbiddenException.class, () -> f.assets.requestUpload(otherBrand, "a1",
                AssetFixture.jpeg("b.jpg", 1)));
        assertThrows(NotFoundException.class, () -> f.assets.get(otherBrand, "a1"));
        assertEquals("a1", f.assets.get(viewer, "a1").id());
        assertNull(f.repo.findVersion("a1", 2).orElse(null));
    }
}
