package dam.cli;

/** The CLI's exit codes (documented in the README and in {@code --help}). */
final class ExitCodes {

    /** Everything done: every file ingested ready / exported, or the audit chain intact. */
    static final int OK = 0;
    /** Finished, but some file was rejected or could not be sent or fetched, or the audit chain is broken. */
    static final int INCOMPLETE = 1;
    /** Bad arguments: unknown option, missing or unreadable folder (picocli's own usage errors are 2 too). */
    static final int USAGE = 2;
    /** The brief or asset does not exist or is not visible to the caller. */
    static final int NOT_FOUND = 3;
    /** No token, or the API refused it (401) or the action (403). */
    static final int AUTH = 4;
    /** The API or storage could not be reached or failed (network error, 5xx after retries). */
    static final int UNAVAILABLE = 5;

    private ExitCodes() {
    }
}
