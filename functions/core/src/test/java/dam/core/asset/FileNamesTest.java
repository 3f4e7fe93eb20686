package dam.core.asset;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileNamesTest {

    @Test
    void displayNamesLosePathsControlAndBidiCharacters() {
        assertEquals("passwd", FileNames.display("../../etc/passwd"));
        assertEquals("evil.jpg", FileNames.display("..\\..\\evil.jpg"));
        assertEquals("photo.jpg", FileNames.display("pho\u0000to.jpg"));
        // U+202E RIGHT-TO-LEFT OVERRIDE would make "photo\u202Egpj.exe" read as "photoexe.jpg".
        assertEquals("photogpj.exe", FileNames.display("photo\u202Egpj.exe"));
        assertEquals("Été à Paris.jpg", FileNames.display("  Été   à Paris.jpg "));
        assertEquals("untitled", FileNames.display("../.."));
        assertEquals("untitled", FileNames.display(null));
    }

    @Test
    void longNamesKeepTheirExtension() {
        String name = FileNames.display("a".repeat(500) + ".jpeg");
        assertEquals(FileNames.MAX_DISPLAY, name.length());
        assertTrue(name.endsWith(".jpeg"));
    }

    @Test
    void keySegmentsAreAsciiAndNeverPaths() {
        assertEquals("ete-2026-final.jpg", FileNames.keySegment("Été 2026 (final).JPG"));
        assertEquals("passwd", FileNames.keySegment("../../etc/passwd"));
        assertEquals("original.jpg", FileNames.keySegment("照片.jpg"));
        String nasty = FileNames.keySegment("../a\u0000b\u202E/..\\c d.png");
        assertTrue(nasty.matches("[a-z0-9._-]+"), nasty);
        assertFalse(nasty.contains(".."), nasty);
        assertTrue(FileNames.keySegment("x".repeat(300) + ".tiff").length() <= FileNames.MAX_SEGMENT);
    }

    @Test
    void originalKeysRoundTripAndForeignKeysAreRefused() {
        String key = OriginalKeys.of("a-1", 3, "../My Photo.JPG");
        assertEquals("originals/a-1/3/my-photo.jpg", key);
        assertEquals(new OriginalKeys.Ref("a-1", 3), OriginalKeys.parse(key).orElseThrow());
        assertTrue(OriginalKeys.parse("originals/a-1/3/../x.jpg").isEmpty());
        assertTrue(OriginalKeys.parse("renditions/a-1/3/x.jpg").isEmpty());
        assertTrue(OriginalKeys.parse("originals/a-1/x/y.jpg").isEmpty());
    }
}
