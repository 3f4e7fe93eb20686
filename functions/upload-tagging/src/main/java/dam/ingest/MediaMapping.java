package dam.ingest;

import dam.core.asset.Reason;
import dam.core.asset.TechMetadata;
import dam.media.MediaException;
import dam.media.ReasonCode;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** From the media library's types to the domain's. */
public final class MediaMapping {

    /** Stored per version; keeps the item well under DynamoDB's 400 KB. */
    static final int MAX_FIELDS = 60;
    static final int MAX_FIELD_CHARS = 300;

    private MediaMapping() {
    }

    public static TechMetadata tech(dam.media.TechMetadata m) {
        Map<String, String> fields = new TreeMap<>();
        m.fields().entrySet().stream().limit(MAX_FIELDS).forEach(e -> fields.put(e.getKey(),
                e.getValue().length() <= MAX_FIELD_CHARS ? e.getValue() : e.getValue().substring(0, MAX_FIELD_CHARS)));
        Long durationMs = m.durationSeconds() == null ? null : Math.round(m.durationSeconds() * 1000);
        String codec = m.videoCodec() != null ? m.videoCodec() : m.audioCodec();
        return new TechMetadata(m.mediaType(), m.width(), m.height(), m.orientation(), m.colourModel(),
                m.iccProfile(), m.dpiX(), m.dpiY(), m.hasAlpha(), m.pageCount(), durationMs, codec, fields);
    }

    public static Reason reason(ReasonCode code, String detail) {
        String message = detail == null || detail.isBlank() ? code.description() : detail;
        return new Reason(code.name().toLowerCase(Locale.ROOT), message);
    }

    public static Reason reason(MediaException e) {
        return reason(e.reason(), e.reason().description() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    /** Types we can draw: renditions, perceptual hash and AI tags apply. */
    public static boolean visual(String mediaType) {
        return mediaType != null && (mediaType.startsWith("image/") && !mediaType.contains("svg")
                || mediaType.equals("application/pdf"));
    }
}
