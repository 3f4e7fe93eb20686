package dam.core.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DownloadServiceTest {

    private final LibraryFixture f = new LibraryFixture();

    private static DownloadRequest preset(String name, String format) {
        return new DownloadRequest(format, name, null, null, null);
    }

    @Test
    void presetDownloadRendersOnceThenServesTheCachedDerivative() {
        String id = f.asset("a1", 2);
        DownloadService.Redirect first = f.downloads.download(LibraryFixture.VIEWER, id,
                preset("instagram-square", "png"));
        assertThat(first.cached()).isFalse();
        assertThat(first.version()).isEqualTo(2);
        assertThat(first.key()).isEqualTo("downloads/a1/2/instagram-square-1080x1080-auto.png");
        assertThat(first.url().toString()).contains("name=photo-instagram-square.png").contains("ttl=300");
        DerivativeSpec spec = f.rendered.get(0);
        assertThat(spec.mode()).isEqualTo(DerivativeSpec.CROP);
        assertThat(spec.width()).isEqualTo(1080);
        assertThat(spec.sourceKey()).isEqualTo("originals/a1/2/photo.jpg");

        DownloadService.Redirect again = f.downloads.download(LibraryFixture.VIEWER, id,
                preset("instagram-square", "png"));
        assertThat(again.cached()).isTrue();
        assertThat(again.key()).isEqualTo(first.key());
        assertThat(f.rendered).hasSize(1);
    }

    @Test
    void originalWhenNothingIsAskedAndAnOlderVersionOnRequest() {
        String id = f.asset("a2", 2);
        DownloadService.Redirect r = f.downloads.download(LibraryFixture.CREATOR, id,
                new DownloadRequest(null, null, null, null, "1"));
        assertThat(r.key()).isEqualTo("originals/a2/1/photo.jpg");
        assertThat(r.url().getHost()).isEqualTo("originals.example");
        assertThat(f.rendered).isEmpty();
    }

    @Test
    void aManualFocalPointIsPassedToTheRendererAndChangesTheCacheKey() {
        String id = f.asset("a3", 1);
        String auto = f.downloads.download(LibraryFixture.CREATOR, id, preset("story", "jpeg")).key();
        f.downloads.setFocal(LibraryFixture.CREATOR, id, 0.25, 0.75);
        DownloadService.Redirect manual = f.downloads.download(LibraryFixture.CREATOR, id, preset("story", "jpg"));
        assertThat(manual.key()).isNotEqualTo(auto).contains("-m0.2500_0.7500");
        assertThat(f.rendered.get(1).focal()).isEqualTo(Focal.manual(0.25, 0.75));
        assertThat(f.downloads.focal(LibraryFixture.VIEWER, id, null).effective().source()).isEqualTo("manual");
    }

    @Test
    void widthAloneFitsAndBothCrop() {
        String id = f.asset("a4", 1);
        f.downloads.download(LibraryFixture.CREATOR, id, new DownloadRequest("tiff", null, "800", null, null));
        f.downloads.download(LibraryFixture.CREATOR, id, new DownloadRequest("gif", null, "300", "200", null));
        assertThat(f.rendered).extracting(DerivativeSpec::mode).containsExactly("fit", "crop");
        assertThat(f.rendered.get(0).key()).endsWith("fit-800x0.tif");
        assertThat(f.rendered.get(1).key()).endsWith("300x200-auto.gif");
    }

    @Test
    void badInputIsA400ListingEveryProblemAndRendersNothing() {
        String id = f.asset("a5", 1);
        assertThat(codes(() -> f.downloads.download(LibraryFixture.CREATOR, id, preset("billboard", "png"))))
                .containsExactly("preset:unknown_value");
        assertThat(codes(() -> f.downloads.download(LibraryFixture.CREATOR, id,
                new DownloadRequest("png", null, "20001", "-5", null))))
                .containsExactly("width:invalid", "height:negative");
        assertThat(codes(() -> f.downloads.download(LibraryFixture.CREATOR, id,
                new DownloadRequest("bmp", null, "1' OR 1=1", null, "x"))))
                .containsExactly("version:invalid", "format:unknown_value", "width:invalid");
        assertThat(codes(() -> f.downloads.download(LibraryFixture.CREATOR, id,
                new DownloadRequest("png", "story", "100", null, null)))).containsExactly("preset:invalid");
        assertThat(f.rendered).isEmpty();
    }

    @Test
    void webpIsRefusedPlainlyWhileNoEncoderIsInstalled() {
        String id = f.asset("a6", 1);
        ValidationException e = (ValidationException) org.assertj.core.api.Assertions.catchThrowable(() ->
                f.downloads.download(LibraryFixture.CREATOR, id, preset("story", "webp")));
        assertThat(e.errors().get(0).field()).isEqualTo("format");
        assertThat(e.errors().get(0).message()).startsWith("webp output not available");
    }

    @Test
    void brandPresetsReplaceTheDefaultsAndOnlyManagersSetThem() {
        String id = f.asset("a7", 1);
        assertThatThrownBy(() -> f.downloads.savePresets(LibraryFixture.CREATOR, "Acme",
                List.of(new Preset("billboard", 4000, 1000)))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> f.downloads.savePresets(LibraryFixture.OTHER_BRAND, "Acme",
                List.of(new Preset("billboard", 4000, 1000)))).isInstanceOf(ForbiddenException.class);
        f.downloads.savePresets(LibraryFixture.MANAGER, "Acme", List.of(new Preset("billboard", 4000, 1000)));
        assertThat(f.downloads.presets(LibraryFixture.VIEWER, "Acme")).extracting(Preset::name)
                .containsExactly("billboard");
        assertThat(f.downloads.download(LibraryFixture.VIEWER, id, preset("billboard", "png")).key())
                .contains("billboard-4000x1000");
        assertThat(codes(() -> f.downloads.download(LibraryFixture.VIEWER, id, preset("story", "png"))))
                .containsExactly("preset:unknown_value");
        assertThatThrownBy(() -> new Preset("huge", 20_001, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outOfScopeIsNotFoundAndExpiredRightsAreForbiddenWithTheReason() {
        String id = f.asset("a8", 1);
        assertThatThrownBy(() -> f.downloads.download(LibraryFixture.OTHER_BRAND, id, preset("story", "png")))
                .isInstanceOf(NotFoundException.class);
        f.rights.put(LibraryFixture.LEGAL, id, "lic-1", new RightsInput("rights-managed", List.of("DE"),
                List.of("social"), "2026-01-01", "2026-05-31", null, null, null, null, null));
        assertThatThrownBy(() -> f.downloads.download(LibraryFixture.CREATOR, id, preset("story", "png")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("expired on 2026-05-31");
        assertThat(f.rendered).isEmpty();
    }

    @Test
    void sharesMayBeLimitedToPresets() {
        String id = f.asset("a9", 1);
        var asset = f.assets.find(id).orElseThrow();
        assertThat(codes(() -> f.downloads.deliver(asset, new DownloadRequest(null, null, null, null, null),
                Set.of("story")))).containsExactly("preset:forbidden");
        assertThat(f.downloads.deliver(asset, preset("story", "png"), Set.of("story")).key()).contains("story");
    }

    private static List<String> codes(Runnable call) {
        try {
            call.run();
        } catch (ValidationException e) {
            return e.errors().stream().map(x -> x.field() + ":" + x.code()).toList();
        }
        throw new AssertionError("expected a ValidationException");
    }
}
