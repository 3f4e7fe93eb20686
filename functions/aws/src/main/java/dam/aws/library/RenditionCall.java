package dam.aws.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * A synchronous call to the rendition function ({@code {op, spec}} → {@code {ok, field?, message?, …}}): a crash is an
 * IllegalStateException, refused content a ValidationException naming the field, so the API answers 400 for the one
 * and 500 for the other.
 */
final class RenditionCall {

    private final LambdaClient lambda;
    private final String functionName;
    private final ObjectMapper json;

    RenditionCall(LambdaClient lambda, String functionName, ObjectMapper json) {
        this.lambda = lambda;
        this.functionName = functionName;
        this.json = json;
    }

    /** The function's answer when it said ok; {@code field}/{@code refusal} name a refusal it gave no words for. */
    JsonNode call(String op, Object spec, String field, String refusal) {
        ObjectNode payload = json.createObjectNode();
        payload.put("op", op);
        payload.set("spec", json.valueToTree(spec));
        InvokeResponse r;
        try {
            byte[] body = json.writeValueAsBytes(payload);
            r = lambda.invoke(b -> b.functionName(functionName).invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromByteArray(body)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + op + " request", e);
        }
        String answer = r.payload() == null ? "" : r.payload().asUtf8String();
        if (r.functionError() != null) {
            throw new IllegalStateException("rendition function failed (" + r.functionError() + "): " + answer);
        }
        JsonNode out;
        try {
            out = json.readTree(answer);
        } catch (IOException e) {
            throw new IllegalStateException("rendition function answered something unreadable: " + answer, e);
        }
        if (!out.path("ok").asBoolean(false)) {
            throw new ValidationException(new FieldError(out.path("field").asText(field), Codes.INVALID,
                    out.path("message").asText(refusal)));
        }
        return out;
    }
}
