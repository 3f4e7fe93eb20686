package dam.core.collection;

import java.time.Instant;

/**
 * A static collection (a hand-picked list of assets) or a folder (holds collections and folders), within one brand.
 * {@code parentId} is the folder it sits in (null at the top).
 */
public record Collection(String id, Kind kind, String name, String brand, String parentId, String createdBy,
                         Instant createdAt) {

    public enum Kind {
        COLLECTION, FOLDER;

        @com.fasterxml.jackson.annotation.JsonValue
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Kind parse(String code) {
            return valueOf(code.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
