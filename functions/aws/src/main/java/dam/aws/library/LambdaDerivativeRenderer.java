package dam.aws.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ValidationException;
import dam.core.library.DerivativeRenderer;
import dam.core.library.DerivativeSpec;
import dam.core.library.Focal;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@link DerivativeRenderer} as a synchronous invoke of the rendition function ({@code op: derive}): the function
 * reads the original and writes the derivative itself, so only this small JSON passes through the API. The function
 * answers {@code {ok, focal}} or {@code {ok:false, field, message}} for content it refuses (mapped to a 400).
 */
public final class LambdaDerivativeRenderer implements DerivativeRenderer {

    public static final String OP = "derive";

    private final LambdaClient lambda;
    private final String functionName;
    private final ObjectMapper json;

    public LambdaDerivativeRenderer(LambdaClient lambda, String functionName, ObjectMapper json) {
        this.lambda = lambda;
        this.functionName = functionName;
        this.json = json;
    }

    @Override
    public Focal render(DerivativeSpec spec) {
        ObjectNode payload = json.createObjectNode();
        payload.put("op", OP);
        payload.set("spec", json.valueToTree(spec));
        InvokeResponse r;
        try {
            byte[] body = json.writeValueAsBytes(payload);
            r = lambda.invoke(b -> b.functionName(functionName).invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromByteArray(body)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the derive request", e);
        }
        String answer = r.payload() == null ? "" : r.payload().asUtf8String();
        if (r.functionError() != null) {
            throw new IllegalStateException("rendition function failed (" + r.functionError() + "): " + answer);
        }
        try {
            JsonNode out = json.readTree(answer);
            if (!out.path("ok").asBoolean(false)) {
                throw new ValidationException(new FieldError(out.path("field").asText("format"), Codes.INVALID,
                        out.path("message").asText("the file cannot be converted")));
            }
            JsonNode focal = out.path("focal");
            return focal.isObject() ? json.treeToValue(focal, Focal.class) : null;
        } catch (IOException e) {
            throw new IllegalStateException("rendition function answered something unreadable: " + answer, e);
        }
    }
}
