package dam.local.apigateway;

import dam.local.lambda.InvokeResult;
import dam.local.lambda.LambdaProvider;

/**
 * How the gateway calls a Lambda integration: synchronously (RequestResponse), event in, the function's JSON result
 * out. A function error is thrown as {@link FunctionError}; any other exception means the function could not be
 * invoked. Both become a 502 for the client.
 */
@FunctionalInterface
public interface FunctionInvoker {

    byte[] invoke(String functionArn, byte[] event) throws Exception;

    /** The function ran and failed (Lambda's {@code X-Amz-Function-Error}); {@code payload} is its error document. */
    final class FunctionError extends Exception {
        private final String payload;

        public FunctionError(String functionArn, String payload) {
            super("function " + functionArn + " failed");
            this.payload = payload;
        }

        public String payload() {
            return payload;
        }
    }

    /** The local Lambda provider as an integration backend. */
    static FunctionInvoker of(LambdaProvider lambda) {
        return (arn, event) -> {
            InvokeResult result = lambda.invoke(arn, event);
            if (result.failed()) {
                throw new FunctionError(arn, result.payloadText());
            }
            return result.payload();
        };
    }
}
