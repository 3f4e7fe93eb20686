package dam.local.dynamodb;

import java.nio.charset.StandardCharsets;

/**
 * An AWS-style error answered by dynalite (e.g. ConditionalCheckFailedException, ValidationException). Carries the
 * raw body so the provider can pass it through to the client unchanged.
 */
final class DynaliteError extends RuntimeException {
    private final int status;
    private final String type;
    private final byte[] body;

    DynaliteError(int status, String type, String message, byte[] body) {
        super(type + ": " + message);
        this.status = status;
        this.type = type;
        this.body = body;
    }

    int status() {
        return status;
    }

    /** The short error name, e.g. {@code ConditionalCheckFailedException} (the part of {@code __type} after '#'). */
    String type() {
        return type;
    }

    /** The message dynalite gave, or an empty string. */
    String awsMessage() {
        String m = getMessage();
        return m.substring(type.length() + 2);
    }

    byte[] body() {
        return body;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    boolean isConditionalCheckFailed() {
        return "ConditionalCheckFailedException".equals(type);
    }
}
