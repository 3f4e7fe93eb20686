package dam.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

/**
 * The library's downloads, rights and presets (issue 8), served by the API function: it checks permission and rights,
 * invokes the rendition function synchronously (alias {@code live}) to write a derivative under {@value #DOWNLOADS}
 * in the derivatives bucket — big files never pass through the API — and answers with a presigned GET. The rendition
 * function gets DetectFaces for the focal point of preset crops. Share links ({@code /s/{token}}) are public routes of
 * the same function: it re-checks each link (signature, expiry, cap, password, the asset's state and rights) itself.
 */
public final class Library extends Construct {

    /** Where download derivatives are cached in the derivatives bucket. */
    public static final String DOWNLOADS = "downloads/";
    /** Routes beyond /assets/{proxy+} (already served by the API function): brand presets, share links. */
    public static final List<String> ROUTES = List.of("ANY /brands/{proxy+}", "ANY /shares", "ANY /shares/{proxy+}");
    /** Share links as their recipients use them: no sign-in, the signed link is the credential. */
    public static final List<String> PUBLIC_ROUTES = List.of("GET /s/{token}", "POST /s/{token}",
            "GET /s/{token}/download");

    public Library(Construct scope, String id, Api api, Ingest ingest, Storage storage) {
        super(scope, id);
        DamFunction fn = api.function();
        DamFunction rendition = ingest.renditionFunction();
        fn.function().addEnvironment("RENDITION_FUNCTION", rendition.target().getFunctionArn());
        rendition.target().grantInvoke(fn.function());
        // Presigned GETs carry the signer's permissions: derivatives under downloads/ and the originals.
        fn.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(storage.derivatives().arnForObjects(DOWNLOADS + "*"),
                        storage.originals().arnForObjects(Ingest.ORIGINALS_PREFIX + "*")))
                .build());
        // Without ListBucket S3 answers a HEAD of a missing key with 403 instead of 404 (the cache check needs 404).
        fn.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(storage.derivatives().getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(DOWNLOADS + "*"))))
                .build());
        Nag.suppress(fn.role(), "AwsSolutions-IAM5",
                "Downloads presign GETs of derivatives under downloads/ and of originals (server-chosen keys), and "
                        + "invoke the rendition function's live alias (versions of one function).",
                "Resource::<" + logicalId(storage.derivatives()) + ".Arn>/" + DOWNLOADS + "*",
                "Resource::<" + logicalId(storage.originals()) + ".Arn>/" + Ingest.ORIGINALS_PREFIX + "*",
                "Resource::<" + logicalId(rendition) + ".Arn>:*");
        // Versions: a revert copies an old original to the next version's key (CopyObject reads the source and puts
        // the copy); an edit is written there by the rendition function. Either way ingest picks it up.
        fn.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject"))
                .resources(List.of(storage.originals().arnForObjects(Ingest.ORIGINALS_PREFIX + "*")))
                .build());
        rendition.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject"))
                .resources(List.of(storage.originals().arnForObjects(Ingest.ORIGINALS_PREFIX + "*")))
                .build());
        Nag.suppress(rendition.role(), "AwsSolutions-IAM5",
                "Edits write the new version's original under originals/ (server-chosen keys: asset/version/name).",
                "Resource::<" + logicalId(storage.originals()) + ".Arn>/" + Ingest.ORIGINALS_PREFIX + "*");
        rendition.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("rekognition:DetectFaces"))
                .resources(List.of("*"))
                .build());
        Nag.suppress(rendition.role(), "AwsSolutions-IAM5",
                "Rekognition DetectFaces on image bytes has no resource to scope to (AWS supports only '*').",
                "Resource::*");
        ROUTES.forEach(route -> api.addRoute(route, fn.target(), true));
        PUBLIC_ROUTES.forEach(route -> api.addRoute(route, fn.target(), false));
    }

    private static String logicalId(Bucket bucket) {
        CfnElement cfn = (CfnElement) bucket.getNode().getDefaultChild();
        return Stack.of(cfn).resolve(cfn.getLogicalId()).toString();
    }

    private static String logicalId(DamFunction fn) {
        CfnElement cfn = (CfnElement) fn.function().getNode().getDefaultChild();
        return Stack.of(cfn).resolve(cfn.getLogicalId()).toString();
    }
}
