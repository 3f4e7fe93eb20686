package dam.infra;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * CDK entry point. Synthesizes stack {@value DamStack#STACK_NAME} for the stage in context {@code stage} (default dev)
 * into {@code $CDK_OUTDIR} when set (the CDK CLI sets it), else {@code <repo>/cdk.out}. Needs only {@code node} on
 * PATH - no CDK CLI, no network.
 */
public final class DamApp {

    /** Server access logs via bucket policy (not the legacy LogDeliveryWrite ACL). */
    static final Map<String, Object> FEATURE_FLAGS = Map.of(
            "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true,
            "@aws-cdk/aws-s3:createDefaultLoggingPolicy", true);

    private DamApp() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        Path repoRoot = RepoRoot.locate();
        CloudAssembly assembly = synth(repoRoot, LambdaArtifacts.forRepo(repoRoot));
        System.out.printf("Synthesized %s to %s in %d ms%n", DamStack.STACK_NAME, assembly.getDirectory(),
                (System.nanoTime() - start) / 1_000_000);
    }

    static CloudAssembly synth(Path repoRoot, LambdaArtifacts artifacts) {
        App app = createApp(System.getenv("CDK_OUTDIR") == null ? repoRoot.resolve("cdk.out") : null, Map.of());
        stack(app, artifacts);
        return app.synth();
    }

    /**
     * @param outdir null to let CDK use {@code $CDK_OUTDIR} (the CDK CLI's choice)
     * @param context extra context, e.g. {@code stage}
     */
    public static App createApp(Path outdir, Map<String, Object> context) {
        AppProps.Builder props = AppProps.builder()
                // Same template with and without the CLI: no AWS::CDK::Metadata resource ...
                .analyticsReporting(false)
                // ... and aws:asset:path metadata on functions, which the local deployer uses to find jars.
                .context(withAssetMetadata(context));
        if (outdir != null) {
            props.outdir(outdir.toString());
        }
        return new App(props.build());
    }

    public static DamStack stack(App app, LambdaArtifacts artifacts) {
        Stage stage = Stage.fromContext(app.getNode().tryGetContext("stage"));
        return new DamStack(app, DamStack.STACK_NAME, StackProps.builder()
                .stackName(DamStack.STACK_NAME)
                .description("DAM workflow (" + stage.name() + ")")
                .build(), stage, artifacts);
    }

    private static Map<String, Object> withAssetMetadata(Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>(context);
        all.putIfAbsent("aws:cdk:enable-asset-metadata", true);
        // Feature flags live here, not in cdk.json, so `cdk synth` and the plain Java synth agree.
        FEATURE_FLAGS.forEach(all::putIfAbsent);
        return all;
    }
}
