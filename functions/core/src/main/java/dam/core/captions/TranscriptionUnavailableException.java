package dam.core.captions;

/** Speech-to-text is not offered where this runs (the local cloud has no Amazon Transcribe): the API answers 501. */
public final class TranscriptionUnavailableException extends RuntimeException {

    public TranscriptionUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
