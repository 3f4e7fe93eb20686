package dam.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dam.core.auth.Principal;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventServletRequest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;

/**
 * Binds a controller's {@link Principal} parameter from the JWT claims API Gateway's authorizer verified and put into
 * {@code requestContext.authorizer.jwt.claims} (the function never sees or checks the token itself). No claims on an
 * authenticated route means a misrouted or forged invocation: 401.
 */
@Singleton
final class PrincipalBinder implements TypedRequestArgumentBinder<Principal> {

    private static final Argument<Principal> TYPE = Argument.of(Principal.class);

    @Override
    public Argument<Principal> argumentType() {
        return TYPE;
    }

    @Override
    public BindingResult<Principal> bind(ArgumentConversionContext<Principal> context, HttpRequest<?> source) {
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
            Principal principal = Principal.fromClaims(claims);
            return () -> Optional.of(principal);
        } catch (IllegalArgumentException e) {
            throw new Unauthenticated("the token's claims are unusable: " + e.getMessage(), e);
        }
    }
}
