package dam.core.captions;

/**
 * Port: speech to captions (Amazon Transcribe in AWS). {@link #start} begins a job that writes a WebVTT file to
 * {@code outputPrefix + job.name() + ".vtt"}; its completion arrives later as an event. Where the service does not
 * exist (the local cloud) it throws {@link TranscriptionUnavailableException} — never a made-up transcript.
 */
public interface Transcriber {

    void start(TranscriptionJob job);
}
