package dam.core.brief;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a named approver of a brief signs off (issue 5): the brief itself, its budget, its timeline, its fine print. */
public enum ApprovalKind implements Coded {
    BRIEF("brief"),
    BUDGET("budget"),
    TIMELINE("timeline"),
    FINE_PRINT("fine_print");

    private final String code;

    ApprovalKind(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    @JsonCreator
    public static ApprovalKind fromCode(String code) {
        return Coded.require(ApprovalKind.class, code);
    }
}
