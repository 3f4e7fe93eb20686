package dam.api;

/** The request carries no usable identity (no JWT claims reached the function): answered with 401. */
public final class Unauthenticated extends RuntimeException {

    public Unauthenticated(String message, Throwable cause) {
        super(message, cause);
    }
}
