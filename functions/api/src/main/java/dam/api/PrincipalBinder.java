package dam.api;

import dam.core.auth.Principal;
import jakarta.inject.Singleton;

import java.util.Map;

/** Binds a controller's {@link Principal} parameter from the verified JWT claims (see {@link ClaimsBinder}). */
@Singleton
final class PrincipalBinder extends ClaimsBinder<Principal> {

    PrincipalBinder() {
        super(Principal.class);
    }

    @Override
    Principal fromClaims(Map<String, String> claims) {
        return Principal.fromClaims(claims);
    }
}
