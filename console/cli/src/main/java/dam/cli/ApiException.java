package dam.cli;

/** The API answered with an error status; {@link #getMessage()} is the API's message with its field errors. */
final class ApiException extends RuntimeException {

    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    /** The matching CLI failure: {@code what} names the thing asked for ("brief 42", "asset 7"). */
    CliException toCli(String what) {
        return switch (status) {
            case 401 -> new CliException(ExitCodes.AUTH, "the API refused the token (401): it is missing, expired or "
                    + "not for this API; sign in again (--token, DAM_TOKEN or --user)");
            case 403 -> new CliException(ExitCodes.AUTH, "not allowed (403): " + getMessage());
            case 404 -> new CliException(ExitCodes.NOT_FOUND, what + " not found (or not visible to you)");
            default -> new CliException(status >= 500 ? ExitCodes.UNAVAILABLE : ExitCodes.INCOMPLETE,
                    what + ": the API answered " + status + ": " + getMessage());
        };
    }
}
