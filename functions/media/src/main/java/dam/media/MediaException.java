package dam.media;

/** A media operation refused its input, with a reason code and a detail for the user. */
public class MediaException extends RuntimeException {
    private final ReasonCode reason;

    public MediaException(ReasonCode reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public MediaException(ReasonCode reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
    }

    public ReasonCode reason() {
        return reason;
    }
}
