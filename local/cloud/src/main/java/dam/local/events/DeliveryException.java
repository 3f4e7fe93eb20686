package dam.local.events;

/** A target delivery failure with the error code reported to dead-letter queues. */
public class DeliveryException extends Exception {
    private final String errorCode;
    private final boolean retryable;

    public DeliveryException(String errorCode, String message, boolean retryable) {
        super(message);
        this.errorCode = errorCode;
        this.retryable = retryable;
    }

    public DeliveryException(String errorCode, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.retryable = retryable;
    }

    public String errorCode() {
        return errorCode;
    }

    public boolean retryable() {
        return retryable;
    }
}
