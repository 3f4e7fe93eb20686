package dam.core.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dam.core.FieldError;
import dam.core.ValidationException;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaptionsTest {

    private static final String SRT = """
            1
            00:00:01,000 --> 00:00:04,250
            Hello <i>world</i> & friends

            2
            00:00:05,500 --> 00:01:02,003
            <font color="#ff0000">Second</font> cue
            on two lines

            3
            01:00:00,000 --> 01:00:00,001
            a < b
            """;

    @Test
    void srtConvertsToVttExactly() {
        assertEquals("""
                WEBVTT

                1
                00:00:01.000 --> 00:00:04.250
                Hello <i>world</i> &amp; friends

                2
                00:00:05.500 --> 00:01:02.003
                Second cue
                on two lines

                3
                01:00:00.000 --> 01:00:00.001
                a &lt; b
                """, Captions.convert(SRT, CaptionFormat.WEBVTT));
    }

    @Test
    void vttConvertsBackToTheSameCanonicalSrt() {
        String srt = Captions.convert(Captions.convert(SRT, CaptionFormat.WEBVTT), CaptionFormat.SRT);

        assertEquals(Captions.convert(SRT, CaptionFormat.SRT), srt);
        assertTrue(srt.startsWith("1\n00:00:01,000 --> 00:00:04,250\nHello <i>world</i> & friends\n\n2\n"), srt);
        assertTrue(srt.endsWith("3\n01:00:00,000 --> 01:00:00,001\na < b\n"), srt);
    }

    @Test
    void vttFeaturesAreReadAndDroppedWhereSrtHasNoEquivalent() {
        String vtt = """
                WEBVTT - English subtitles
                Kind: captions

                NOTE written by the agency
                over two lines

                STYLE
                ::cue { color: yellow }

                intro
                00:01.000 --> 00:02.500 align:start position:10%
                <v Ana>Hi</v> <c.loud>there</c> <00:01.500>now

                00:03.000 --> 00:04.000
                plain
                """;

        List<Cue> cues = Captions.parse(vtt, CaptionFormat.WEBVTT);

        assertEquals(List.of(new Cue("intro", 1000, 2500, "<v Ana>Hi</v> <c.loud>there</c> <00:01.500>now"),
                new Cue("", 3000, 4000, "plain")), cues);
        assertEquals("""
                1
                00:00:01,000 --> 00:00:02,500
                Hi there now

                2
                00:00:03,000 --> 00:00:04,000
                plain
                """, Captions.toSrt(cues));
    }

    @Test
    void crlfAndByteOrderMarkAreAccepted() {
        String windows = "\uFEFF1\r\n00:00:01,000 --> 00:00:02,000\r\nHi\r\n";

        assertEquals(List.of(new Cue("1", 1000, 2000, "Hi")), Captions.parse(windows, CaptionFormat.sniff(windows)));
    }

    @Test
    void malformedSrtIsRejectedWithTheLineNumberOfEveryProblem() {
        String bad = """
                1
                00:00:01,000 --> 00:00:02,000
                fine

                2
                00:00:03,000 -> 00:00:04,000
                arrow typo

                3
                00:00:09,000 --> 00:00:05,000
                backwards

                four
                00:00:10,000 --> 00:00:11,000
                not numbered
                """;

        ValidationException e = assertThrows(ValidationException.class, () -> Captions.parse(bad, CaptionFormat.SRT));

        assertEquals(List.of("captions.line[6]", "captions.line[10]", "captions.line[13]"),
                e.errors().stream().map(FieldError::field).toList());
        assertEquals("line 10: the cue ends (00:00:05.000) before it starts (00:00:09.000)", e.errors().get(1).message());
    }

    @Test
    void errorsExplainWhatWasExpected() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> Captions.parse("1\n00:00:01 --> 00:00:02\nx\n", CaptionFormat.SRT));

        assertEquals(List.of("line 2: expected a timing line 'HH:MM:SS,mmm --> HH:MM:SS,mmm', found "
                + "'00:00:01 --> 00:00:02'"), e.errors().stream().map(FieldError::message).toList());
    }

    @Test
    void emptyFilesAndFilesWithoutCuesAreRejected() {
        assertEquals(FieldError.Codes.REQUIRED, assertThrows(ValidationException.class,
                () -> Captions.parse("  \n", CaptionFormat.SRT)).errors().get(0).code());
        assertEquals("line 4: the file has no cues", assertThrows(ValidationException.class,
                () -> Captions.parse("WEBVTT\n\nNOTE only a note\n", CaptionFormat.WEBVTT)).errors().get(0).message());
        assertEquals("line 2: the cue has no text", assertThrows(ValidationException.class,
                () -> Captions.parse("1\n00:00:01,000 --> 00:00:02,000\n\n", CaptionFormat.SRT)).errors().get(0)
                .message());
    }

    @Test
    void vttWithoutHeaderAndCueTextWithArrowAreRejected() {
        assertEquals("line 1: a WebVTT file starts with 'WEBVTT'", assertThrows(ValidationException.class,
                () -> Captions.parse("00:01.000 --> 00:02.000\nx\n", CaptionFormat.WEBVTT)).errors().get(0).message());
        assertEquals("captions.line[4]", assertThrows(ValidationException.class,
                () -> Captions.parse("WEBVTT\n\n00:01.000 --> 00:02.000\n00:03.000 --> 00:04.000\n",
                        CaptionFormat.WEBVTT)).errors().get(0).field());
    }

    @Test
    void oversizedInputIsRejectedBeforeParsing() {
        String huge = "x".repeat(Captions.MAX_CHARS + 1);

        assertEquals(FieldError.Codes.TOO_LONG, assertThrows(ValidationException.class,
                () -> Captions.parse(huge, CaptionFormat.SRT)).errors().get(0).code());
    }

    @Test
    void formatsAreSniffedAndNamed() {
        assertEquals(CaptionFormat.WEBVTT, CaptionFormat.sniff("WEBVTT\n"));
        assertEquals(CaptionFormat.SRT, CaptionFormat.sniff("1\n00:00:01,000 --> 00:00:02,000\n"));
        assertEquals(Optional.of(CaptionFormat.WEBVTT), CaptionFormat.named("VTT"));
        assertEquals(Optional.empty(), CaptionFormat.named("ass"));
    }
}
