package dam.media;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Locale;

/**
 * One configurable quality rule (data, per brand/channel): {@code {"check":"minPixels","width":1080,
 * "height":1080,"severity":"fail"}}. A rule that is not met yields its severity; missing information yields WARN.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "check")
@JsonSubTypes({
    @JsonSubTypes.Type(value = QualityRule.MinPixels.class, name = "minPixels"),
    @JsonSubTypes.Type(value = QualityRule.MinDpi.class, name = "minDpi"),
    @JsonSubTypes.Type(value = QualityRule.ColourSpace.class, name = "colourSpace"),
    @JsonSubTypes.Type(value = QualityRule.FileSize.class, name = "fileSize"),
    @JsonSubTypes.Type(value = QualityRule.Transparency.class, name = "transparency"),
    @JsonSubTypes.Type(value = QualityRule.AspectRatio.class, name = "aspectRatio")})
public sealed interface QualityRule {
    enum Severity { WARN, FAIL }

    Severity severity();

    /** Name used in results ("minPixels", ...). */
    String check();

    private static Severity orFail(Severity s) {
        return s == null ? Severity.FAIL : s;
    }

    /** Display dimensions at least width × height. */
    record MinPixels(int width, int height, Severity severity) implements QualityRule {
        public MinPixels {
            positive(width, "width");
            positive(height, "height");
            severity = orFail(severity);
        }

        public String check() {
            return "minPixels";
        }
    }

    /** Resolution for print deliverables. */
    record MinDpi(double dpi, Severity severity) implements QualityRule {
        public MinDpi {
            positive(dpi, "dpi");
            severity = orFail(severity);
        }

        public String check() {
            return "minDpi";
        }
    }

    /** Colour model (RGB, CMYK, GRAY) or ICC profile description must be one of {@code allowed}. */
    record ColourSpace(List<String> allowed, Severity severity) implements QualityRule {
        public ColourSpace {
            if (allowed == null || allowed.isEmpty()) {
                throw new IllegalArgumentException("colourSpace needs at least one allowed value");
            }
            allowed = allowed.stream().map(a -> a.toUpperCase(Locale.ROOT)).toList();
            severity = orFail(severity);
        }

        public String check() {
            return "colourSpace";
        }
    }

    /** File size within [minBytes, maxBytes]; either bound may be null. */
    record FileSize(Long minBytes, Long maxBytes, Severity severity) implements QualityRule {
        public FileSize {
            if (minBytes != null && minBytes < 0 || maxBytes != null && maxBytes < 1
                    || minBytes != null && maxBytes != null && minBytes > maxBytes) {
                throw new IllegalArgumentException("fileSize bounds are invalid: " + minBytes + ".." + maxBytes);
            }
            severity = orFail(severity);
        }

        public String check() {
            return "fileSize";
        }
    }

    /** An alpha channel is required (e.g. logos, cut-outs). */
    record Transparency(Severity severity) implements QualityRule {
        public Transparency {
            severity = orFail(severity);
        }

        public String check() {
            return "transparency";
        }
    }

    /** Display aspect ratio width:height within a relative tolerance (default 1%). */
    record AspectRatio(int width, int height, Double tolerance, Severity severity) implements QualityRule {
        public AspectRatio {
            positive(width, "width");
            positive(height, "height");
            tolerance = tolerance == null ? 0.01 : tolerance;
            if (tolerance < 0 || tolerance > 1) {
                throw new IllegalArgumentException("aspectRatio tolerance must be 0..1");
            }
            severity = orFail(severity);
        }

        public String check() {
            return "aspectRatio";
        }
    }

    private static void positive(double v, String what) {
        if (!(v > 0)) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
