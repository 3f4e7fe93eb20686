package dam.core.asset;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a brand's naming template, e.g. {@code {brand}_{campaign}_{channel}_{w}x{h}_v{n}} →
 * {@code acme_spring-sale_social_6000x4000_v3.jpg}. Values are slugged. A segment (text between '_' separators) with
 * an unknown value is left out whole, so a missing campaign yields "acme_social_…", never "acme__social".
 */
public final class StandardNames {

    private static final Pattern TOKEN = Pattern.compile("\\{(\\w+)}");

    private StandardNames() {
    }

    public static String apply(String template, Map<String, String> values, String extension) {
        StringBuilder out = new StringBuilder();
        for (String segment : template.split("_")) {
            String filled = fill(segment, values);
            if (filled != null && !filled.isEmpty()) {
                out.append(out.isEmpty() ? "" : "_").append(filled);
            }
        }
        String name = out.isEmpty() ? "asset" : out.toString();
        return extension == null || extension.isEmpty() ? name : name + "." + extension;
    }

    /** The segment with its tokens replaced, or null when one of them has no value. */
    private static String fill(String segment, Map<String, String> values) {
        Matcher m = TOKEN.matcher(segment);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            String slug = v == null ? "" : FileNames.slug(v);
            if (slug.isEmpty()) {
                return null;
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(slug));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
