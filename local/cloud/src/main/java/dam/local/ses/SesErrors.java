package dam.local.ses;

import dam.local.edge.AwsException;

/** The SES v2 error types the SDK maps to its exception classes (by the {@code x-amzn-ErrorType} name). */
final class SesErrors {

    private SesErrors() {
    }

    static AwsException badRequest(String message) {
        return new AwsException("BadRequestException", message, 400);
    }

    static AwsException notFound(String message) {
        return new AwsException("NotFoundException", message, 404);
    }

    static AwsException alreadyExists(String message) {
        return new AwsException("AlreadyExistsException", message, 400);
    }

    static AwsException messageRejected(String message) {
        return new AwsException("MessageRejected", message, 400);
    }
}
