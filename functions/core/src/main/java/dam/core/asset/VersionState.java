package dam.core.asset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Life of an asset version: uploading → processing → ready | rejected | quarantined; ready → expired (rights ended). */
public enum VersionState {
    /** Created; waiting for the bytes (presigned PUT, multipart or a submitted source). */
    UPLOADING,
    /** Claimed by one ingest execution. */
    PROCESSING,
    /** Identified, checked, tagged and rendered. */
    READY,
    /** Refused for a reason the submitter can act on (bad type, bomb, truncated…); its bytes are deleted. */
    REJECTED,
    /** Processing failed after retries; bytes kept for an operator. */
    QUARANTINED,
    /** Was ready; its usage rights ended (issue 9, expiry-scan at T-0): kept, but no longer usable or published. */
    EXPIRED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static VersionState parse(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    public boolean terminal() {
        return this == READY || this == REJECTED || this == QUARANTINED || this == EXPIRED;
    }
}
