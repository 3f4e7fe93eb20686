package dam.aws.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ValidationException;
import dam.core.library.EditSpec;
import dam.core.library.VersionFiles;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@link VersionFiles} on AWS: a revert is an S3 CopyObject inside the originals bucket (byte-identical, no bytes
 * through the API); an edit is a synchronous invoke of the rendition function ({@code op: edit}), which reads the base
 * original and writes the result to the new version's key itself. Either way the object-created event starts ingest.
 */
public final class S3LambdaVersionFiles implements VersionFiles {

    public static final String OP = "edit";

    private final S3Client s3;
    private final String originals;
    private final LambdaClient lambda;
    private final String renditionFunction;
    private final ObjectMapper json;

    public S3LambdaVersionFiles(S3Client s3, String originalsBucket, LambdaClient lambda, String renditionFunction,
                                ObjectMapper json) {
        this.s3 = s3;
        this.originals = originalsBucket;
        this.lambda = lambda;
        this.renditionFunction = renditionFunction;
        this.json = json;
    }

    @Override
    public void copyOriginal(String fromKey, String toKey) {
        s3.copyObject(b -> b.sourceBucket(originals).sourceKey(fromKey).destinationBucket(originals)
                .destinationKey(toKey));
    }

    @Override
    public void renderEdit(EditSpec spec) {
        ObjectNode payload = json.createObjectNode();
        payload.put("op", OP);
        payload.set("spec", json.valueToTree(spec));
        InvokeResponse r;
        try {
            byte[] body = json.writeValueAsBytes(payload);
            r = lambda.invoke(b -> b.functionName(renditionFunction).invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromByteArray(body)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the edit request", e);
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
            throw new ValidationException(new FieldError(out.path("field").asText("recipe"), Codes.INVALID,
                    out.path("message").asText("the edit cannot be applied to this file")));
        }
    }
}
