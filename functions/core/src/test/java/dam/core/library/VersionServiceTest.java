package dam.core.library;

import dam.core.ConflictException;
import dam.core.ForbiddenException;
import dam.core.ValidationException;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Revert and edits make the next version (item + audit in one write, origin recorded) and then its original. */
class VersionServiceTest {

    private final LibraryFixture f = new LibraryFixture();
    private final List<String> copies = new ArrayList<>();
    private final List<EditSpec> edits = new ArrayList<>();
    private final VersionService versions = new VersionService(f.assets, f.store, f.access, new VersionFiles() {
        @Override
        public void copyOriginal(String fromKey, String toKey) {
            copies.add(fromKey + " -> " + toKey);
        }

        @Override
        public void renderEdit(EditSpec spec) {
            edits.add(spec);
        }
    }, f.clock);

    @Test
    void revertMakesTheNextVersionFromACopyOfTheOldOriginalAndAuditsRevertedFrom() {
        String id = f.asset("v1", 2);
        VersionService.VersionView v3 = versions.revert(LibraryFixture.CREATOR, id, 1);
        assertThat(v3.number()).isEqualTo(3);
        assertThat(v3.state()).isEqualTo("uploading");
        assertThat(v3.origin()).isEqualTo(new VersionOrigin(VersionOrigin.REVERT, 1, List.of()));
        assertThat(copies).containsExactly("originals/v1/1/photo.jpg -> originals/v1/3/photo.jpg");
        AssetVersion stored = f.assets.findVersion(id, 3).orElseThrow();
        assertThat(stored.declaredSize()).isEqualTo(1000L);
        assertThat(stored.declaredContentType()).isEqualTo("image/jpeg");
        AuditEntry last = f.assets.audit(id).get(f.assets.audit(id).size() - 1);
        assertThat(last.action()).isEqualTo("version.reverted");
        assertThat(last.detail()).contains("v3").contains("revertedFrom=1").contains("sha256=sha1");
        assertThat(AuditChain.firstBroken(f.assets.audit(id))).isEqualTo(-1);
        assertThat(f.assets.find(id).orElseThrow().latestVersion()).isEqualTo(3);
        assertThat(versions.versions(LibraryFixture.VIEWER, id)).extracting(VersionService.VersionView::number)
                .containsExactly(1, 2, 3);

        assertThatThrownBy(() -> versions.revert(LibraryFixture.CREATOR, id, 3)).as("v3 is not ready yet")
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> versions.revert(LibraryFixture.VIEWER, id, 1)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> versions.revert(LibraryFixture.OTHER_BRAND, id, 1))
                .isInstanceOf(dam.core.NotFoundException.class);
        assertThat(copies).hasSize(1);
    }

    @Test
    void anEditStoresItsRecipeOnTheNewVersionAndAsksForItsRendering() {
        String id = f.asset("v2", 1);
        VersionService.VersionView v2 = versions.edit(LibraryFixture.CREATOR, id, new VersionService.EditInput(1,
                List.of(new EditOp("crop", 10, 20, 300, 200, null, null), new EditOp("ROTATE", null, null, null,
                        null, -90, null), new EditOp("flip", null, null, null, null, null, "Horizontal"),
                        new EditOp("resize", null, null, 100, null, null, null))));
        assertThat(v2.number()).isEqualTo(2);
        assertThat(v2.fileName()).isEqualTo("photo-edited.jpg");
        assertThat(v2.origin().recipe()).containsExactly(EditOp.crop(10, 20, 300, 200), EditOp.rotate(270),
                EditOp.flip("horizontal"), EditOp.resize(100, null));
        assertThat(f.store.origins(id).get(2)).isEqualTo(v2.origin());
        EditSpec spec = edits.get(0);
        assertThat(spec.sourceKey()).isEqualTo("originals/v2/1/photo.jpg");
        assertThat(spec.targetKey()).isEqualTo("originals/v2/2/photo-edited.jpg");
        assertThat(spec.format()).isEqualTo("jpeg");
        assertThat(f.assets.audit(id).get(f.assets.audit(id).size() - 1).detail())
                .contains("editedFrom=1 recipe=crop(10,20,300x200),rotate(270),flip(horizontal),resize(100xauto)");
    }

    @Test
    void badRecipesAre400sListingEveryProblemAndStoreNothing() {
        String id = f.asset("v3", 1);
        ValidationException e = catchThrowableOfType(() -> versions.edit(LibraryFixture.CREATOR, id,
                new VersionService.EditInput(1, List.of(new EditOp("crop", -1, 0, 10, 10, null, null),
                        new EditOp("resize", null, null, 20_001, null, null, null),
                        new EditOp("rotate", null, null, null, null, 45, null),
                        new EditOp("blur", null, null, null, null, null, null),
                        new EditOp("flip", null, null, null, null, null, "diagonal")))), ValidationException.class);
        assertThat(e.errors()).extracting(x -> x.field() + ":" + x.code()).containsExactly("recipe[0].x:negative",
                "recipe[1].width:invalid", "recipe[2].degrees:invalid", "recipe[3].op:unknown_value",
                "recipe[4].axis:unknown_value");
        assertThatThrownBy(() -> versions.edit(LibraryFixture.CREATOR, id, new VersionService.EditInput(1,
                List.of()))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> versions.edit(LibraryFixture.CREATOR, id, new VersionService.EditInput(null,
                List.of(EditOp.rotate(90))))).isInstanceOf(ValidationException.class);
        assertThat(f.assets.versions(id)).hasSize(1);
        assertThat(edits).isEmpty();
    }

    @Test
    void aCropMustStayInsideTheImageAtItsStep() {
        String id = f.asset("v4", 1);
        AssetVersion v1 = f.assets.findVersion(id, 1).orElseThrow();
        AssetVersion withSize = new AssetVersion(id, 1, VersionState.READY, List.of(), "cara", v1.originalKey(),
                v1.fileName(), "image/jpeg", 1000, null, v1.createdAt(), v1.createdAt(), null, "exec", "image/jpeg",
                1000L, "sha1", null, new dam.core.asset.TechMetadata("image/jpeg", 800, 600, 1, null, null, null,
                null, null, null, null, null, null), null, null, null, null, null);
        assertThatThrownBy(() -> versions.validated(List.of(EditOp.crop(700, 0, 200, 100)), withSize))
                .isInstanceOf(ValidationException.class).hasMessageContaining("recipe[0]");
        // After a 90° turn the image is 600 wide and 800 high: a 600×800 crop fits, an 800-wide one does not.
        assertThat(versions.validated(List.of(EditOp.rotate(90), EditOp.crop(0, 0, 600, 800)), withSize)).hasSize(2);
        assertThatThrownBy(() -> versions.validated(List.of(EditOp.rotate(90), EditOp.crop(0, 0, 800, 600)),
                withSize)).isInstanceOf(ValidationException.class);
    }
}
