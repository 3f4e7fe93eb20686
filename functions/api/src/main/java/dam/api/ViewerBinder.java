package dam.api;

import dam.core.library.Viewer;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Binds a library {@link Viewer} (the principal plus the collections an external user was given,
 * {@code custom:collections}) from the verified JWT claims, like {@link PrincipalBinder}; none → 401.
 */
@Singleton
final class ViewerBinder extends ClaimsBinder<Viewer> {

    ViewerBinder() {
        super(Viewer.class);
    }

    @Override
    Viewer fromClaims(Map<String, String> claims) {
        return Viewer.fromClaims(claims);
    }
}
