package dam.core.asset;

import java.util.Objects;

/** Why a version was rejected or quarantined: a stable {@code code} for clients and a message the user reads. */
public record Reason(String code, String message) {

    public Reason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
