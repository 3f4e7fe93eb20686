package dam.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventServletRequest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;

import java.util.Map;
import java.util.Optional;

/**
 * Binds a controller parameter built from the JWT claims API Gateway's authorizer verified and put into
 * {@code requestContext.authorizer.jwt.claims} (the function never sees or checks the token itself). No claims on an
 * authenticated route means a misrouted or forged invocation: 401; claims that make no identity: 401 too.
 */
abstract class ClaimsBinder<T> implements TypedRequestArgumentBinder<T> {

    private final Argument<T> type;

    ClaimsBinder(Class<T> type) {
        this.type = Argument.of(type);
    }

    /** The bound value; IllegalArgumentException when the claims are unusable. */
    abstract T fromClaims(Map<String, String> claims);

    @Override
    public Argument<T> argumentType() {
        return type;
    }

    @Override
    public BindingResult<T> bind(ArgumentConversionContext<T> context, HttpRequest<?> source) {
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
            T value = fromClaims(claims);
            return () -> Optional.of(value);
        } catch (IllegalArgumentException e) {
            throw new Unauthenticated("the token's claims are unusable: " + e.getMessage(), e);
        }
    }
}
