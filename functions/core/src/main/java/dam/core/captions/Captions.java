package dam.core.captions;

import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ValidationException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes SRT and WebVTT caption files. Reading is strict where players disagree (a timing line that does
 * not parse, a cue ending before it starts) and reports every problem with its 1-based line number, so an editor can
 * fix the file in one go; nothing about a rejected file is kept. Writing produces the canonical form of each format,
 * which makes conversion exact and repeatable (SRT → VTT → SRT gives the same SRT).
 */
public final class Captions {

    /** Larger files are not captions (a feature film's SRT is ~100 kB). */
    public static final int MAX_CHARS = 2_000_000;
    public static final int MAX_CUES = 20_000;
    private static final int MAX_ERRORS = 50;

    // SRT: 00:00:01,000 --> 00:00:04,000 (a '.' separator is common in the wild and unambiguous, so it is accepted).
    private static final Pattern SRT_TIMING = Pattern.compile(
            "(\\d{2,3}):([0-5]\\d):([0-5]\\d)[,.](\\d{3})\\s+-->\\s+(\\d{2,3}):([0-5]\\d):([0-5]\\d)[,.](\\d{3})"
                    + "(?:\\s+X1:\\d+\\s+X2:\\d+\\s+Y1:\\d+\\s+Y2:\\d+)?\\s*");
    // WebVTT: [hh:]mm:ss.ttt --> [hh:]mm:ss.ttt [cue settings]
    private static final Pattern VTT_TIMING = Pattern.compile(
            "(?:(\\d{2,3}):)?([0-5]\\d):([0-5]\\d)\\.(\\d{3})[ \\t]+-->[ \\t]+(?:(\\d{2,3}):)?([0-5]\\d):([0-5]\\d)\\.(\\d{3})"
                    + "((?:[ \\t]+\\S+)*)[ \\t]*");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z]+)(?:[.\\s][^>]*)?>|<[0-9:.]+>|\\{\\\\[^}]*}");

    private Captions() {
    }

    /** Parses {@code text} in {@code format}; throws with every problem found, each naming its line. */
    public static List<Cue> parse(String text, CaptionFormat format) {
        if (text == null || text.isBlank()) {
            throw new ValidationException(new FieldError("captions", Codes.REQUIRED, "the caption file is empty"));
        }
        if (text.length() > MAX_CHARS) {
            throw new ValidationException(new FieldError("captions", Codes.TOO_LONG,
                    "caption files are limited to " + MAX_CHARS + " characters"));
        }
        String[] lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r\n|\r|\n", -1);
        Reader reader = new Reader(lines);
        List<Cue> cues = format == CaptionFormat.SRT ? reader.srt() : reader.vtt();
        if (reader.errors.isEmpty() && cues.isEmpty()) {
            reader.error(lines.length, Codes.REQUIRED, "the file has no cues");
        }
        if (!reader.errors.isEmpty()) {
            throw new ValidationException(reader.errors);
        }
        return List.copyOf(cues);
    }

    /** The file as WebVTT: header, blank line, cues with their identifiers; text escaped where VTT needs it. */
    public static String toVtt(List<Cue> cues) {
        StringBuilder out = new StringBuilder("WEBVTT\n");
        for (Cue cue : cues) {
            out.append('\n');
            if (!cue.id().isEmpty()) {
                out.append(cue.id()).append('\n');
            }
            out.append(time(cue.startMs(), '.')).append(" --> ").append(time(cue.endMs(), '.')).append('\n');
            out.append(vttText(cue.text())).append('\n');
        }
        return out.toString();
    }

    /** The file as SRT: cues numbered from 1 in order (SRT counters are positions, not names). */
    public static String toSrt(List<Cue> cues) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (Cue cue : cues) {
            if (n > 0) {
                out.append('\n');
            }
            out.append(++n).append('\n');
            out.append(time(cue.startMs(), ',')).append(" --> ").append(time(cue.endMs(), ',')).append('\n');
            out.append(srtText(cue.text())).append('\n');
        }
        return out.toString();
    }

    /** Converts a caption file to {@code target} (parsing it in its own sniffed format). */
    public static String convert(String text, CaptionFormat target) {
        List<Cue> cues = parse(text, CaptionFormat.sniff(text));
        return target == CaptionFormat.SRT ? toSrt(cues) : toVtt(cues);
    }

    static String time(long ms, char separator) {
        return String.format("%02d:%02d:%02d%c%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, separator,
                ms % 1000);
    }

    /** Keeps b/i/u tags, drops other markup (VTT classes, voices, inline timestamps, SRT font and ASS tags). */
    private static String basicMarkup(String text) {
        Matcher m = TAG.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2) == null ? "" : m.group(2).toLowerCase();
            String keep = name.equals("b") || name.equals("i") || name.equals("u") ? "<" + m.group(1) + name + ">" : "";
            m.appendReplacement(out, Matcher.quoteReplacement(keep));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String srtText(String text) {
        return basicMarkup(text).replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", "\u00A0")
                .replace("&amp;", "&");
    }

    /** VTT forbids a bare '<' that starts no tag, a bare '&', and "-->" in cue text. */
    private static String vttText(String text) {
        String plain = srtText(text);
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("</?[biu]>").matcher(plain);
        int at = 0;
        while (m.find()) {
            out.append(escapeVtt(plain.substring(at, m.start()))).append(m.group());
            at = m.end();
        }
        return out.append(escapeVtt(plain.substring(at))).toString();
    }

    private static String escapeVtt(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A line cursor that collects errors instead of stopping at the first. */
    private static final class Reader {
        private final String[] lines;
        private final List<FieldError> errors = new ArrayList<>();
        private int at;

        Reader(String[] lines) {
            this.lines = lines;
        }

        List<Cue> srt() {
            List<Cue> cues = new ArrayList<>();
            while (more()) {
                skipBlank();
                if (!more()) {
                    break;
                }
                int counterLine = at;
                String counter = lines[at++].trim();
                if (!counter.matches("\\d+")) {
                    error(counterLine, Codes.INVALID, "expected a cue number, found '" + clip(counter) + "'");
                    skipBlock();
                    continue;
                }
                if (!more()) {
                    error(counterLine, Codes.INVALID, "cue " + counter + " has no timing line");
                    break;
                }
                Matcher m = SRT_TIMING.matcher(lines[at]);
                if (!m.matches()) {
                    error(at, Codes.INVALID, "expected a timing line 'HH:MM:SS,mmm --> HH:MM:SS,mmm', found '"
                            + clip(lines[at]) + "'");
                    skipBlock();
                    continue;
                }
                int timingLine = at++;
                add(cues, counter, millis(m, 1), millis(m, 5), text(timingLine), timingLine);
                if (cues.size() > MAX_CUES) {
                    error(timingLine, Codes.TOO_MANY, "more than " + MAX_CUES + " cues");
                    break;
                }
            }
            return cues;
        }

        List<Cue> vtt() {
            List<Cue> cues = new ArrayList<>();
            String header = lines[0];
            if (!(header.equals("WEBVTT") || header.startsWith("WEBVTT ") || header.startsWith("WEBVTT\t"))) {
                error(0, Codes.INVALID, "a WebVTT file starts with 'WEBVTT'");
                return cues;
            }
            at = 1;
            skipBlock(); // header metadata lines up to the first blank line
            while (more()) {
                skipBlank();
                if (!more()) {
                    break;
                }
                String first = lines[at];
                if (first.startsWith("NOTE") || first.equals("STYLE") || first.equals("REGION")) {
                    skipBlock();
                    continue;
                }
                String id = "";
                if (!first.contains("-->")) {
                    id = first.trim();
                    at++;
                }
                if (!more()) {
                    error(at - 1, Codes.INVALID, "cue '" + clip(id) + "' has no timing line");
                    break;
                }
                Matcher m = VTT_TIMING.matcher(lines[at]);
                if (!m.matches()) {
                    error(at, Codes.INVALID, "expected a timing line '[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt', found '"
                            + clip(lines[at]) + "'");
                    skipBlock();
                    continue;
                }
                int timingLine = at++;
                add(cues, id, millis(m, 1), millis(m, 5), text(timingLine), timingLine);
                if (cues.size() > MAX_CUES) {
                    error(timingLine, Codes.TOO_MANY, "more than " + MAX_CUES + " cues");
                    break;
                }
            }
            return cues;
        }

        private void add(List<Cue> cues, String id, long start, long end, String text, int timingLine) {
            if (end <= start) {
                error(timingLine, Codes.INVALID, "the cue ends (" + time(end, '.') + ") before it starts ("
                        + time(start, '.') + ")");
            } else if (text.isBlank()) {
                error(timingLine, Codes.REQUIRED, "the cue has no text");
            } else if (text.contains("-->")) {
                error(timingLine + 1, Codes.INVALID, "cue text may not contain '-->' (a missing blank line?)");
            } else {
                cues.add(new Cue(id, start, end, text));
            }
        }

        private String text(int timingLine) {
            StringBuilder text = new StringBuilder();
            while (more() && !lines[at].isBlank()) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(lines[at++].strip());
            }
            return text.toString();
        }

        private boolean more() {
            return at < lines.length;
        }

        private void skipBlank() {
            while (more() && lines[at].isBlank()) {
                at++;
            }
        }

        private void skipBlock() {
            while (more() && !lines[at].isBlank()) {
                at++;
            }
        }

        void error(int index, String code, String message) {
            if (errors.size() < MAX_ERRORS) {
                int line = Math.min(index, lines.length - 1) + 1;
                errors.add(new FieldError("captions.line[" + line + "]", code, "line " + line + ": " + message));
            }
        }

        private static String clip(String s) {
            return s.length() > 60 ? s.substring(0, 60) + "…" : s;
        }
    }

    private static long millis(Matcher m, int group) {
        long hours = m.group(group) == null ? 0 : Long.parseLong(m.group(group));
        return ((hours * 60 + Long.parseLong(m.group(group + 1))) * 60 + Long.parseLong(m.group(group + 2))) * 1000
                + Long.parseLong(m.group(group + 3));
    }
}
