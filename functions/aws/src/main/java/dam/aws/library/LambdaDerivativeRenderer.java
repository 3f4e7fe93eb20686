package dam.aws.library;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.library.DerivativeRenderer;
import dam.core.library.DerivativeSpec;
import dam.core.library.Focal;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * {@link DerivativeRenderer} as a synchronous invoke of the rendition function ({@code op: derive}): the function
 * reads the original and writes the derivative itself, so only this small JSON passes through the API. The function
 * answers {@code {ok, focal}} or {@code {ok:false, field, message}} for content it refuses (mapped to a 400).
 */
public final class LambdaDerivativeRenderer implements DerivativeRenderer {

    public static final String OP = "derive";

    private final RenditionCall rendition;
    private final ObjectMapper json;

    public LambdaDerivativeRenderer(LambdaClient lambda, String functionName, ObjectMapper json) {
        this.rendition = new RenditionCall(lambda, functionName, json);
        this.json = json;
    }

    @Override
    public Focal render(DerivativeSpec spec) {
        JsonNode focal = rendition.call(OP, spec, "format", "the file cannot be converted").path("focal");
        try {
            return focal.isObject() ? json.treeToValue(focal, Focal.class) : null;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rendition function answered an unreadable focal point: " + focal, e);
        }
    }
}
