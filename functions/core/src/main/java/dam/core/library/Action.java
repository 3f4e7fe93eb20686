package dam.core.library;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a caller wants to do with a library asset. */
public enum Action {
    SEARCH, VIEW, DOWNLOAD, SHARE, EDIT, APPROVE, DELETE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Action> parse(String code) {
        return code == null ? Optional.empty() : Arrays.stream(values())
                .filter(a -> a.code().equals(code.trim().toLowerCase(Locale.ROOT))).findFirst();
    }
}
