package dam.core.search;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Normalised keyword tokens: Unicode-decomposed, accents dropped, lower case, split on anything that is not a letter
 * or digit; tokens of 2..40 characters. The same function runs at index and at query time, so "Café-Poster" finds
 * "cafe poster". Query syntax does not exist: quotes, operators, {@code $where} or {@code ' OR 1=1} are only words.
 */
public final class Tokens {

    public static final int MIN = 2;
    public static final int MAX = 40;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPLIT = Pattern.compile("[^\\p{L}\\p{N}]+");

    private Tokens() {
    }

    public static Set<String> of(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String t : SPLIT.split(fold(text))) {
            if (t.length() >= MIN && t.length() <= MAX) {
                out.add(t);
            }
        }
        return out;
    }

    /** Accents off, lower case: for tokens and for facet values. */
    public static String fold(String text) {
        if (text.chars().allMatch(c -> c < 0x80)) {
            return text.toLowerCase(Locale.ROOT); // nothing to decompose: the common case, much cheaper
        }
        return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("")
                .toLowerCase(Locale.ROOT);
    }

    /** A facet value as stored and as compared: folded and trimmed. */
    public static String value(String raw) {
        return raw == null ? null : fold(raw.trim());
    }

    /**
     * Title order key: the first 12 letters/digits/spaces of the folded title in base 37, so titles sort by a long;
     * leading punctuation is skipped; titles equal in their first 12 characters tie (broken by document number).
     */
    public static long titleKey(String title) {
        String t = title == null ? "" : fold(title);
        long key = 0;
        int n = 0;
        for (int i = 0; i < t.length() && n < 12; i++) {
            char c = t.charAt(i);
            int d;
            if (c >= 'a' && c <= 'z') {
                d = 11 + c - 'a';
            } else if (c >= '0' && c <= '9') {
                d = 1 + c - '0';
            } else if (n > 0 && (Character.isWhitespace(c) || c == '-' || c == '_')) {
                d = 0; // inner separators count, leading ones do not: the key starts where the bucket does
            } else {
                continue;
            }
            key = key * 37 + d;
            n++;
        }
        for (; n < 12; n++) {
            key *= 37;
        }
        return key;
    }

    /** Title bucket: the first letter or digit of the folded title, "!" (sorts first, like key 0) when none. */
    public static String titleBucket(String title) {
        String t = title == null ? "" : fold(title);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                return String.valueOf(c);
            }
        }
        return "!";
    }
}
