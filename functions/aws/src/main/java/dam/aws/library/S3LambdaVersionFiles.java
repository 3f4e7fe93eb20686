package dam.aws.library;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.library.EditSpec;
import dam.core.library.VersionFiles;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;


/**
 * {@link VersionFiles} on AWS: a revert is an S3 CopyObject inside the originals bucket (byte-identical, no bytes
 * through the API); an edit is a synchronous invoke of the rendition function ({@code op: edit}), which reads the base
 * original and writes the result to the new version's key itself. Either way the object-created event starts ingest.
 */
public final class S3LambdaVersionFiles implements VersionFiles {

    public static final String OP = "edit";

    private final S3Client s3;
    private final String originals;
    private final RenditionCall rendition;

    public S3LambdaVersionFiles(S3Client s3, String originalsBucket, LambdaClient lambda, String renditionFunction,
                                ObjectMapper json) {
        this.s3 = s3;
        this.originals = originalsBucket;
        this.rendition = new RenditionCall(lambda, renditionFunction, json);
    }

    @Override
    public void copyOriginal(String fromKey, String toKey) {
        s3.copyObject(b -> b.sourceBucket(originals).sourceKey(fromKey).destinationBucket(originals)
                .destinationKey(toKey));
    }

    @Override
    public void renderEdit(EditSpec spec) {
        rendition.call(OP, spec, "recipe", "the edit cannot be applied to this file");
    }
}
