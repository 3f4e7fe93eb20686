package dam.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dam.core.library.Viewer;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventServletRequest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;

/**
 * Binds a library {@link Viewer} (the principal plus the collections an external user was given,
 * {@code custom:collections}) from the verified JWT claims, like {@link PrincipalBinder}; none → 401.
 */
@Singleton
final class ViewerBinder implements TypedRequestArgumentBinder<Viewer> {

    private static final Argument<Viewer> TYPE = Argument.of(Viewer.class);

    @Override
    public Argument<Viewer> argumentType() {
        return TYPE;
    }

    @Override
    public BindingResult<Viewer> bind(ArgumentConversionContext<Viewer> context, HttpRequest<?> source) {
        Map<String, String> claims = null;
        if (source instanceof APIGatewayV2HTTPEventServletRequest request
                && request.getNativeRequest() instanceof APIGatewayV2HTTPEvent event
                && event.getRequestContext() != null
                && event.getRequestContext().getAuthorizer() != null
                && event.getRequestContext().getAuthorizer().getJwt() != null) {
            claims = event.getRequestContext().getAuthorizer().getJwt().getClaims();
        }
        if (claims == null) {
            throw new Unauthenticated("no verified identity on this request", null);
        }
        try {
            Viewer viewer = Viewer.fromClaims(claims);
            return () -> Optional.of(viewer);
        } catch (IllegalArgumentException e) {
            throw new Unauthenticated("the token's claims are unusable: " + e.getMessage(), e);
        }
    }
}
