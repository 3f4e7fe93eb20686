package dam.core.approval;

/** Why a link cannot be shown or decided, with the HTTP status the public pages answer with. */
public enum Refusal {
    UNKNOWN(404, "This link is not valid. It may have been mistyped or forged."),
    EXPIRED(410, "This link has expired. Ask the requester to send a new one."),
    ALREADY_DECIDED(409, "A decision has already been recorded through this link."),
    SUPERSEDED(409, "What this link was sent for has changed since. A new request goes out for the current version."),
    BAD_CSRF(403, "This form could not be verified. Open the link from the email again and resubmit."),
    WRONG_REVIEWER(403, "This link was sent to someone else."),
    CLOSED(409, "This review step was decided without your vote; nothing more is needed from you."),
    INVALID(400, "The decision is incomplete.");

    private final int status;
    private final String message;

    Refusal(int status, String message) {
        this.status = status;
        this.message = message;
    }

    public int status() {
        return status;
    }

    /** A sentence for the reviewer (plain text). */
    public String message() {
        return message;
    }

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
