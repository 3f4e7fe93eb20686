package dam.core.brief;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a brief's creative runs. Wire codes are lowercase ("ooh" = out of home). */
public enum Channel implements Coded {
    WEB("web"),
    SOCIAL("social"),
    PRINT("print"),
    EMAIL("email"),
    OOH("ooh"),
    VIDEO("video"),
    DISPLAY("display"),
    AUDIO("audio"),
    IN_STORE("in_store");

    private final String code;

    Channel(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    @JsonCreator
    public static Channel fromCode(String code) {
        return Coded.require(Channel.class, code);
    }
}
