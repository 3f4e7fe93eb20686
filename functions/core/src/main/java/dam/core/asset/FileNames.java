package dam.core.asset;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Names from users made safe. A display name keeps the user's words (any script) but loses control characters, NUL,
 * bidirectional overrides (the "photo‮gpj.exe" trick), path separators and any directory part; a key segment is
 * ASCII {@code [a-z0-9._-]} only, so S3 keys never carry user-supplied paths.
 */
public final class FileNames {

    static final int MAX_DISPLAY = 200;
    static final int MAX_SEGMENT = 100;

    private FileNames() {
    }

    /** The name people see: last path element, no control/format characters, NFC, trimmed, at most 200 chars. */
    public static String display(String raw) {
        if (raw == null) {
            return "untitled";
        }
        String s = Normalizer.normalize(raw, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (cp == '/' || cp == '\\') {
                out.setLength(0); // only the last path element counts: "../../etc/passwd" → "passwd"
            } else if (type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
                    && type != Character.PRIVATE_USE && type != Character.SURROGATE) {
                out.appendCodePoint(Character.isWhitespace(cp) ? ' ' : cp);
            }
        });
        String name = out.toString().replaceAll(" {2,}", " ").strip();
        while (name.startsWith(".")) {
            name = name.substring(1).strip(); // no hidden files, no "..": leading dots carry no meaning for people
        }
        if (name.isEmpty()) {
            return "untitled";
        }
        return name.length() <= MAX_DISPLAY ? name : truncateKeepingExtension(name, MAX_DISPLAY);
    }

    /** One safe key segment from a display name: "Été 2026 (final).JPG" → "ete-2026-final.jpg". */
    public static String keySegment(String displayName) {
        String ascii = Normalizer.normalize(display(displayName), Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        String ext = extension(ascii);
        String base = ext.isEmpty() ? ascii : ascii.substring(0, ascii.length() - ext.length() - 1);
        String slug = slug(base);
        if (slug.isEmpty()) {
            slug = "original";
        }
        String safeExt = slug(ext);
        int room = MAX_SEGMENT - (safeExt.isEmpty() ? 0 : safeExt.length() + 1);
        if (slug.length() > room) {
            slug = slug.substring(0, room).replaceAll("-+$", "");
        }
        return safeExt.isEmpty() ? slug : slug + "." + safeExt;
    }

    /** Lower-case extension without the dot, or "" (only letters and digits count as an extension). */
    public static String extension(String name) {
        int dot = name == null ? -1 : name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return "";
        }
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return ext.matches("[a-z0-9]{1,10}") ? ext : "";
    }

    /** Lower-case ASCII words joined by '-'. */
    public static String slug(String text) {
        String ascii = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }

    private static String truncateKeepingExtension(String name, int max) {
        String ext = extension(name);
        if (ext.isEmpty()) {
            return name.substring(0, max).strip();
        }
        int keep = max - ext.length() - 1;
        return name.substring(0, keep).strip() + "." + ext;
    }
}
