package dam.core.captions;

import java.util.Locale;
import java.util.Optional;

/** The caption file formats the product accepts and converts between. */
public enum CaptionFormat {
    SRT("application/x-subrip", "srt"),
    WEBVTT("text/vtt", "vtt");

    private final String contentType;
    private final String extension;

    CaptionFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** "srt", "vtt", "webvtt" (any case) → the format; anything else empty. */
    public static Optional<CaptionFormat> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "srt", "subrip" -> Optional.of(SRT);
            case "vtt", "webvtt" -> Optional.of(WEBVTT);
            default -> Optional.empty();
        };
    }

    /** A WebVTT file must start with "WEBVTT"; anything else is read as SRT (which has no signature). */
    public static CaptionFormat sniff(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return body.startsWith("WEBVTT") ? WEBVTT : SRT;
    }
}
