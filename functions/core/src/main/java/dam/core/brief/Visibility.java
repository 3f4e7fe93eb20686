package dam.core.brief;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Who may read a comment: the author plus named people (private) or the whole brief team (group). */
public enum Visibility implements Coded {
    PRIVATE("private"),
    GROUP("group");

    private final String code;

    Visibility(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    @JsonCreator
    public static Visibility fromCode(String code) {
        return Coded.require(Visibility.class, code);
    }
}
