package dam.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * Bulk resize/convert jobs (issue 8): {@code POST /bulk-jobs} on the API function writes the job's manifest under
 * {@value #PREFIX} in the derivatives bucket and starts {@code bulk-rendition}, a Distributed Map whose batches the
 * {@code Items} function (rendition jar, {@code BulkStepHandler}) renders into the downloads' cache
 * ({@value Library#DOWNLOADS}); its last step streams the result CSV and the ZIP back under {@value #PREFIX}.
 * Every grant is to these prefixes; the machine's own ARN is built from a fixed name (the function's alias is in the
 * definition, so a Ref back would be a cycle).
 */
public final class Bulk extends Construct {

    public static final String HANDLER = "dam.rendition.BulkStepHandler::handleRequest";
    public static final String DEFINITION = "statemachines/bulk-rendition.asl.json";
    public static final String PREFIX = "bulk/";
    /** Where the Distributed Map's ResultWriter puts its per-run result files. */
    public static final String RESULTS_PREFIX = "bulk-results/";
    public static final List<String> ROUTES = List.of("ANY /bulk-jobs", "ANY /bulk-jobs/{proxy+}");
    /** Batches rendered at once per job (the map's MaxConcurrency; -c bulkConcurrency=N). */
    public static final int DEFAULT_CONCURRENCY = 4;
    /** A batch of 25 items of 24 MP photos takes ~1 min; the finish streams up to 100,000 files into the ZIP. */
    static final int MEMORY_MB = 2048;

    private final DamFunction items;
    private final StateMachine stateMachine;

    public Bulk(Construct scope, String id, Stage stage, LambdaArtifacts artifacts, Data data, Events events,
                Storage storage, Api api, int concurrency) {
        super(scope, id);
        Path definition = artifacts.repoRoot().resolve(DEFINITION);
        if (!Files.isRegularFile(definition)) {
            throw new IllegalStateException("state machine definition " + definition + " is missing");
        }
        Bucket derivatives = storage.derivatives();
        items = new DamFunction(this, "Items", stage, FunctionSpec.of(HANDLER, artifacts.jar("rendition"))
                .memoryMb(MEMORY_MB).timeout(Duration.minutes(15))
                .env("TABLE_NAME", data.table().getTableName())
                .env("EVENT_BUS_NAME", events.bus().getEventBusName())
                .env("ORIGINALS_BUCKET", storage.originals().getBucketName())
                .env("DERIVATIVES_BUCKET", derivatives.getBucketName()));
        data.grantReadWrite(items); // job counters and item records; assets, versions, rights, focal points
        events.grantPut(items); // Bulk Job Progress / Completed
        items.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(storage.originals().arnForObjects(Ingest.ORIGINALS_PREFIX + "*")))
                .build());
        items.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"))
                .resources(List.of(derivatives.arnForObjects(Library.DOWNLOADS + "*"),
                        derivatives.arnForObjects(PREFIX + "*")))
                .build());
        // Without ListBucket S3 answers a HEAD of a missing key with 403 instead of 404 (the cache check needs 404).
        items.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(derivatives.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(Library.DOWNLOADS + "*"))))
                .build());
        items.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("rekognition:DetectFaces"))
                .resources(List.of("*"))
                .build());
        Nag.suppress(items.role(), "AwsSolutions-IAM5",
                "Bulk items read originals and read/write derivatives under downloads/ (the download cache) and bulk/ "
                        + "(manifests, results, ZIPs): server-chosen keys under fixed prefixes. Rekognition "
                        + "DetectFaces has no resource to scope to (AWS supports only '*').",
                "Resource::<" + logicalId(storage.originals()) + ".Arn>/" + Ingest.ORIGINALS_PREFIX + "*",
                "Resource::<" + logicalId(derivatives) + ".Arn>/" + Library.DOWNLOADS + "*",
                "Resource::<" + logicalId(derivatives) + ".Arn>/" + PREFIX + "*",
                "Resource::*");

        String machineName = Stack.of(this).getStackName() + "-BulkRendition";
        String machineArn = Stack.of(this).formatArn(ArnComponents.builder().service("states")
                .resource("stateMachine").resourceName(machineName).arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
        String executionsArn = Stack.of(this).formatArn(ArnComponents.builder().service("states")
                .resource("execution").resourceName(machineName + "/*").arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
        LogGroup logs = LogGroup.Builder.create(this, "BulkRenditionLogs")
                .retention(stage.logRetention())
                .removalPolicy(stage.removalPolicy())
                .build();
        stateMachine = StateMachine.Builder.create(this, "BulkRendition")
                .stateMachineName(machineName)
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromFile(definition.toString()))
                .definitionSubstitutions(Map.of(
                        "BulkFunctionArn", items.target().getFunctionArn(),
                        "DerivativesBucket", derivatives.getBucketName()))
                .timeout(Duration.hours(24))
                .tracingEnabled(true)
                .logs(LogOptions.builder().destination(logs).level(stage.stateMachineLogLevel())
                        .includeExecutionData(false).build())
                .build();
        items.target().grantInvoke(stateMachine);
        // Distributed Map: the ItemReader reads the manifest, the ResultWriter writes the run's results, and the
        // map runs its batches as child executions of this machine.
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(derivatives.arnForObjects(PREFIX + "*")))
                .build());
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"))
                .resources(List.of(derivatives.arnForObjects(RESULTS_PREFIX + "*")))
                .build());
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("states:StartExecution"))
                .resources(List.of(machineArn))
                .build());
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("states:DescribeExecution", "states:StopExecution"))
                .resources(List.of(executionsArn))
                .build());
        Nag.suppress(stateMachine.getRole(), "AwsSolutions-IAM5",
                "Distributed Map: reads manifests under bulk/, writes results under bulk-results/, manages its own "
                        + "child executions (execution:<machine>/*); invokes the Items function's live alias "
                        + "(versions of one function); CloudWatch Logs vended delivery and X-Ray support only '*'.",
                "Resource::<" + logicalId(derivatives) + ".Arn>/" + PREFIX + "*",
                "Resource::<" + logicalId(derivatives) + ".Arn>/" + RESULTS_PREFIX + "*",
                "Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:"
                        + Stack.of(this).getStackName() + "-BulkRendition/*",
                "Resource::<" + logicalId(items) + ".Arn>:*",
                "Resource::*");

        // The API creates jobs: writes manifests, starts runs, presigns results.
        DamFunction fn = api.function();
        fn.function().addEnvironment("BULK_STATE_MACHINE_ARN", machineArn);
        fn.function().addEnvironment("BULK_CONCURRENCY", Integer.toString(concurrency));
        fn.function().addEnvironment("DERIVATIVES_BUCKET", derivatives.getBucketName());
        fn.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("states:StartExecution"))
                .resources(List.of(machineArn))
                .build());
        fn.function().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"))
                .resources(List.of(derivatives.arnForObjects(PREFIX + "*")))
                .build());
        Nag.suppress(fn.role(), "AwsSolutions-IAM5",
                "Bulk jobs: the API writes a job's manifest under bulk/ and presigns its result and ZIP there "
                        + "(server-chosen keys).",
                "Resource::<" + logicalId(derivatives) + ".Arn>/" + PREFIX + "*");
        ROUTES.forEach(route -> api.addRoute(route, fn.target(), true));
    }

    public DamFunction itemsFunction() {
        return items;
    }

    public StateMachine stateMachine() {
        return stateMachine;
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
