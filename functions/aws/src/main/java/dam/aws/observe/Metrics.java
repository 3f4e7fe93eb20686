package dam.aws.observe;

/** Names of the business metrics in namespace {@value Telemetry#NAMESPACE} (dimension {@code service}). */
public final class Metrics {

    public static final String BRIEFS_CREATED = "BriefsCreated";
    public static final String BRIEFS_UPDATED = "BriefsUpdated";
    public static final String COMMANDS_REJECTED = "CommandsRejected";
    public static final String VERSIONS_INGESTED = "VersionsIngested";
    public static final String VERSIONS_REJECTED = "VersionsRejected";
    public static final String VERSIONS_SUBMITTED = "VersionsSubmitted";
    public static final String RENDITIONS_WRITTEN = "RenditionsWritten";
    public static final String APPROVAL_REQUESTS_SENT = "ApprovalRequestsSent";
    public static final String REVIEW_DECISIONS = "ReviewDecisions";
    public static final String REMINDERS_SENT = "RemindersSent";

    private Metrics() {
    }
}
