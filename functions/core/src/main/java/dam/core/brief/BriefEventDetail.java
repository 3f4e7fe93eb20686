package dam.core.brief;

/** Detail of the brief events (schema events/…/brief-*.json): schema {@code version} plus the brief as stored. */
public record BriefEventDetail(int version, Brief brief) {

    public static final int SCHEMA_VERSION = 1;
    public static final String SOURCE = "dam.briefs";
    public static final String CREATED = "Brief Created";
    public static final String CHANGED = "Brief Changed";
    public static final String SUBMITTED = "Brief Submitted";
    public static final String APPROVED = "Brief Approved";

    public static BriefEventDetail of(Brief brief) {
        return new BriefEventDetail(SCHEMA_VERSION, brief);
    }
}
