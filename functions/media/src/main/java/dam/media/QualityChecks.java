package dam.media;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.media.QualityResult.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Evaluates a rule set (data) against a file's {@link TechMetadata}: one result per rule, never an exception. */
public record QualityChecks(List<QualityRule> rules) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE);

    public QualityChecks {
        rules = List.copyOf(rules);
    }

    /** Parses {@code [{"check":"minPixels","width":1080,"height":1080,"severity":"fail"}, ...]}. */
    public static QualityChecks fromJson(InputStream json) {
        try {
            return new QualityChecks(JSON.readValue(json, new TypeReference<List<QualityRule>>() { }));
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid quality rules: " + e.getMessage(), e);
        }
    }

    public List<QualityResult> evaluate(TechMetadata md) {
        List<QualityResult> out = new ArrayList<>();
        for (QualityRule rule : rules) {
            out.add(evaluate(rule, md));
        }
        return out;
    }

    /** FAIL if any rule failed, else WARN if any warned, else PASS. */
    public static Status overall(List<QualityResult> results) {
        Status worst = Status.PASS;
        for (QualityResult r : results) {
            if (r.status().ordinal() > worst.ordinal()) {
                worst = r.status();
            }
        }
        return worst;
    }

    private static QualityResult evaluate(QualityRule rule, TechMetadata md) {
        String name = rule.check();
        Status bad = rule.severity() == QualityRule.Severity.FAIL ? Status.FAIL : Status.WARN;
        if (rule instanceof QualityRule.MinPixels r) {
            return minPixels(r, md, name, bad);
        } else if (rule instanceof QualityRule.MinDpi r) {
            return minDpi(r, md, name, bad);
        } else if (rule instanceof QualityRule.ColourSpace r) {
            return colourSpace(r, md, name, bad);
        } else if (rule instanceof QualityRule.FileSize r) {
            return fileSize(r, md, name, bad);
        } else if (rule instanceof QualityRule.Transparency) {
            return new QualityResult(name, md.hasAlpha() ? Status.PASS : bad,
                    md.hasAlpha() ? "has an alpha channel" : "no alpha channel; transparency is required");
        }
        return aspectRatio((QualityRule.AspectRatio) rule, md, name, bad);
    }

    private static QualityResult minPixels(QualityRule.MinPixels r, TechMetadata md, String name, Status bad) {
        if (md.displayWidth() == null || md.displayHeight() == null) {
            return new QualityResult(name, Status.WARN, "pixel dimensions unknown for " + md.mediaType());
        }
        boolean ok = md.displayWidth() >= r.width() && md.displayHeight() >= r.height();
        return new QualityResult(name, ok ? Status.PASS : bad, md.displayWidth() + "×" + md.displayHeight()
                + (ok ? " meets " : " is below ") + r.width() + "×" + r.height());
    }

    private static QualityResult minDpi(QualityRule.MinDpi r, TechMetadata md, String name, Status bad) {
        Double dpi = md.dpiX() == null ? null : Math.min(md.dpiX(), md.dpiY() == null ? md.dpiX() : md.dpiY());
        if (dpi == null) {
            return new QualityResult(name, Status.WARN, "the file declares no resolution; "
                    + r.dpi() + " dpi required");
        }
        boolean ok = dpi >= r.dpi();
        return new QualityResult(name, ok ? Status.PASS : bad, fmt(dpi) + " dpi"
                + (ok ? " meets " : " is below ") + fmt(r.dpi()) + " dpi");
    }

    private static QualityResult colourSpace(QualityRule.ColourSpace r, TechMetadata md, String name, Status bad) {
        if (md.colourModel() == null && md.iccProfile() == null) {
            return new QualityResult(name, Status.WARN, "colour space unknown");
        }
        boolean ok = matches(r.allowed(), md.colourModel()) || matches(r.allowed(), md.iccProfile());
        String actual = md.colourModel() + (md.iccProfile() == null ? "" : " (" + md.iccProfile() + ")");
        return new QualityResult(name, ok ? Status.PASS : bad, actual + (ok ? " is" : " is not")
                + " one of " + r.allowed());
    }

    private static QualityResult fileSize(QualityRule.FileSize r, TechMetadata md, String name, Status bad) {
        long s = md.sizeBytes();
        if (r.minBytes() != null && s < r.minBytes()) {
            return new QualityResult(name, bad, s + " bytes is below the minimum " + r.minBytes());
        }
        if (r.maxBytes() != null && s > r.maxBytes()) {
            return new QualityResult(name, bad, s + " bytes is above the maximum " + r.maxBytes());
        }
        return new QualityResult(name, Status.PASS, s + " bytes is within bounds");
    }

    private static QualityResult aspectRatio(QualityRule.AspectRatio r, TechMetadata md, String name, Status bad) {
        if (md.displayWidth() == null || md.displayHeight() == null) {
            return new QualityResult(name, Status.WARN, "pixel dimensions unknown for " + md.mediaType());
        }
        double want = (double) r.width() / r.height();
        double got = (double) md.displayWidth() / md.displayHeight();
        double err = Math.abs(got - want) / want;
        boolean ok = err <= r.tolerance();
        return new QualityResult(name, ok ? Status.PASS : bad, String.format(Locale.ROOT,
                "aspect %.4f vs %d:%d (%.4f), off by %.2f%%", got, r.width(), r.height(), want, err * 100));
    }

    private static boolean matches(List<String> allowed, String value) {
        return value != null && allowed.contains(value.toUpperCase(Locale.ROOT));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
