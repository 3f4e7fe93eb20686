package dam.core.brief;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/**
 * One named approver's vote in a brief-approval round. {@link Decision#NONE} = no decision in time (the task timed out
 * or failed), which never counts as approval.
 */
public record ApprovalVote(ApprovalKind kind, String approver, Decision decision, String comment) {

    /** Who the audit names as acting when a round's outcome is applied. */
    public static final String ACTOR = "brief-approval";

    public ApprovalVote {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(decision, "decision");
    }

    public enum Decision implements Coded {
        APPROVE("approve"),
        CHANGES("changes"),
        REJECT("reject"),
        NONE("none");

        private final String code;

        Decision(String code) {
            this.code = code;
        }

        @JsonValue
        @Override
        public String code() {
            return code;
        }

        @JsonCreator
        public static Decision fromCode(String code) {
            return Coded.require(Decision.class, code);
        }
    }
}
