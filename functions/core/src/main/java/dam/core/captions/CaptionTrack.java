package dam.core.captions;

import java.time.Instant;

/**
 * The caption track of one language of an asset: the file as uploaded (or as Amazon Transcribe wrote it) at
 * {@code key} in the originals bucket, next to the version it belongs to; {@code source} is {@code upload} or
 * {@code transcribe}.
 */
public record CaptionTrack(String assetId, String lang, CaptionFormat format, String source, int version, String key,
                           int cues, String uploadedBy, Instant uploadedAt) {

    public static final String UPLOAD = "upload";
    public static final String TRANSCRIBE = "transcribe";
}
