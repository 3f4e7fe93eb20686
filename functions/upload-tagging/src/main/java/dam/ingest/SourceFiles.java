package dam.ingest;

/** Port: where a submitted file's bytes come from (an incoming/ object or an HTTPS URL) and copying them in. */
public interface SourceFiles {

    /** Size in bytes of the source; a missing or unreachable source is a {@link BadSource}. */
    long size(Source source);

    /** Copies the source to {@code originalKey} in the originals bucket (then removes an incoming/ object). */
    void copy(Source source, String originalKey, String contentType, long size);

    /** Exactly one of the two is set (the event schema guarantees it). */
    record Source(String incomingKey, String url) {
    }

    /** The source cannot be used; the message says why (it goes into "Command Rejected"). */
    final class BadSource extends RuntimeException {
        public BadSource(String message) {
            super(message);
        }
    }
}
