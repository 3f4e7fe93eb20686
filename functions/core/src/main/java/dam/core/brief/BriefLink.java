package dam.core.brief;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.util.Objects;

/**
 * A link from a brief to a related brief (stored on both briefs) or to an asset (only its id: the asset may not exist
 * yet, e.g. one planned for this brief).
 */
public record BriefLink(Kind kind, String targetId, String addedBy, Instant addedAt) {

    public BriefLink {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(targetId, "targetId");
    }

    boolean same(Kind k, String id) {
        return kind == k && targetId.equals(id);
    }

    public enum Kind implements Coded {
        BRIEF("brief"),
        ASSET("asset");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        @JsonValue
        @Override
        public String code() {
            return code;
        }

        @JsonCreator
        public static Kind fromCode(String code) {
            return Coded.require(Kind.class, code);
        }
    }
}
