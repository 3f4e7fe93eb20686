package dam.core.approval;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an approval link is about, as it was when the link was sent: a brief or an asset version, identified by type and
 * id, with the version (and, for files, the content SHA-256) the reviewer is asked to judge. A link whose subject has
 * moved on since is superseded.
 *
 * @param contentSha256 hex SHA-256 of the reviewed content, or null when the version alone identifies it
 */
public record Subject(String type, String id, long version, String contentSha256) {

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public Subject {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("subject type must be a short lowercase word, got '" + type + "'");
        }
        if (id == null || id.isBlank() || id.length() > 200 || id.contains("#")) {
            throw new IllegalArgumentException("subject id must be 1..200 characters without '#'");
        }
        if (version < 1) {
            throw new IllegalArgumentException("subject version must be >= 1, got " + version);
        }
        if (contentSha256 != null && !HEX64.matcher(contentSha256).matches()) {
            throw new IllegalArgumentException("contentSha256 must be 64 lowercase hex digits");
        }
    }

    /** The name of the subject's approval audit chain ("brief:b1"). */
    public String auditKey() {
        return type + ":" + id;
    }

    /** Whether the subject as it is now is still what this link was sent for. */
    boolean stillCurrent(SubjectState now) {
        return now.version() == version
                && (contentSha256 == null || Objects.equals(contentSha256, now.contentSha256()));
    }
}
