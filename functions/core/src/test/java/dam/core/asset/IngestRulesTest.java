package dam.core.asset;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestRulesTest {

    private final IngestRules rules = IngestRules.defaults();

    @Test
    void typesAreNormalisedAndMappedFromExtensions() {
        assertEquals("image/jpeg", rules.normaliseType("Image/JPG; charset=binary"));
        assertTrue(rules.accepts("image/pjpeg"));
        assertFalse(rules.accepts("application/x-msdownload"));
        assertEquals("image/tiff", rules.typeOfExtension("tif").orElseThrow());
        assertTrue(rules.typeOfExtension("exe").isEmpty());
    }

    @Test
    void namingTemplatesComeFromDataAndSkipUnknownParts() {
        Map<String, String> values = Map.of("brand", "Acme", "campaign", "Spring Sale!", "channel", "social",
                "w", "6000", "h", "4000", "n", "3");
        assertEquals("acme_spring-sale_social_6000x4000_v3.jpg",
                StandardNames.apply(rules.naming().templateFor("Acme"), values, "jpg"));
        assertEquals("acme_social_v2", StandardNames.apply(rules.naming().templateFor("acme"),
                Map.of("brand", "acme", "channel", "social", "n", "2"), ""));
        java.util.HashMap<String, String> globex = new java.util.HashMap<>(values);
        globex.put("brand", "Globex");
        assertEquals("globex-social-spring-sale-v3.jpg",
                StandardNames.apply(rules.naming().templateFor("Globex"), globex, "jpg"));
        assertEquals("xbox_v1", StandardNames.apply("{brand}_{w}x{h}_v{n}", Map.of("brand", "XBox", "n", "1"), ""));
    }

    @Test
    void vocabularyMapsSynonymsAndRefusesConflicts() throws Exception {
        assertEquals("people", rules.vocabulary().lookup(" Portrait ").orElseThrow().term());
        assertEquals("subject", rules.vocabulary().lookup("astronaut").orElseThrow().category());
        assertTrue(rules.vocabulary().lookup("sneaker").isEmpty());
        byte[] bad = """
                {"limits":{"maxBytes":1,"maxSinglePutBytes":1,"maxPixels":1,"multipartPartBytes":1,"uploadMinutes":1,
                 "nearDuplicateDistance":1},"types":{"image/png":["png"]},"naming":{"default":"{brand}"},
                 "quality":{"default":{"level":"warn"}},
                 "vocabulary":{"terms":{"a":{"synonyms":["x"]},"b":{"synonyms":["x"]}}}}"""
                .getBytes(StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IngestRules.parse(bad));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    }

    @Test
    void qualityProfilesAreMostSpecificFirstAndReportEveryCheck() {
        TechMetadata small = new TechMetadata("image/jpeg", 800, 600, 1, "RGB", null, 72.0, 72.0, false, null, null,
                null, Map.of());
        List<QualityResult> print = rules.quality().evaluate("Acme", "print", small, 5000, List.of());
        assertEquals(QualityResult.Status.FAIL, status(print, "min_dimensions"));
        assertEquals(QualityResult.Status.FAIL, status(print, "dpi"));
        assertEquals(QualityResult.Status.PASS, status(print, "colour_space"));

        List<QualityResult> email = rules.quality().evaluate("ACME", "email", small, 2_000_000, List.of());
        assertEquals(QualityResult.Status.WARN, status(email, "file_size"), "acme's email profile caps bytes");
        assertEquals(QualityResult.Status.PASS, status(email, "min_dimensions"));
    }

    @Test
    void aspectRatioIsCheckedAgainstTheDeliverableInDisplayOrientation() {
        // Stored 1350x1080 with orientation 6 (rotated 90°) displays as 1080x1350: matches "1080x1350 JPEG".
        TechMetadata rotated = new TechMetadata("image/jpeg", 1350, 1080, 6, "RGB", null, null, null, false, null,
                null, null, Map.of());
        List<QualityResult> ok = rules.quality().evaluate("Acme", "social", rotated, 1, List.of("1080x1350 JPEG"));
        assertEquals(QualityResult.Status.PASS, status(ok, "aspect_ratio"));
        List<QualityResult> wide = rules.quality().evaluate("Acme", "social", rotated, 1, List.of("16:9"));
        assertEquals(QualityResult.Status.WARN, status(wide, "aspect_ratio"));
    }

    private static QualityResult.Status status(List<QualityResult> results, String check) {
        return results.stream().filter(r -> r.check().equals(check)).findFirst().orElseThrow(
                () -> new AssertionError("no " + check + " in " + results)).status();
    }
}
