package dam.core.asset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quality profiles as data: a default, per channel, and per brand+channel (most specific wins). Each failing check
 * reports the profile's {@code level} (warn or fail); passing checks report pass, so the version shows what was checked.
 */
public final class QualityProfiles {

    /** One profile; null fields are not checked. {@code transparency}: "required" or "forbidden". */
    public record Profile(String level, Integer minWidth, Integer minHeight, Double minDpi, List<String> colourSpaces,
                          Long minBytes, Long maxBytes, String transparency) {
    }

    private static final Pattern DIMENSIONS = Pattern.compile("(\\d{2,5})\\s*[x×]\\s*(\\d{2,5})");
    private static final Pattern RATIO = Pattern.compile("\\b(\\d{1,2})\\s*:\\s*(\\d{1,2})\\b");
    /** Relative aspect-ratio difference still accepted against a deliverable spec. */
    static final double ASPECT_TOLERANCE = 0.01;

    private final Profile fallback;
    private final Map<String, Profile> channels;
    private final Map<String, Map<String, Profile>> brands;

    QualityProfiles(Profile fallback, Map<String, Profile> channels, Map<String, Map<String, Profile>> brands) {
        this.fallback = fallback;
        this.channels = Map.copyOf(channels);
        this.brands = Map.copyOf(brands);
    }

    static QualityProfiles parse(ObjectMapper mapper, JsonNode node) {
        try {
            Profile fallback = mapper.treeToValue(node.path("default"), Profile.class);
            Map<String, Profile> channels = new HashMap<>();
            node.path("channels").fields().forEachRemaining(e -> channels.put(e.getKey(), convert(mapper, e.getValue())));
            Map<String, Map<String, Profile>> brands = new HashMap<>();
            node.path("brands").fields().forEachRemaining(b -> {
                Map<String, Profile> byChannel = new HashMap<>();
                b.getValue().fields().forEachRemaining(e -> byChannel.put(e.getKey(), convert(mapper, e.getValue())));
                brands.put(b.getKey(), byChannel);
            });
            return new QualityProfiles(fallback == null ? new Profile("warn", null, null, null, null, null, null, null)
                    : fallback, channels, brands);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("quality profiles are malformed: " + e.getOriginalMessage(), e);
        }
    }

    private static Profile convert(ObjectMapper mapper, JsonNode n) {
        return mapper.convertValue(n, Profile.class);
    }

    public Profile profileFor(String brand, String channel) {
        String b = brand == null ? "" : FileNames.slug(brand);
        String c = channel == null ? "" : channel.toLowerCase(Locale.ROOT);
        Map<String, Profile> brandProfiles = brands.getOrDefault(b, Map.of());
        if (brandProfiles.containsKey(c)) {
            return brandProfiles.get(c);
        }
        return channels.getOrDefault(c, fallback);
    }

    /**
     * Checks a described original against the brand/channel profile and, when given, the brief's deliverable formats
     * for the channel (e.g. "1080x1350 JPEG" or "16:9").
     */
    public List<QualityResult> evaluate(String brand, String channel, TechMetadata tech, long bytes,
                                        List<String> deliverableFormats) {
        Profile p = profileFor(brand, channel);
        QualityResult.Status failing = "fail".equalsIgnoreCase(p.level()) ? QualityResult.Status.FAIL
                : QualityResult.Status.WARN;
        List<QualityResult> out = new ArrayList<>();
        if (p.minBytes() != null || p.maxBytes() != null) {
            boolean ok = (p.minBytes() == null || bytes >= p.minBytes()) && (p.maxBytes() == null || bytes <= p.maxBytes());
            out.add(new QualityResult("file_size", ok ? QualityResult.Status.PASS : failing,
                    bytes + " bytes" + (ok ? "" : " (allowed " + bound(p.minBytes()) + ".." + bound(p.maxBytes()) + ")")));
        }
        if (tech.hasDimensions()) {
            int w = tech.displayWidth();
            int h = tech.displayHeight();
            if (p.minWidth() != null || p.minHeight() != null) {
                boolean ok = (p.minWidth() == null || w >= p.minWidth()) && (p.minHeight() == null || h >= p.minHeight());
                out.add(new QualityResult("min_dimensions", ok ? QualityResult.Status.PASS : failing,
                        w + "x" + h + (ok ? "" : " is below " + bound(p.minWidth()) + "x" + bound(p.minHeight()))));
            }
            for (String format : deliverableFormats) {
                aspect(format).ifPresent(ratio -> {
                    double actual = (double) w / h;
                    boolean ok = Math.abs(actual - ratio) / ratio <= ASPECT_TOLERANCE;
                    out.add(new QualityResult("aspect_ratio", ok ? QualityResult.Status.PASS : failing,
                            String.format(Locale.ROOT, "%.3f vs deliverable '%s' (%.3f)", actual, format, ratio)));
                });
            }
        }
        if (p.minDpi() != null) {
            Double dpi = tech.dpiX() == null ? null : Math.min(tech.dpiX(), tech.dpiY() == null ? tech.dpiX() : tech.dpiY());
            boolean ok = dpi != null && dpi >= p.minDpi();
            out.add(new QualityResult("dpi", ok ? QualityResult.Status.PASS : failing,
                    (dpi == null ? "no DPI recorded" : dpi + " dpi") + (ok ? "" : "; at least " + p.minDpi() + " needed")));
        }
        if (p.colourSpaces() != null && !p.colourSpaces().isEmpty() && tech.colourSpace() != null) {
            boolean ok = p.colourSpaces().stream().anyMatch(c -> c.equalsIgnoreCase(tech.colourSpace()));
            out.add(new QualityResult("colour_space", ok ? QualityResult.Status.PASS : failing,
                    tech.colourSpace() + (ok ? "" : " (expected one of " + p.colourSpaces() + ")")));
        }
        if (p.transparency() != null && tech.hasAlpha() != null) {
            boolean required = "required".equalsIgnoreCase(p.transparency());
            boolean ok = required == tech.hasAlpha();
            out.add(new QualityResult("transparency", ok ? QualityResult.Status.PASS : failing,
                    (tech.hasAlpha() ? "has" : "no") + " alpha channel; " + p.transparency()));
        }
        return out;
    }

    /** Width/height ratio a deliverable format asks for: "1080x1350 JPEG" → 0.8, "16:9" → 1.777. */
    static java.util.Optional<Double> aspect(String format) {
        if (format == null) {
            return java.util.Optional.empty();
        }
        Matcher m = DIMENSIONS.matcher(format);
        if (m.find()) {
            return java.util.Optional.of(Double.parseDouble(m.group(1)) / Double.parseDouble(m.group(2)));
        }
        m = RATIO.matcher(format);
        if (m.find() && Integer.parseInt(m.group(2)) > 0) {
            return java.util.Optional.of(Double.parseDouble(m.group(1)) / Double.parseDouble(m.group(2)));
        }
        return java.util.Optional.empty();
    }

    private static String bound(Number n) {
        return n == null ? "*" : n.toString();
    }
}
