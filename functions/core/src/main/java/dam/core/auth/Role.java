package dam.core.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The product's roles; in AWS they are Cognito groups of the same name (claim {@code cognito:groups}). */
public enum Role {
    ADMIN("admin"),
    BRAND_MANAGER("brand-manager"),
    CREATOR("creator"),
    REVIEWER("reviewer"),
    LEGAL("legal"),
    VIEWER("viewer"),
    EXTERNAL("external");

    private final String code;

    Role(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The role named {@code code} (case-insensitive), or empty for a group that is not one of ours. */
    public static Optional<Role> parse(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String wanted = code.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.code.equals(wanted)).findFirst();
    }

    public static List<String> codes() {
        return Arrays.stream(values()).map(Role::code).toList();
    }
}
