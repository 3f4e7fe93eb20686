package dam.core.brief;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A person's role on a brief team. */
public enum MemberRole implements Coded {
    OWNER("owner"),
    MANAGER("manager"),
    CREATOR("creator"),
    REVIEWER("reviewer"),
    APPROVER("approver"),
    LEGAL("legal"),
    VIEWER("viewer");

    private final String code;

    MemberRole(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    @JsonCreator
    public static MemberRole fromCode(String code) {
        return Coded.require(MemberRole.class, code);
    }
}
