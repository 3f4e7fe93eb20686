package dam.core.brief;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Kinds of claims a creative makes; they drive the legal disclaimer rules. */
public enum ClaimType implements Coded {
    PRICE("price"),
    HEALTH("health"),
    FINANCE("finance"),
    COMPETITION("competition"),
    TALENT("talent"),
    ENVIRONMENTAL("environmental");

    private final String code;

    ClaimType(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    @JsonCreator
    public static ClaimType fromCode(String code) {
        return Coded.require(ClaimType.class, code);
    }
}
