package dam.local.deploy;

/** A template the local cloud cannot deploy, with the reason. */
public class DeployException extends RuntimeException {
    public DeployException(String message) {
        super(message);
    }

    public DeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
