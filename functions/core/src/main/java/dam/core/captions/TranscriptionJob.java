package dam.core.captions;

import java.time.Instant;

/**
 * A "generate captions" request: the job {@code name} (unique, also the output file's name), the media at
 * {@code mediaKey} of version {@code version}, the caption language {@code lang} as Transcribe's language code, and
 * where the result lands ({@code outputPrefix}). {@code state} is {@code started}, {@code completed} or
 * {@code failed}.
 */
public record TranscriptionJob(String name, String assetId, int version, String lang, String mediaKey,
                               String outputPrefix, String requestedBy, Instant requestedAt, String state,
                               String failure) {

    public String vttKey() {
        return outputPrefix + name + ".vtt";
    }

    public TranscriptionJob finished(String newState, String why) {
        return new TranscriptionJob(name, assetId, version, lang, mediaKey, outputPrefix, requestedBy, requestedAt,
                newState, why);
    }
}
