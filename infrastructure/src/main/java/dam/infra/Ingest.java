package dam.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Match;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * Asset ingest (issue 6): the {@code asset-ingest} state machine, started by the originals bucket's "Object Created"
 * events (default bus, keys under {@code originals/}), and its two functions:
 * <ul>
 *   <li>{@code UploadTagging} — every ingest step but renditions: reads originals, deletes rejected ones, writes the
 *       table, calls Rekognition, publishes the outcome events;</li>
 *   <li>{@code Rendition} — thumbnail/preview/web into the derivatives bucket.</li>
 * </ul>
 * Memory, measured ({@code dam.bench.MemoryReport} over the e2e suite: 24 MP JPEGs, a 150 MB BMP, hostile files):
 * peak use 487 MB (rendition) and 360 MB (steps). The work is single-threaded and CPU-bound, and Lambda gives one full
 * vCPU at {@value #MEMORY_MB} MB: less memory would slow decoding (CPU scales with memory), more buys no speed.
 *
 * <p>Concurrency: both ingest functions are capped at {@value #DEFAULT_CONCURRENCY} (context {@code ingestConcurrency};
 * {@code 0} = no reservation, for accounts whose concurrency quota is below ~140). A bulk upload of thousands of files
 * then queues in Step Functions (throttled invokes are retried with backoff by the state machine's Retry on
 * Lambda.TooManyRequestsException) instead of taking the account's concurrency from the API, and the tags step's
 * three Rekognition Detect* calls per version stay within Rekognition's per-account TPS quotas. At ~2 s of step work
 * per image that is still ~10 images/s, ~36,000 an hour.
 */
public final class Ingest extends Construct {

    public static final String STEP_HANDLER = "dam.ingest.IngestStepHandler::handleRequest";
    public static final String RENDITION_HANDLER = "dam.rendition.RenditionHandler::handleRequest";
    public static final String SUBMIT_HANDLER = "dam.ingest.SubmitVersionHandler::handleRequest";
    /** Where integrations drop files before "Command Submit Version" (their IAM may write only there). */
    public static final String INCOMING_PREFIX = "incoming/";
    public static final String DEFINITION = "statemachines/asset-ingest.asl.json";
    public static final String ORIGINALS_PREFIX = "originals/";
    /** One full vCPU. */
    public static final int MEMORY_MB = 1769;
    /** Reserved (= maximum) concurrent executions of each ingest function. */
    public static final int DEFAULT_CONCURRENCY = 20;

    private final DamFunction uploadTagging;
    private final DamFunction rendition;
    private final DamFunction submitVersion;
    private final StateMachine stateMachine;
    private final Rule rule;

    public Ingest(Construct scope, String id, Stage stage, LambdaArtifacts artifacts, Data data, Events events,
                  Storage storage) {
        super(scope, id);
        Path definition = artifacts.repoRoot().resolve(DEFINITION);
        if (!Files.isRegularFile(definition)) {
            throw new IllegalStateException("state machine definition " + definition + " is missing");
        }
        String table = data.table().getTableName();
        Map<String, String> env = Map.of("TABLE_NAME", table, "EVENT_BUS_NAME", events.bus().getEventBusName(),
                "ORIGINALS_BUCKET", storage.originals().getBucketName(),
                "DERIVATIVES_BUCKET", storage.derivatives().getBucketName());

        Integer concurrency = concurrency(getNode().tryGetContext("ingestConcurrency"));
        uploadTagging = new DamFunction(this, "UploadTagging", stage, withEnv(
                FunctionSpec.of(STEP_HANDLER, artifacts.jar("upload-tagging")).memoryMb(MEMORY_MB)
                        .reservedConcurrency(concurrency).timeout(Duration.minutes(3)), env));
        data.grantReadWrite(uploadTagging);
        storage.originals().grantRead(uploadTagging.function());
        storage.originals().grantDelete(uploadTagging.function()); // rejected content is not kept
        storage.derivatives().grantDelete(uploadTagging.function()); // renditions of quarantined versions
        events.grantPut(uploadTagging);
        uploadTagging.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("rekognition:DetectLabels", "rekognition:DetectFaces", "rekognition:DetectText"))
                .resources(List.of("*"))
                .build());
        Nag.suppress(uploadTagging.role(), "AwsSolutions-IAM5",
                "Rekognition Detect* on image bytes has no resource to scope to (AWS supports only '*'); "
                        + "S3 object grants are on the originals/derivatives buckets' objects only.",
                "Resource::*", "Action::s3:GetBucket*", "Action::s3:GetObject*", "Action::s3:List*",
                "Action::s3:DeleteObject*",
                "Resource::<" + logicalId(storage.originals()) + ".Arn>/*",
                "Resource::<" + logicalId(storage.derivatives()) + ".Arn>/*");

        rendition = new DamFunction(this, "Rendition", stage, withEnv(
                FunctionSpec.of(RENDITION_HANDLER, artifacts.jar("rendition")).memoryMb(MEMORY_MB)
                        .reservedConcurrency(concurrency).timeout(Duration.minutes(3)), env));
        data.grantReadWrite(rendition);
        storage.originals().grantRead(rendition.function());
        storage.derivatives().grantPut(rendition.function());
        Nag.suppress(rendition.role(), "AwsSolutions-IAM5",
                "Reads originals and writes renditions: object-level grants on the two buckets only.",
                "Action::s3:GetBucket*", "Action::s3:GetObject*", "Action::s3:List*", "Action::s3:Abort*",
                "Resource::<" + logicalId(storage.originals()) + ".Arn>/*",
                "Resource::<" + logicalId(storage.derivatives()) + ".Arn>/*");

        // Integrations: "Command Submit Version" on the bus → a version whose bytes are copied in from incoming/.
        submitVersion = new DamFunction(this, "SubmitVersion", stage, withEnv(
                // Measured peak 159 MB (dam.bench.MemoryReport); bytes are streamed (S3 copy or HTTPS → PUT), so
                // the file size does not add to it.
                FunctionSpec.of(SUBMIT_HANDLER, artifacts.jar("upload-tagging")).memoryMb(512)
                        .timeout(Duration.minutes(5)), env));
        data.grantReadWrite(submitVersion);
        events.grantPut(submitVersion);
        submitVersion.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:DeleteObject"))
                .resources(List.of(storage.originals().arnForObjects(INCOMING_PREFIX + "*")))
                .build());
        submitVersion.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject"))
                .resources(List.of(storage.originals().arnForObjects(ORIGINALS_PREFIX + "*")))
                .build());
        Nag.suppress(submitVersion.role(), "AwsSolutions-IAM5",
                "Reads and removes integration drops under incoming/, writes server-chosen keys under originals/.",
                "Resource::<" + logicalId(storage.originals()) + ".Arn>/" + INCOMING_PREFIX + "*",
                "Resource::<" + logicalId(storage.originals()) + ".Arn>/" + ORIGINALS_PREFIX + "*");
        events.route(this, "SubmitVersionRule", List.of("Command Submit Version"), submitVersion);

        LogGroup logs = LogGroup.Builder.create(this, "AssetIngestLogs")
                .retention(stage.logRetention())
                .removalPolicy(stage.removalPolicy())
                .build();
        stateMachine = StateMachine.Builder.create(this, "AssetIngest")
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromFile(definition.toString()))
                .definitionSubstitutions(Map.of(
                        "UploadTaggingFunctionArn", uploadTagging.target().getFunctionArn(),
                        "RenditionFunctionArn", rendition.target().getFunctionArn()))
                .timeout(Duration.hours(1))
                .tracingEnabled(true)
                .logs(LogOptions.builder().destination(logs).level(stage.stateMachineLogLevel())
                        .includeExecutionData(false).build())
                .build();
        uploadTagging.target().grantInvoke(stateMachine);
        rendition.target().grantInvoke(stateMachine);
        Nag.suppress(stateMachine.getRole(), "AwsSolutions-IAM5",
                "CloudWatch Logs vended log delivery (logs:CreateLogDelivery, PutResourcePolicy…) and X-Ray "
                        + "support only Resource '*' (Step Functions logging and tracing).",
                "Resource::*");

        // No bus given = the account's default bus, where S3 publishes (the originals bucket has EventBridge on).
        rule = Rule.Builder.create(this, "OriginalCreatedRule")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.s3"))
                        .detailType(List.of("Object Created"))
                        .detail(Map.of(
                                "bucket", Map.of("name", List.of(storage.originals().getBucketName())),
                                "object", Map.of("key", Match.prefix(ORIGINALS_PREFIX))))
                        .build())
                .build();
        rule.addTarget(SfnStateMachine.Builder.create(stateMachine)
                .deadLetterQueue(uploadTagging.deadLetterQueue())
                .retryAttempts(4)
                .maxEventAge(Duration.hours(2))
                .build());
    }

    /** Context value → reserved concurrency: default {@value #DEFAULT_CONCURRENCY}, 0 = none. */
    static Integer concurrency(Object context) {
        if (context == null) {
            return DEFAULT_CONCURRENCY;
        }
        try {
            int value = Integer.parseInt(context.toString().trim());
            if (value < 0) {
                throw new NumberFormatException("negative");
            }
            return value == 0 ? null : value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ingestConcurrency must be a whole number >= 0 (0 = no reservation), "
                    + "got '" + context + "'", e);
        }
    }

    private static FunctionSpec withEnv(FunctionSpec spec, Map<String, String> env) {
        FunctionSpec out = spec;
        for (var e : new java.util.TreeMap<>(env).entrySet()) {
            out = out.env(e.getKey(), e.getValue());
        }
        return out;
    }

    private static String logicalId(software.amazon.awscdk.services.s3.Bucket bucket) {
        var cfn = (software.amazon.awscdk.CfnElement) bucket.getNode().getDefaultChild();
        return software.amazon.awscdk.Stack.of(cfn).resolve(cfn.getLogicalId()).toString();
    }

    /** Routes of the upload, metadata and collection endpoints (served by the API function, JWT required). */
    public static final List<String> API_ROUTES = List.of("ANY /assets", "ANY /assets/{proxy+}",
            "ANY /collections", "ANY /collections/{proxy+}");

    /**
     * Serves the upload endpoints from the API function: its routes, the bucket names it presigns for, and the
     * grants the presigned URLs need. Returns this for chaining in the stack.
     */
    public Ingest serveUploads(Api api, Storage storage) {
        DamFunction fn = api.function();
        API_ROUTES.forEach(route -> api.addRoute(route, fn.target(), true));
        fn.function().addEnvironment("ORIGINALS_BUCKET", storage.originals().getBucketName());
        fn.function().addEnvironment("DERIVATIVES_BUCKET", storage.derivatives().getBucketName());
        grantUploads(fn, storage);
        return this;
    }

    /**
     * What a function that hands out upload URLs needs: presigned PUTs and multipart on the originals' objects.
     * Presigned URLs carry the signer's permissions, so this is all a browser can do with one.
     */
    public void grantUploads(DamFunction fn, Storage storage) {
        fn.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"))
                .resources(List.of(storage.originals().arnForObjects(ORIGINALS_PREFIX + "*")))
                .build());
        Nag.suppress(fn.role(), "AwsSolutions-IAM5",
                "Uploads go to server-chosen keys under originals/ (one object per asset version); the presigned "
                        + "URL fixes the exact key, type and length.",
                "Resource::<" + logicalId(storage.originals()) + ".Arn>/" + ORIGINALS_PREFIX + "*");
    }

    public DamFunction uploadTaggingFunction() {
        return uploadTagging;
    }

    public DamFunction submitVersionFunction() {
        return submitVersion;
    }

    public DamFunction renditionFunction() {
        return rendition;
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public Rule rule() {
        return rule;
    }
}
