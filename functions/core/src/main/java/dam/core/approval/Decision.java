package dam.core.approval;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a reviewer decides through a link. */
public enum Decision {
    APPROVE("approve"),
    CHANGES("changes"),
    REJECT("reject");

    private final String code;

    Decision(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Requesting changes or rejecting must say why. */
    public boolean needsComment() {
        return this != APPROVE;
    }

    public static Optional<Decision> parse(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String c = code.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(d -> d.code.equals(c)).findFirst();
    }
}
