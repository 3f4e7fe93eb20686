package dam.core.asset;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The originals key layout: {@code originals/<assetId>/<version>/<safe file name>}. */
public final class OriginalKeys {

    public static final String PREFIX = "originals/";
    private static final Pattern KEY = Pattern.compile("^originals/([A-Za-z0-9-]{1,64})/([0-9]{1,6})/[a-z0-9._-]{1,100}$");

    private OriginalKeys() {
    }

    public static String of(String assetId, int version, String fileName) {
        return PREFIX + assetId + "/" + version + "/" + FileNames.keySegment(fileName);
    }

    /** Asset id and version of a key in our layout; empty for anything else. */
    public static Optional<Ref> parse(String key) {
        Matcher m = key == null ? null : KEY.matcher(key);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Ref(m.group(1), Integer.parseInt(m.group(2))));
    }

    public record Ref(String assetId, int version) {
    }
}
