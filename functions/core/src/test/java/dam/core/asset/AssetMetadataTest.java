package dam.core.asset;

import static dam.core.asset.AssetFixture.CREATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dam.core.ConflictException;
import dam.core.ForbiddenException;
import dam.core.ValidationException;
import dam.core.audit.AuditChain;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** PATCH /assets/{id}: description, controlled keywords with synonyms, dates and usage rights; all-or-nothing. */
class AssetMetadataTest {

    private final AssetFixture f = new AssetFixture();

    private static AssetPatch patch(String description, List<String> keywords, String capturedOn, String embargo,
                                    String holder, String license, String expires, List<String> clear) {
        return new AssetPatch(null, description, keywords, capturedOn, embargo, holder, license, expires, clear);
    }

    @Test
    void synonymsMapToTermsAndDatesAndRightsAreStoredWithOneAuditEntry() {
        String id = f.upload("a.jpg", 10).asset().id();
        long before = f.repo.find(id).orElseThrow().revision();

        Asset a = f.assets.updateMetadata(CREATOR, id, patch("  Beach launch  ", List.of("Packshot", "outdoors",
                "bottle"), "2026-05-20", "2026-06-15", "Acme Studio", "owned", "2027-06-01", null));

        assertEquals("Beach launch", a.description());
        assertEquals(List.of("product", "outdoor"), a.keywords());
        assertEquals(List.of("subject", "setting"), a.categories());
        assertEquals(new AssetDetails(LocalDate.of(2026, 5, 20), LocalDate.of(2026, 6, 15), "Acme Studio", "owned",
                LocalDate.of(2027, 6, 1)), a.details());
        assertEquals(before + 1, a.revision());
        assertEquals(a, f.repo.find(id).orElseThrow());
        var audit = f.repo.audit(id);
        assertEquals("asset.metadata", audit.get(audit.size() - 1).action());
        assertTrue(audit.get(audit.size() - 1).detail().contains("keywords=product,outdoor"));
        assertEquals(-1, AuditChain.firstBroken(audit));
    }

    @Test
    void absentFieldsStayAndClearedFieldsGo() {
        String id = f.upload("a.jpg", 10).asset().id();
        f.assets.updateMetadata(CREATOR, id, patch("first", null, null, null, "Holder", "royalty-free", null, null));

        Asset a = f.assets.updateMetadata(CREATOR, id, patch(null, null, "2026-01-02", null, null, null, null,
                List.of("rightsHolder", "keywords")));

        assertEquals("first", a.description());
        assertEquals(List.of(), a.keywords());
        assertNull(a.details().rightsHolder());
        assertEquals("royalty-free", a.details().license());
        assertEquals(LocalDate.of(2026, 1, 2), a.details().capturedOn());
    }

    @Test
    void unknownTermsBadDatesAndLicencesAreFieldErrorsAndNothingIsStored() {
        String id = f.upload("a.jpg", 10).asset().id();
        Asset stored = f.repo.find(id).orElseThrow();

        ValidationException e = assertThrows(ValidationException.class, () -> f.assets.updateMetadata(CREATOR, id,
                patch("new", List.of("people", "sneakers"), "31/12/2026", "2027-01-01", null, "stolen", "2026-12-31",
                        List.of("brand"))));

        assertEquals(List.of("clear[0]", "license", "keywords[1]", "capturedOn", "embargoUntil"),
                e.errors().stream().map(x -> x.field()).toList());
        assertTrue(e.errors().get(2).message().contains("known terms"), e.errors().get(2).message());
        assertEquals(stored, f.repo.find(id).orElseThrow());
    }

    @Test
    void aFutureCaptureDateIsRefused() {
        String id = f.upload("a.jpg", 10).asset().id();
        ValidationException e = assertThrows(ValidationException.class, () -> f.assets.updateMetadata(CREATOR, id,
                patch(null, null, "2026-06-05", null, null, null, null, null)));
        assertEquals("capturedOn", e.errors().get(0).field());
    }

    @Test
    void aStaleRevisionConflictsAndAnUnchangedPatchWritesNothing() {
        String id = f.upload("a.jpg", 10).asset().id();
        Asset stored = f.repo.find(id).orElseThrow();
        assertThrows(ConflictException.class, () -> f.assets.updateMetadata(CREATOR, id, new AssetPatch(
                stored.revision() - 1, "x", null, null, null, null, null, null, null)));

        Asset same = f.assets.updateMetadata(CREATOR, id, new AssetPatch(stored.revision(), stored.description(),
                stored.keywords(), null, null, null, null, null, null));
        assertSame(stored, same);
        assertEquals(stored.revision(), f.repo.find(id).orElseThrow().revision());
    }

    @Test
    void viewersAndOtherBrandsMayNotEdit() {
        String id = f.upload("a.jpg", 10).asset().id();
        AssetPatch p = patch("x", null, null, null, null, null, null, null);
        assertThrows(ForbiddenException.class, () -> f.assets.updateMetadata(
                new Principal("vic", null, Set.of(Role.VIEWER), Set.of("Acme")), id, p));
        assertThrows(ForbiddenException.class, () -> f.assets.updateMetadata(
                new Principal("ola", null, Set.of(Role.CREATOR), Set.of("Globex")), id, p));
    }
}
