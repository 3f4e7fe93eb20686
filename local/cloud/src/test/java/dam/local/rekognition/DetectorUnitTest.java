package dam.local.rekognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of the detectors: Tesseract TSV parsing and noise filtering, Haar weight → confidence. */
class DetectorUnitTest {

    private static final String HEADER =
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";

    private static String row(int level, int line, int word, int left, int top, int w, int h, double conf,
                              String text) {
        return level + "\t1\t1\t1\t" + line + "\t" + word + "\t" + left + "\t" + top + "\t" + w + "\t" + h + "\t"
                + conf + "\t" + text + "\n";
    }

    @Test
    void groupsWordsIntoLinesAndDropsNoise() {
        String tsv = HEADER
                + row(4, 1, 0, 10, 20, 300, 40, -1, "")
                + row(5, 1, 1, 10, 20, 100, 40, 96.5, "Hello")
                + row(5, 1, 2, 120, 22, 190, 38, 91.0, "world")
                + row(5, 1, 3, 320, 20, 10, 40, 95.0, "|")          // no letter or digit: texture
                + row(4, 2, 0, 10, 100, 200, 40, -1, "")
                + row(5, 2, 1, 10, 100, 90, 40, 31.0, "xqzt")       // Tesseract itself is unsure
                + row(5, 2, 2, 110, 100, 100, 40, 88.0, "2026")
                + row(5, 3, 1, 10, 180, 50, 40, 20.0, "~~");        // a line of nothing but noise

        List<TextLine> lines = TesseractTextDetector.parse(tsv, 1000, 500);

        assertEquals(List.of("Hello world", "2026"), lines.stream().map(TextLine::text).toList());
        TextLine first = lines.get(0);
        assertEquals((96.5 + 91.0) / 2, first.confidence(), 1e-9);
        assertEquals(new Box(0.01, 0.04, 0.3, 0.08), round(first.box()));
        assertEquals(new Box(0.12, 0.044, 0.19, 0.076), round(first.words().get(1).box()));
    }

    @Test
    void keepsAtMostOneHundredWordsLikeAws() {
        StringBuilder tsv = new StringBuilder(HEADER);
        for (int i = 1; i <= 130; i++) {
            tsv.append(row(5, i, 1, 0, i * 10, 50, 8, 90.0, "w" + i));
        }

        List<TextLine> lines = TesseractTextDetector.parse(tsv.toString(), 100, 2000);

        assertEquals(TesseractTextDetector.MAX_WORDS, lines.stream().mapToInt(l -> l.words().size()).sum());
        assertEquals("w100", lines.get(lines.size() - 1).text());
    }

    @Test
    void haarWeightsMapToConfidenceAroundTheKeepThreshold() {
        assertEquals(50.0, HaarFaceDetector.confidence(HaarFaceDetector.MIN_WEIGHT), 1e-9);
        double previous = 50.0;
        for (double w = 3.5; w < 15; w += 0.5) {
            double c = HaarFaceDetector.confidence(w);
            assertTrue(c >= previous && c <= 100.0, w + " -> " + c);
            previous = c;
        }
        assertTrue(HaarFaceDetector.confidence(10) > 99.0);
    }

    @Test
    void boxesAreClampedToTheImage() {
        assertEquals(new Box(0.0, 0.5, 0.25, 0.5), Box.ofPixels(-10, 50, 35, 80, 100, 100));
    }

    private static Box round(Box b) {
        return new Box(r(b.left()), r(b.top()), r(b.width()), r(b.height()));
    }

    private static double r(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
