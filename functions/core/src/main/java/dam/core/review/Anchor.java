package dam.core.review;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where an annotation is pinned: an image {@code region} (x, y, w, h relative to the image, 0..1), a PDF {@code page}
 * (1-based), a video/audio {@code time} range in seconds ({@code end} may equal {@code start}), or {@code none} (a
 * general comment on the version).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Anchor(String kind, Double x, Double y, Double w, Double h, Integer page, Double start, Double end) {

    public static final Anchor NONE = new Anchor("none", null, null, null, null, null, null, null);

    public Anchor {
        if (kind == null) {
            throw new IllegalArgumentException("anchor kind is required (region, page, time or none)");
        }
        switch (kind) {
            case "region" -> {
                if (x == null || y == null || w == null || h == null || page != null || start != null
                        || end != null) {
                    throw new IllegalArgumentException("a region anchor has exactly x, y, w and h");
                }
                if (!unit(x) || !unit(y) || !(w > 0) || !(h > 0) || x + w > 1 + 1e-9 || y + h > 1 + 1e-9) {
                    throw new IllegalArgumentException("a region lies within the image: 0 <= x, y and x + w, y + h "
                            + "<= 1 with w, h > 0 (relative units)");
                }
            }
            case "page" -> {
                if (page == null || page < 1 || page > 100_000 || x != null || start != null) {
                    throw new IllegalArgumentException("a page anchor has exactly a page number >= 1");
                }
            }
            case "time" -> {
                if (start == null || !(start >= 0) || start > 86_400 || (end != null && !(end >= start))
                        || x != null || page != null) {
                    throw new IllegalArgumentException("a time anchor has start >= 0 seconds and end >= start");
                }
            }
            case "none" -> {
                if (x != null || y != null || w != null || h != null || page != null || start != null
                        || end != null) {
                    throw new IllegalArgumentException("a general comment has no position");
                }
            }
            default -> throw new IllegalArgumentException("anchor kind is region, page, time or none, got '" + kind
                    + "'");
        }
    }

    public static Anchor region(double x, double y, double w, double h) {
        return new Anchor("region", x, y, w, h, null, null, null);
    }

    public static Anchor page(int page) {
        return new Anchor("page", null, null, null, null, page, null, null);
    }

    public static Anchor time(double start, Double end) {
        return new Anchor("time", null, null, null, null, null, start, end);
    }

    /** Short plain-text form for pages, mails and audit details. */
    public String describe() {
        return switch (kind) {
            case "region" -> String.format(java.util.Locale.ROOT, "region x=%.3f y=%.3f w=%.3f h=%.3f", x, y, w, h);
            case "page" -> "page " + page;
            case "time" -> String.format(java.util.Locale.ROOT, "at %.1fs", start)
                    + (end == null || end.equals(start) ? "" : String.format(java.util.Locale.ROOT, "–%.1fs", end));
            default -> "general";
        };
    }

    private static boolean unit(double v) {
        return v >= 0 && v <= 1;
    }
}
