package dam.core.brief;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Approval state of a part of a brief (budget, timeline, fine print). */
public enum ApprovalState implements Coded {
    NOT_SUBMITTED("not_submitted"),
    PENDING("pending"),
    APPROVED("approved"),
    REJECTED("rejected");

    private final String code;

    ApprovalState(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    @JsonCreator
    public static ApprovalState fromCode(String code) {
        return Coded.require(ApprovalState.class, code);
    }
}
