package dam.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dam.media.QualityResult.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityChecksTest {
    @TempDir
    Path dir;

    private static final String PRINT_RULES = """
            [
              {"check":"minPixels","width":1080,"height":1080,"severity":"FAIL"},
              {"check":"minDpi","dpi":300,"severity":"WARN"},
              {"check":"colourSpace","allowed":["CMYK"],"severity":"WARN"},
              {"check":"fileSize","minBytes":1000,"maxBytes":50000000},
              {"check":"transparency","severity":"WARN"},
              {"check":"aspectRatio","width":1,"height":1,"tolerance":0.01}
            ]""";

    private static QualityChecks rules(String json) {
        return QualityChecks.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static TechMetadata image(int w, int h, String colour, boolean alpha, Double dpi, long size) {
        return new TechMetadata("image/jpeg", size, w, h, 1, w, h, colour, null, alpha, dpi, dpi, null, null, null,
                null, null, null, Map.of());
    }

    @Test
    void eachRuleGivesPassWarnOrFailWithAReason() {
        List<QualityResult> results = rules(PRINT_RULES).evaluate(image(800, 600, "RGB", false, 72.0, 500));

        assertThat(results).extracting(QualityResult::check).containsExactly(
                "minPixels", "minDpi", "colourSpace", "fileSize", "transparency", "aspectRatio");
        assertThat(results).extracting(QualityResult::status).containsExactly(
                Status.FAIL, Status.WARN, Status.WARN, Status.FAIL, Status.WARN, Status.FAIL);
        assertThat(results.get(0).reason()).isEqualTo("800×600 is below 1080×1080");
        assertThat(results.get(1).reason()).isEqualTo("72 dpi is below 300 dpi");
        assertThat(results.get(3).reason()).contains("500 bytes is below the minimum 1000");
        assertThat(QualityChecks.overall(results)).isEqualTo(Status.FAIL);
    }

    @Test
    void aConformingFilePassesEverything() {
        List<QualityResult> results = rules(PRINT_RULES).evaluate(image(2000, 2000, "CMYK", true, 300.0, 4_000_000));
        assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.reason()).isEqualTo(Status.PASS));
        assertThat(QualityChecks.overall(results)).isEqualTo(Status.PASS);
    }

    @Test
    void missingInformationWarnsInsteadOfPassing() {
        List<QualityResult> results = rules("[{\"check\":\"minDpi\",\"dpi\":300,\"severity\":\"FAIL\"}]")
                .evaluate(image(2000, 2000, "RGB", false, null, 10_000));
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.WARN);
            assertThat(r.reason()).contains("no resolution");
        });
    }

    @Test
    void worksOnRealMetadataOfAGeneratedFile() {
        byte[] jpeg = TestImages.withExif(TestImages.jpeg(TestImages.photo(1200, 627, 3)), 1, "X", "Y", 300);
        Path f = TestImages.write(dir, "li.jpg", jpeg);
        TechMetadata md = new Metadata().read(f, "image/jpeg");
        List<QualityResult> results = rules("""
                [{"check":"minPixels","width":1200,"height":627},
                 {"check":"aspectRatio","width":1200,"height":627},
                 {"check":"minDpi","dpi":300},
                 {"check":"colourSpace","allowed":["rgb"]}]""").evaluate(md);
        assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.reason()).isEqualTo(Status.PASS));
    }

    @Test
    void badRuleDataIsRefusedClearly() {
        assertThatThrownBy(() -> rules("[{\"check\":\"sharpness\"}]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sharpness");
        assertThatThrownBy(() -> rules("[{\"check\":\"minPixels\",\"width\":-1,\"height\":5}]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("width");
        assertThatThrownBy(() -> rules("[{\"check\":\"fileSize\",\"minBytes\":10,\"maxBytes\":5}]"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rules("[{\"check\":\"minDpi\",\"dpi\":300,\"colour\":1}]"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
