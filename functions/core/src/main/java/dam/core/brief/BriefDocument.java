package dam.core.brief;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;

/**
 * A supporting document of a brief. {@code key} is the storage key the server chose ({@code briefs/<briefId>/
 * documents/<id>}); {@code fileName} is the sanitised display name, never part of the key.
 */
public record BriefDocument(String id, String fileName, String contentType, long size, String key, State state,
                            String uploadedBy, Instant createdAt) {

    public enum State implements Coded {
        /** Upload URL handed out; the object may not exist yet. */
        UPLOADING("uploading"),
        UPLOADED("uploaded");

        private final String code;

        State(String code) {
            this.code = code;
        }

        @JsonValue
        @Override
        public String code() {
            return code;
        }

        @JsonCreator
        public static State fromCode(String code) {
            return Coded.require(State.class, code);
        }
    }
}
