/**
 * The local API Gateway: HTTP APIs with Lambda proxy integrations (payload format 2.0), JWT authorizers, CORS, the
 * local sign-in and the console's static files, on 127.0.0.1:8080.
 *
 * <p>Wiring: {@link dam.local.apigateway.ApiGatewayProvider#start} with a
 * {@link dam.local.apigateway.FunctionInvoker} ({@code FunctionInvoker.of(lambdaProvider)}), and the deployer's
 * resource handlers from {@link dam.local.apigateway.ApiGatewayResources#handlers()}.
 *
 * <p>Authentication differs from AWS in one deliberate way: the template's authorizer names a Cognito issuer and
 * audience, which cannot be reached locally. Locally every JWT authorizer trusts exactly the tokens the local
 * sign-in issues ({@code POST /_local/token}): RS256 with the key under the state dir ({@code signing-key.pem}),
 * {@code iss} = {@code <gateway origin>/_local} (JWKS at {@code /_local/.well-known/jwks.json}), {@code aud} "dam"
 * or one of the template's audiences. Expiry is checked against the local clock. Tokens stay valid across restarts
 * on the same origin; {@code ./dam reset} (deleting the state dir) invalidates them.
 */
package dam.local.apigateway;
