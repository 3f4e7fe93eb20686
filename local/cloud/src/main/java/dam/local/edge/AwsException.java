package dam.local.edge;

/**
 * An error a provider reports the AWS way: the edge renders it in the protocol of the request
 * (JSON {@code __type} + message, or S3-style XML), never as a stack trace.
 */
public class AwsException extends RuntimeException {
    private final String code;
    private final int status;

    public AwsException(String code, String message, int status) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public AwsException(String code, String message, int status, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.status = status;
    }

    public static AwsException validation(String message) {
        return new AwsException("ValidationException", message, 400);
    }

    public static AwsException serialization(String message) {
        return new AwsException("SerializationException", message, 400);
    }

    public static AwsException unknownOperation(String operation) {
        return new AwsException("UnknownOperationException", "Unknown operation " + operation, 400);
    }

    public static AwsException notFound(String code, String message) {
        return new AwsException(code, message, 400);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
