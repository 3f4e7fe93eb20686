package dam.core.library;

import dam.core.ForbiddenException;
import dam.core.NotFoundException;

/**
 * The policy's answer with its reason. {@code hidden}: the caller may not even know the asset exists (out of scope,
 * not visible to them) — the API answers 404, not 403, so a denial leaks nothing.
 */
public record Decision(boolean allowed, boolean hidden, String reason) {

    static Decision allow(String reason) {
        return new Decision(true, false, reason);
    }

    static Decision deny(String reason) {
        return new Decision(false, false, reason);
    }

    static Decision hide(String reason) {
        return new Decision(false, true, reason);
    }

    /** Throws the exception the API maps to 404 (hidden) or 403 (denied); returns quietly when allowed. */
    public void orThrow(String assetId) {
        if (hidden) {
            throw new NotFoundException("assetId", "no asset '" + assetId + "'");
        }
        if (!allowed) {
            throw new ForbiddenException(reason);
        }
    }
}
